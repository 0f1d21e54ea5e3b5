package dev.revlake.train;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import dev.revlake.models.features.ColumnType;
import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;
import dev.revlake.models.training.LabeledRow;

/**
 * Turns a Spark table into the plain rows the {@code models} module trains on. The table is
 * sampled on the cluster to a row budget before anything reaches the driver: every positive is kept
 * while they fit in half the budget, negatives are sampled at the rate that fills the rest, and
 * each kept row carries the weight 1 / its sampling rate, so metrics and class weights still
 * describe the whole table. {@link #DEFAULT_MAX_ROWS} rows of about 80 features take roughly
 * 200 MB of driver heap while training (feature vectors plus Tribuo's examples).
 */
public final class TrainingSets {

    /** Default row budget of one training set. */
    public static final int DEFAULT_MAX_ROWS = 250_000;
    /** Name of the label column in a prepared set. */
    public static final String LABEL = "_label";
    /** Name of the weight column in a prepared set. */
    public static final String WEIGHT = "_weight";
    /** Name of the oracle column in a prepared set (true probability, when known). */
    public static final String ORACLE = "_oracle";

    private TrainingSets() {
    }

    /** How each Spark column becomes features. */
    public static Map<String, ColumnType> columnTypes(StructType schema) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            types.put(f.name(), typeOf(f.dataType()));
        }
        return types;
    }

    /** The feature spec of a table: every usable column but the excluded ones. */
    public static FeatureSpec spec(StructType schema, Collection<String> excluded) {
        return FeatureSpec.infer(columnTypes(schema), excluded);
    }

    /**
     * Samples a prepared table (with a {@link #LABEL} column) to {@code maxRows}; binary labels are
     * stratified, other labels sampled uniformly. Adds {@link #WEIGHT}.
     */
    public static Sample sample(Dataset<Row> prepared, boolean binary, int maxRows, long seed) {
        if (maxRows < 100) {
            throw new IllegalArgumentException("Invalid row budget: " + maxRows + " (at least 100)");
        }
        if (!binary) {
            long total = prepared.count();
            double rate = Math.min(1.0, (double) maxRows / Math.max(1, total));
            Dataset<Row> kept = rate < 1.0 ? prepared.sample(false, rate, seed) : prepared;
            return new Sample(kept.withColumn(WEIGHT, org.apache.spark.sql.functions.lit(1.0 / rate)), total, 0, rate,
                    rate);
        }
        Map<Boolean, Long> counts = new LinkedHashMap<>();
        for (Row r : prepared.groupBy(LABEL).count().collectAsList()) {
            counts.put(r.getBoolean(0), r.getLong(1));
        }
        long positives = counts.getOrDefault(true, 0L);
        long negatives = counts.getOrDefault(false, 0L);
        double positiveRate = Math.min(1.0, 0.5 * maxRows / Math.max(1, positives));
        double negativeRate = Math.min(1.0, (maxRows - positiveRate * positives) / Math.max(1, negatives));
        Dataset<Row> kept = positiveRate < 1.0 || negativeRate < 1.0
                ? prepared.stat().sampleBy(LABEL, Map.of(true, positiveRate, false, negativeRate), seed)
                : prepared;
        Dataset<Row> weighted = kept.withColumn(WEIGHT, org.apache.spark.sql.functions
                .when(col(LABEL), 1.0 / positiveRate).otherwise(1.0 / negativeRate));
        return new Sample(weighted, positives + negatives, positives, positiveRate, negativeRate);
    }

    /**
     * Collects a sampled set to the driver, one row at a time (never the whole table at once).
     *
     * @param idColumn the entity id column
     * @param timeColumn the snapshot date column (date, timestamp or yyyy-MM-dd text)
     */
    public static List<LabeledRow> collect(Dataset<Row> sampled, FeatureSpec spec, String idColumn,
            String timeColumn) {
        StructType schema = sampled.schema();
        RowVectors vectors = new RowVectors(schema, spec);
        int id = schema.fieldIndex(idColumn);
        int time = schema.fieldIndex(timeColumn);
        int label = schema.fieldIndex(LABEL);
        int weight = schema.fieldIndex(WEIGHT);
        int oracle = List.of(schema.fieldNames()).contains(ORACLE) ? schema.fieldIndex(ORACLE) : -1;
        List<LabeledRow> rows = new ArrayList<>();
        Iterator<Row> it = sampled.toLocalIterator();
        while (it.hasNext()) {
            Row r = it.next();
            Object l = r.get(label);
            double labelValue = l instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) l).doubleValue();
            double oracleValue = oracle < 0 || r.isNullAt(oracle) ? Double.NaN : r.getDouble(oracle);
            rows.add(new LabeledRow(String.valueOf(r.get(id)), toDate(r.get(time), timeColumn),
                    vectors.vector(r), labelValue, r.getDouble(weight), oracleValue));
        }
        return rows;
    }

    /** A date from a Spark value of a date, timestamp or text column. */
    static LocalDate toDate(Object value, String column) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof Date d) {
            return d.toLocalDate();
        }
        if (value instanceof Instant i) {
            return i.atZone(ZoneOffset.UTC).toLocalDate();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        throw new IllegalArgumentException("Invalid time value in column " + column + ": "
                + (value == null ? "null" : "a " + value.getClass().getSimpleName()));
    }

    private static ColumnType typeOf(DataType type) {
        if (type instanceof BooleanType) {
            return ColumnType.BOOLEAN;
        }
        if (type instanceof NumericType) {
            return ColumnType.NUMERIC;
        }
        return type instanceof StringType ? ColumnType.CATEGORICAL : ColumnType.IGNORED;
    }

    /**
     * A sampled training set.
     *
     * @param rows the kept rows with {@link #WEIGHT}
     * @param totalRows rows before sampling
     * @param totalPositives positives before sampling (0 for a regression)
     * @param positiveRate sampling rate of positives (of every row for a regression)
     * @param negativeRate sampling rate of negatives
     */
    public record Sample(Dataset<Row> rows, long totalRows, long totalPositives, double positiveRate,
            double negativeRate) {

        /** For reports and the manifest. */
        public Map<String, Object> describe(int maxRows, long keptRows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("max_rows", maxRows);
            m.put("rows_before_sampling", totalRows);
            m.put("positives_before_sampling", totalPositives);
            m.put("rows_kept", keptRows);
            m.put("positive_sampling_rate", positiveRate);
            m.put("negative_sampling_rate", negativeRate);
            m.put("weights", "each kept row weighs 1 / its sampling rate");
            return m;
        }
    }
}
