package dev.revlake.models.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;

/**
 * Which columns a model reads and how they become Tribuo features. A numeric or boolean column is
 * one feature named after the column (a missing value becomes the indicator
 * {@code <column>#missing} instead, so "never clicked" is not read as "clicked 0 days ago"); a
 * categorical column becomes one indicator {@code <column>=<value>} per value. Saved with every
 * model, so scoring reads exactly the columns training read.
 *
 * @param numeric numeric columns, in feature-vector order
 * @param booleans the subset of {@code numeric} that holds true/false (for wording reasons)
 * @param categorical categorical columns, in feature-vector order
 */
public record FeatureSpec(List<String> numeric, Set<String> booleans, List<String> categorical) {

    /** Suffix of the indicator feature of a missing numeric value. */
    public static final String MISSING_SUFFIX = "#missing";
    /** Value used for a missing categorical value. */
    public static final String MISSING_CATEGORY = "(missing)";

    public FeatureSpec {
        numeric = List.copyOf(numeric);
        booleans = Set.copyOf(booleans);
        categorical = List.copyOf(categorical);
        if (numeric.isEmpty() && categorical.isEmpty()) {
            throw new IllegalArgumentException("Invalid feature spec: no feature columns");
        }
        Set<String> seen = new java.util.HashSet<>();
        for (String c : concat(numeric, categorical)) {
            if (c == null || c.isBlank() || c.contains("=") || c.contains("#")) {
                throw new IllegalArgumentException("Invalid feature column name: " + c);
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("Invalid feature spec: column " + c + " listed twice");
            }
        }
        if (!numeric.containsAll(booleans)) {
            throw new IllegalArgumentException("Invalid feature spec: boolean columns must be numeric: " + booleans);
        }
    }

    /**
     * The spec of a table: every numeric, boolean and categorical column except {@code excluded}
     * (ids, times, labels and anything that would leak the outcome).
     */
    public static FeatureSpec infer(Map<String, ColumnType> columns, Collection<String> excluded) {
        List<String> numeric = new ArrayList<>();
        List<String> booleans = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        columns.forEach((name, type) -> {
            if (excluded.contains(name)) {
                return;
            }
            switch (type) {
                case NUMERIC -> numeric.add(name);
                case BOOLEAN -> {
                    numeric.add(name);
                    booleans.add(name);
                }
                case CATEGORICAL -> categorical.add(name);
                case IGNORED -> { }
            }
        });
        return new FeatureSpec(numeric, Set.copyOf(booleans), categorical);
    }

    /** Every column the spec reads. */
    public List<String> columns() {
        return concat(numeric, categorical);
    }

    /** The position of a numeric column in {@link FeatureVector#numeric()}, or -1. */
    public int numericIndex(String column) {
        return numeric.indexOf(column);
    }

    /**
     * The feature vector of plain Java values by column name: numbers, booleans, strings or
     * {@code null}. Columns absent from the map are missing; extra keys are ignored.
     *
     * @throws IllegalArgumentException for a value of the wrong type, naming the column
     */
    public FeatureVector vector(Map<String, ?> values) {
        double[] n = new double[numeric.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = toDouble(numeric.get(i), values.get(numeric.get(i)));
        }
        String[] c = new String[categorical.size()];
        for (int i = 0; i < c.length; i++) {
            Object v = values.get(categorical.get(i));
            c[i] = v == null ? null : v.toString();
        }
        return new FeatureVector(n, c);
    }

    /** The Tribuo example of a vector, with its output (the label, or the factory's unknown output) and weight. */
    public <T extends Output<T>> Example<T> example(FeatureVector vector, T output, float weight) {
        checkShape(vector);
        String[] names = new String[numeric.size() + categorical.size()];
        double[] values = new double[names.length];
        for (int i = 0; i < numeric.size(); i++) {
            double v = vector.numeric()[i];
            names[i] = Double.isNaN(v) ? numeric.get(i) + MISSING_SUFFIX : numeric.get(i);
            values[i] = numericFeatureValue(v);
        }
        int offset = numeric.size();
        for (int i = 0; i < categorical.size(); i++) {
            String v = vector.categorical()[i];
            names[offset + i] = categorical.get(i) + "=" + (v == null ? MISSING_CATEGORY : v);
            values[offset + i] = 1.0;
        }
        ArrayExample<T> example = new ArrayExample<>(output, names, values);
        example.setWeight(weight);
        return example;
    }

    /**
     * The value a numeric column's feature carries: the column's value, or 1 for its missing
     * indicator when the value is {@code NaN}. Every encoder of vectors (Tribuo examples, XGBoost
     * matrices, the explainer) follows this one rule.
     */
    public static double numericFeatureValue(double value) {
        return Double.isNaN(value) ? 1.0 : value;
    }

    /** The source column of a Tribuo feature name made by {@link #example}. */
    public static String columnOf(String featureName) {
        int eq = featureName.indexOf('=');
        if (eq > 0) {
            return featureName.substring(0, eq);
        }
        return featureName.endsWith(MISSING_SUFFIX)
                ? featureName.substring(0, featureName.length() - MISSING_SUFFIX.length()) : featureName;
    }

    /** A JSON-friendly form, read back by {@link #fromMap}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("numeric", numeric);
        m.put("booleans", booleans.stream().sorted().toList());
        m.put("categorical", categorical);
        return m;
    }

    /** Reads the form written by {@link #toMap}. */
    @SuppressWarnings("unchecked")
    public static FeatureSpec fromMap(Map<String, ?> map) {
        return new FeatureSpec((List<String>) map.get("numeric"), Set.copyOf((List<String>) map.get("booleans")),
                (List<String>) map.get("categorical"));
    }

    /**
     * Checks that a vector has one value per column of this spec.
     *
     * @throws IllegalArgumentException naming both shapes when it does not
     */
    public void checkShape(FeatureVector vector) {
        if (vector.numeric().length != numeric.size() || vector.categorical().length != categorical.size()) {
            throw new IllegalArgumentException(String.format("Invalid feature vector: %d numeric and %d categorical"
                    + " values for a spec of %d and %d", vector.numeric().length, vector.categorical().length,
                    numeric.size(), categorical.size()));
        }
    }

    private static double toDouble(String column, Object value) {
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("Invalid value for numeric column " + column + ": a "
                + value.getClass().getSimpleName());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
