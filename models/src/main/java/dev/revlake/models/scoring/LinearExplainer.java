package dev.revlake.models.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.VariableInfo;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;

import dev.revlake.models.features.FeatureIds;
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
    /** Per feature id: the transformers that standardize it, in the order Tribuo applies them. */
    private final Transformer[][] standardizers;
    /** The spec's columns by name: the order ties between equal contributions keep. */
    private final String[] columns;
    /** Per numeric and per categorical column (spec order): its slot in {@link #columns}. */
    private final int[] numericSlot;
    private final int[] categoricalSlot;
    private final FeatureIds ids;
    /** Per slot: the column's index among the spec's numeric or categorical columns, -1 in the other. */
    private final int[] numericOfSlot;
    private final int[] categoricalOfSlot;
    /** Per slot: the average contribution of the column's indicator features over the training rows. */
    private final double[] averageIndicatorContribution;
    /** Per slot: whether the column has indicator features, so an absent one still explains. */
    private final boolean[] hasIndicators;

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
        ImmutableFeatureMap featureIds = linear.getFeatureIDMap();
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
        // Every name is resolved here, once: per row, scoring only indexes arrays and looks a
        // category's value up (Tribuo's path builds, sorts and transforms a copy of the example and
        // looks every feature name up again: 1,778 of 14,009 samples of a 100k re-score).
        this.columns = spec.columns().stream().sorted().toArray(String[]::new);
        List<String> byName = List.of(columns);
        this.standardizers = new Transformer[featureIds.size()][];
        this.ids = new FeatureIds(spec, featureIds);
        this.numericSlot = spec.numeric().stream().mapToInt(byName::indexOf).toArray();
        this.categoricalSlot = spec.categorical().stream().mapToInt(byName::indexOf).toArray();
        this.numericOfSlot = new int[columns.length];
        this.categoricalOfSlot = new int[columns.length];
        for (int slot = 0; slot < columns.length; slot++) {
            numericOfSlot[slot] = spec.numeric().indexOf(columns[slot]);
            categoricalOfSlot[slot] = spec.categorical().indexOf(columns[slot]);
        }
        this.averageIndicatorContribution = new double[columns.length];
        this.hasIndicators = new boolean[columns.length];
        double rows = Math.max(1, linear.getOutputIDInfo().getTotalObservations());
        TransformerMap transformers = transformed.getTransformerMap();
        for (VariableInfo info : featureIds) {
            String name = info.getName();
            int id = featureIds.getID(name);
            List<Transformer> list = transformers.get(name);
            standardizers[id] = list == null ? new Transformer[0] : list.toArray(Transformer[]::new);
            int slot = byName.indexOf(FeatureSpec.columnOf(name));
            if (slot >= 0 && (name.indexOf('=') > 0 || name.endsWith(FeatureSpec.MISSING_SUFFIX))) {
                averageIndicatorContribution[slot] += coefficients[id] * info.getCount() / rows;
                hasIndicators[slot] = true;
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
     * was present, so a common category explains nothing and a rare one stands out. Columns in name
     * order; a column the model knows nothing of for this row is left out.
     */
    public Map<String, Double> contributions(FeatureVector vector) {
        double[] bySlot = new double[columns.length];
        boolean[] known = contributionsBySlot(vector, bySlot);
        Map<String, Double> byColumn = new LinkedHashMap<>();
        for (int slot = 0; slot < columns.length; slot++) {
            if (known[slot]) {
                byColumn.put(columns[slot], bySlot[slot]);
            }
        }
        return byColumn;
    }

    /**
     * The strongest {@code positives} raising and {@code negatives} lowering factors of a row; equal
     * contributions keep the columns' name order.
     */
    public Explanation explain(FeatureVector vector, int positives, int negatives) {
        double[] bySlot = new double[columns.length];
        boolean[] known = contributionsBySlot(vector, bySlot);
        // Only the kept few are ranked and phrased: a row has dozens of factors, its reasons are a handful.
        return new Explanation(reasons(strongest(bySlot, known, positives, 1.0), bySlot, vector),
                reasons(strongest(bySlot, known, negatives, -1.0), bySlot, vector));
    }

    /**
     * The slots of the {@code limit} contributions of {@code sign} largest in size, strongest first;
     * of equal ones, the lower slot first. A selection, not a sort: {@code limit} is small.
     */
    private static int[] strongest(double[] bySlot, boolean[] known, int limit, double sign) {
        int[] kept = new int[Math.max(0, Math.min(limit, bySlot.length))];
        int count = 0;
        for (int slot = 0; slot < bySlot.length; slot++) {
            double c = bySlot[slot] * sign;
            if (!known[slot] || !(c > 0.0) || !Double.isFinite(c)) {
                continue;
            }
            int at = count;
            while (at > 0 && c > bySlot[kept[at - 1]] * sign) {
                at--;
            }
            if (at < kept.length) {
                int moved = Math.min(count, kept.length - 1) - at;
                System.arraycopy(kept, at, kept, at + 1, moved);
                kept[at] = slot;
                count = Math.min(count + 1, kept.length);
            }
        }
        return java.util.Arrays.copyOf(kept, count);
    }

    /** Fills {@code bySlot} with each column's contribution; returns which columns have one. */
    private boolean[] contributionsBySlot(FeatureVector vector, double[] bySlot) {
        spec.checkShape(vector);
        boolean[] known = hasIndicators.clone();
        double[] numeric = vector.numeric();
        for (int i = 0; i < numeric.length; i++) {
            int id = ids.numericFeature(i, numeric[i]);
            if (id >= 0) {
                bySlot[numericSlot[i]] = standardizedContribution(id, FeatureSpec.numericFeatureValue(numeric[i]));
                known[numericSlot[i]] = true;
            }
        }
        String[] categorical = vector.categorical();
        for (int i = 0; i < categorical.length; i++) {
            int id = ids.categoricalFeature(i, categorical[i]);
            if (id >= 0) {
                bySlot[categoricalSlot[i]] = standardizedContribution(id, 1.0);
                known[categoricalSlot[i]] = true;
            }
        }
        for (int slot = 0; slot < bySlot.length; slot++) {
            bySlot[slot] -= averageIndicatorContribution[slot];
        }
        return known;
    }

    private double standardizedContribution(int id, double value) {
        double v = value;
        for (Transformer t : standardizers[id]) {
            v = t.transform(v);
        }
        return coefficients[id] * v;
    }

    private List<Reason> reasons(int[] slots, double[] bySlot, FeatureVector vector) {
        List<Reason> reasons = new ArrayList<>(slots.length);
        for (int slot : slots) {
            reasons.add(new Reason(columns[slot], phrase(slot, vector), bySlot[slot]));
        }
        return reasons;
    }

    private String phrase(int slot, FeatureVector vector) {
        String column = columns[slot];
        int n = numericOfSlot[slot];
        if (n >= 0) {
            return ReasonPhrases.numeric(column, vector.numeric()[n], spec.booleans().contains(column));
        }
        return ReasonPhrases.categorical(column, vector.categorical()[categoricalOfSlot[slot]]);
    }

}
