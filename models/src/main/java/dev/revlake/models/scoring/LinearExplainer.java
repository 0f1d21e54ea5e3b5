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
        for (org.tribuo.VariableInfo info : featureIds) {
            String name = info.getName();
            if (name.contains("=") || name.endsWith(FeatureSpec.MISSING_SUFFIX)) {
                averageIndicatorContribution.merge(FeatureSpec.columnOf(name),
                        coefficients[featureIds.getID(name)] * info.getCount() / rows, Double::sum);
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
                byColumn.merge(FeatureSpec.columnOf(f.getName()), coefficients[id] * f.getValue(), Double::sum);
            }
        }
        averageIndicatorContribution.forEach((column, average) -> byColumn.merge(column, -average, Double::sum));
        return byColumn;
    }

    /** The strongest {@code positives} raising and {@code negatives} lowering factors of a row. */
    public Explanation explain(FeatureVector vector, Example<T> example, int positives, int negatives) {
        List<Reason> reasons = new ArrayList<>();
        contributions(example).forEach((column, c) -> {
            if (c != 0.0 && Double.isFinite(c)) {
                reasons.add(new Reason(column, phrase(column, vector), c));
            }
        });
        List<Reason> up = reasons.stream().filter(r -> r.contribution() > 0)
                .sorted(Comparator.comparingDouble(Reason::contribution).reversed()).limit(positives).toList();
        List<Reason> down = reasons.stream().filter(r -> r.contribution() < 0)
                .sorted(Comparator.comparingDouble(Reason::contribution)).limit(negatives).toList();
        return new Explanation(up, down);
    }

    private String phrase(String column, FeatureVector vector) {
        int n = spec.numericIndex(column);
        if (n >= 0) {
            return ReasonPhrases.numeric(column, vector.numeric()[n], spec.booleans().contains(column));
        }
        return ReasonPhrases.categorical(column, vector.categorical()[spec.categorical().indexOf(column)]);
    }
}
