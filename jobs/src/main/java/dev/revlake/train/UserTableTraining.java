package dev.revlake.train;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;

import dev.revlake.models.ModelDefinition;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.models.training.Baseline;
import dev.revlake.models.training.TrainingDataException;
import dev.revlake.models.training.TrainingSettings;

/**
 * Bring your own data: trains and evaluates a conversion model on a table a user already has (a
 * Delta folder, Parquet, or CSV with a header), exactly as RevLake trains on gold — time-ordered
 * split, candidates, calibration, report, registry. The label is a column (true/false, yes/no,
 * 1/0) or, with {@code positives}, membership of the row's id in a second table (e.g. a list of
 * closed deals). Rows without a label or a time are counted and reported, never silently dropped;
 * text that is neither is an error naming the column and a bad value.
 */
public final class UserTableTraining {

    /** The label column built from a positives table. */
    public static final String POSITIVE_LABEL = "is_positive";
    private static final String ROW_ID = "row_id";
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "y", "1", "1.0", "t");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "n", "0", "0.0", "f");

    private UserTableTraining() {
    }

    /**
     * What to train on.
     *
     * @param features the table (path or URI)
     * @param label the label column, or {@code null} when {@code positives} is given
     * @param time the date column the split uses
     * @param id the id column, or {@code null} (row numbers are used)
     * @param positives a table whose {@code positivesKey} values are the positive ids, or {@code null}
     * @param positivesKey the key column in {@code positives} (defaults to {@code id})
     * @param name the registry name of the model
     * @param baselineColumn a numeric column holding the user's current score, or {@code null}
     */
    public record Request(String features, String label, String time, String id, String positives,
            String positivesKey, String name, String baselineColumn) {

        public Request {
            if ((label == null) == (positives == null)) {
                throw new IllegalArgumentException("Give either a label column (--label) or a positives table"
                        + " (--positives), not both or neither");
            }
            if (positives != null && id == null) {
                throw new IllegalArgumentException("A positives table needs the id column (--id) to match rows");
            }
            if (time == null) {
                throw new IllegalArgumentException("The time column (--time) is required: the split is by time");
            }
        }
    }

    /**
     * The outcome with the rows left out.
     *
     * @param outcome the training outcome (trained, or refused with its reason)
     * @param rowsRead rows in the table
     * @param rowsWithoutLabel rows left out because their label is empty
     * @param rowsWithoutTime rows left out because their time is empty
     */
    public record Result(ModelRunOutcome outcome, long rowsRead, long rowsWithoutLabel, long rowsWithoutTime) {
    }

    /** Reads, checks, trains, registers. */
    public static Result run(SparkSession spark, Request request, ModelRegistry registry, int maxRows,
            TrainingSettings settings, String runId) {
        Dataset<Row> table = read(spark, request.features());
        requireColumn(table, request.time(), "time");
        if (request.label() != null) {
            requireColumn(table, request.label(), "label");
        }
        String id = request.id() == null ? ROW_ID : request.id();
        if (request.id() == null) {
            table = table.withColumn(ROW_ID, monotonically_increasing_id().cast("string"));
        } else {
            requireColumn(table, request.id(), "id");
        }
        String label;
        if (request.positives() != null) {
            String key = request.positivesKey() == null ? request.id() : request.positivesKey();
            Dataset<Row> positives = read(spark, request.positives());
            requireColumn(positives, key, "positives key");
            Dataset<Row> keys = positives.select(col(key).cast("string").as("_positive_id")).distinct()
                    .withColumn("_hit", lit(true));
            table = table.join(keys, table.col(id).cast("string").equalTo(keys.col("_positive_id")), "left")
                    .withColumn(POSITIVE_LABEL, coalesce(col("_hit"), lit(false))).drop("_positive_id", "_hit");
            label = POSITIVE_LABEL;
        } else {
            label = request.label();
            table = table.withColumn(label, booleanLabel(table, label));
        }
        if (request.baselineColumn() != null) {
            requireColumn(table, request.baselineColumn(), "baseline");
        }
        table = table.withColumn(request.time(), date(table, request.time()));
        // One pass for the three counts the user is shown.
        Row counts = table.agg(org.apache.spark.sql.functions.count(lit(1)),
                org.apache.spark.sql.functions.count(when(col(label).isNull(), lit(1))),
                org.apache.spark.sql.functions.count(when(col(request.time()).isNull(), lit(1)))).first();
        long rowsRead = counts.getLong(0);
        long withoutLabel = counts.getLong(1);
        long withoutTime = counts.getLong(2);

        List<String> excluded = new ArrayList<>(List.of(id, request.time(), label));
        if (request.label() != null && request.positives() == null) {
            excluded.add(request.label());
        }
        ModelDefinition definition = new ModelDefinition(request.name(), ModelDefinition.Kind.PROBABILITY,
                request.features(), id, request.time(), label,
                "`" + label + "` IS NOT NULL AND `" + request.time() + "` IS NOT NULL", Set.copyOf(excluded),
                request.baselineColumn() == null ? null : new Baseline("user_score", request.baselineColumn(), 1.0,
                        false, "the column " + request.baselineColumn() + " of the user's table"), 0);
        ModelRunOutcome outcome = TrainingRun.train(definition, table, request.features(), null, null, registry,
                maxRows, settings, runId);
        return new Result(outcome, rowsRead, withoutLabel, withoutTime);
    }

    /** A Delta folder, Parquet files or a CSV file with a header. */
    static Dataset<Row> read(SparkSession spark, String location) {
        Path path = new Path(location);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(path)) {
                throw new IllegalArgumentException("No such file or folder: " + location);
            }
            if (fs.exists(new Path(path, "_delta_log"))) {
                return spark.read().format("delta").load(location);
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Cannot read " + location + ": " + e.getMessage(), e);
        }
        String lower = location.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return spark.read().option("header", "true").option("inferSchema", "true").option("mode", "FAILFAST")
                    .csv(location);
        }
        if (lower.endsWith(".parquet") || !lower.contains(".")) {
            return spark.read().parquet(location);
        }
        throw new IllegalArgumentException("Cannot tell the format of " + location
                + ": give a Delta folder, Parquet (a .parquet file or folder) or CSV with a header (.csv, .csv.gz)");
    }

    private static void requireColumn(Dataset<Row> table, String column, String role) {
        if (!List.of(table.columns()).contains(column)) {
            throw new TrainingDataException("Unknown " + role + " column: " + column + " (the table has: "
                    + String.join(", ", table.columns()) + ")");
        }
    }

    /** The label as boolean: booleans as they are, 0/1 numbers, and true/false, yes/no words. */
    private static Column booleanLabel(Dataset<Row> table, String label) {
        DataType type = table.schema().apply(label).dataType();
        if (type instanceof BooleanType) {
            return col(label);
        }
        Column text = lower(trim(col(label).cast("string")));
        Column known = text.isin(TRUE_WORDS.toArray()).or(text.isin(FALSE_WORDS.toArray())).or(col(label).isNull());
        List<Row> bad = table.where(known.unary_$bang()).select(col(label).cast("string")).distinct().limit(5)
                .collectAsList();
        if (!bad.isEmpty()) {
            throw new TrainingDataException("Invalid label values in column " + label + ": "
                    + bad.stream().map(r -> "'" + r.getString(0) + "'").toList()
                    + " (use true/false, yes/no or 1/0" + (type instanceof NumericType ? " numbers" : "") + ")");
        }
        return when(text.isin(TRUE_WORDS.toArray()), lit(true)).when(text.isin(FALSE_WORDS.toArray()), lit(false));
    }

    /** The time column as a date: dates, timestamps and yyyy-MM-dd (or ISO timestamp) text. */
    private static Column date(Dataset<Row> table, String time) {
        DataType type = table.schema().apply(time).dataType();
        if (type instanceof DateType) {
            return col(time);
        }
        if (type instanceof TimestampType) {
            return to_date(col(time));
        }
        if (!(type instanceof StringType)) {
            throw new TrainingDataException("Invalid time column " + time + ": a " + type.simpleString()
                    + " column; a date, timestamp or yyyy-MM-dd text is needed");
        }
        // try_ forms: under ANSI mode a plain cast of bad text would fail the whole job without naming the value.
        Column parsed = coalesce(to_date(try_to_timestamp(col(time), lit("yyyy-MM-dd"))),
                to_date(col(time).try_cast("timestamp")));
        List<Row> bad = table.select(col(time), parsed.as("_parsed"))
                .where(col(time).isNotNull().and(col("_parsed").isNull())).select(time).limit(3).collectAsList();
        if (!bad.isEmpty()) {
            throw new TrainingDataException("Invalid time values in column " + time + ": "
                    + bad.stream().map(r -> "'" + r.getString(0) + "'").toList() + " (expected YYYY-MM-DD)");
        }
        return parsed;
    }
}
