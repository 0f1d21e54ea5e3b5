package dev.revlake.train;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;

/**
 * Reads feature vectors straight out of Spark rows by field position, in a model's own column
 * order: the one conversion used both to train (collected rows) and to score (rows of a
 * partition), so a model always sees its features the way it was trained. Booleans become 1/0,
 * nulls become NaN (numeric) or a missing category.
 */
public final class RowVectors implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] numeric;
    private final int[] categorical;

    /**
     * @throws IllegalArgumentException when the schema lacks a column the spec reads, naming it
     */
    public RowVectors(StructType schema, FeatureSpec spec) {
        this.numeric = indexes(schema, spec.numeric());
        this.categorical = indexes(schema, spec.categorical());
    }

    /** The vector of one row. */
    public FeatureVector vector(Row r) {
        double[] n = new double[numeric.length];
        for (int i = 0; i < n.length; i++) {
            Object v = r.get(numeric[i]);
            n[i] = v == null ? Double.NaN : v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue();
        }
        String[] c = new String[categorical.length];
        for (int i = 0; i < c.length; i++) {
            Object v = r.get(categorical[i]);
            c[i] = v == null ? null : v.toString();
        }
        return new FeatureVector(n, c);
    }

    private static int[] indexes(StructType schema, List<String> columns) {
        List<String> have = List.of(schema.fieldNames());
        int[] out = new int[columns.size()];
        for (int i = 0; i < out.length; i++) {
            int at = have.indexOf(columns.get(i));
            if (at < 0) {
                throw new IllegalArgumentException("The model reads column " + columns.get(i)
                        + ", which the input does not have");
            }
            out[i] = at;
        }
        return out;
    }
}
