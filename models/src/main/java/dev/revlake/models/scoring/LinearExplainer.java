package dev.revlake.models.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.transform.TransformedModel;

import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;

/**
 * Reasons from a standardized linear model: a feature's contribution is its coefficient times its
 * standardized value, i.e. how far this row's value moves the log-odds (or the target) from an
 * average row's. Contributions of a column's indicator features add up to the column's.
 *
 * @param <T> the output type
 */
public final class LinearExplainer<T extends Output<T>> {

    private final TransformedModel<T> model;
    private final FeatureSpec spec;
    private final double[] coefficients;
    private final ImmutableFeatureMap featureIds;
    /** Per feature id: the source column it belongs to (resolved once, not once per row). */
    private final String[] columnOfFeature;
    /** Per column: the average contribution of its indicator features over the training rows. */
    private final Map<String, Double> averageIndicatorContribution = new java.util.HashMap<>();

    /**
     * @param model a {@link TransformedModel} around a Tribuo linear SGD model
     * @param spec the spec the model was trained with
     * @param positiveOutput for a two-class model, the class whose log-odds the reasons explain;
     *        {@code null} for a regression
     */
    @SuppressWarnings("unchecked")
    public LinearExplainer(Model<T> model, FeatureSpec spec, T positiveOutput) {
        if (!(model instanceof TransformedModel<T> transformed)
                || !(transformed.getInnerModel() instanceof AbstractLinearSGDModel<?>)) {
            throw new IllegalArgumentException("Invalid explainer model: a standardized linear model is needed, got "
                    + model.getClass().getSimpleName());
        }
        AbstractLinearSGDModel<T> linear = (AbstractLinearSGDModel<T>) transformed.getInnerModel();
        this.model = transformed;
        this.spec = spec;
        this.featureIds = linear.getFeatureIDMap();
        DenseMatrix weights = linear.getWeightsCopy();
        this.coefficients = new double[featureIds.size()];
        if (positiveOutput == null) {
            for (int j = 0; j < coefficients.length; j++) {
                coefficients[j] = weights.get(0, j);
            }
        } else {
            int positive = linear.getOutputIDInfo().getID(positiveOutput);
            int negative = 1 - positive;
            for (int j = 0; j < coefficients.length; j++) {
                coefficients[j] = weights.get(positive, j) - weights.get(negative, j);
            }
        }
        double rows = Math.max(1, linear.getOutputIDInfo().getTotalObservations());
        this.columnOfFeature = new String[featureIds.size()];
        for (org.tribuo.VariableInfo info : featureIds) {
            String name = info.getName();
            int id = featureIds.getID(name);
            columnOfFeature[id] = FeatureSpec.columnOf(name);
            if (name.contains("=") || name.endsWith(FeatureSpec.MISSING_SUFFIX)) {
                averageIndicatorContribution.merge(columnOfFeature[id], coefficients[id] * info.getCount() / rows,
                        Double::sum);
            }
        }
    }

    /** The model explained (for saving). */
    public Model<T> model() {
        return model;
    }

    /**
     * Contribution per source column against the average training row: standardized numbers are 0
     * on average already; an indicator (a category, a missing value) is compared with how often it
     * was present, so a common category explains nothing and a rare one stands out.
     */
    public Map<String, Double> contributions(Example<T> example) {
        Example<T> standardized = model.getTransformerMap().transformExample(example);
        Map<String, Double> byColumn = new LinkedHashMap<>();
        for (Feature f : standardized) {
            int id = featureIds.getID(f.getName());
            if (id >= 0) {
                byColumn.merge(columnOfFeature[id], coefficients[id] * f.getValue(), Double::sum);
            }
        }
        averageIndicatorContribution.forEach((column, average) -> byColumn.merge(column, -average, Double::sum));
        return byColumn;
    }

    /** The strongest {@code positives} raising and {@code negatives} lowering factors of a row. */
    public Explanation explain(FeatureVector vector, Example<T> example, int positives, int negatives) {
        List<Map.Entry<String, Double>> factors = new ArrayList<>();
        contributions(example).forEach((column, c) -> {
            if (c != 0.0 && Double.isFinite(c)) {
                factors.add(Map.entry(column, c));
            }
        });
        // Ranked before they are phrased: a row has dozens of factors, its reasons are a handful.
        List<Reason> up = factors.stream().filter(e -> e.getValue() > 0)
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> e.getValue()).reversed())
                .limit(positives).map(e -> reason(e, vector)).toList();
        List<Reason> down = factors.stream().filter(e -> e.getValue() < 0)
                .sorted(Comparator.comparingDouble(Map.Entry::getValue))
                .limit(negatives).map(e -> reason(e, vector)).toList();
        return new Explanation(up, down);
    }

    private Reason reason(Map.Entry<String, Double> factor, FeatureVector vector) {
        return new Reason(factor.getKey(), phrase(factor.getKey(), vector), factor.getValue());
    }

    private String phrase(String column, FeatureVector vector) {
        int n = spec.numericIndex(column);
        if (n >= 0) {
            return ReasonPhrases.numeric(column, vector.numeric()[n], spec.booleans().contains(column));
        }
        return ReasonPhrases.categorical(column, vector.categorical()[spec.categorical().indexOf(column)]);
    }
}
