package dev.revlake.bench.duckdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.gold.GoldLeadFeaturesJob;
import dev.revlake.lake.TableContract;

/**
 * {@code gold_lead_features} computed by DuckDB: an in-memory database (one thread per available
 * processor, a memory limit) with a view over the Parquet files of each silver input, then
 * {@code contact_touches.sql} and {@code lead_features.sql}, which leave the temporary tables
 * {@code touches} and {@code lead_features}. Nothing is written to disk but what DuckDB spills.
 */
public final class DuckDbLeadFeatures implements AutoCloseable {

    /** The result table, one row per open lead per snapshot date. */
    public static final String RESULT_TABLE = "lead_features";

    private static final Logger LOG = LoggerFactory.getLogger(DuckDbLeadFeatures.class);
    /** A statement ends with a semicolon at the end of a line. */
    /** Origin of the decay arithmetic, GoldLeadFeaturesJob's DECAY_ORIGIN (package-private there). */
    static final LocalDate DECAY_ORIGIN = LocalDate.of(2020, 1, 1);
    private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\r?\\n|$)");

    private final Connection connection;
    private final int threads;

    /**
     * Opens an in-memory DuckDB with {@code threads} threads, UTC as its time zone, and a memory
     * limit beyond which it spills to {@code spillDirectory}. Without a limit DuckDB takes up to 80%
     * of the machine's memory on top of the JVM it runs in: at 100,000 contacts that got the bench's
     * process killed by the kernel.
     *
     * @param memoryLimitBytes DuckDB's {@code memory_limit}
     * @param spillDirectory   DuckDB's {@code temp_directory}
     */
    public DuckDbLeadFeatures(int threads, long memoryLimitBytes, java.nio.file.Path spillDirectory)
            throws SQLException {
        if (threads < 1) {
            throw new IllegalArgumentException("Invalid thread count: " + threads);
        }
        if (memoryLimitBytes < 64L << 20) {
            throw new IllegalArgumentException("Invalid DuckDB memory limit: " + memoryLimitBytes + " bytes (at least"
                    + " 64 MiB)");
        }
        Objects.requireNonNull(spillDirectory, "spillDirectory");
        this.threads = threads;
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        execute("SET threads = " + threads);
        execute("SET memory_limit = '" + (memoryLimitBytes >> 20) + "MiB'");
        execute("SET temp_directory = '" + spillDirectory.toAbsolutePath().toString().replace("'", "''") + "'");
        // Spark's session time zone is UTC: a timestamp's date is its UTC date on both sides.
        execute("SET TimeZone = 'UTC'");
    }

    /**
     * Computes the lead features of the snapshot dates [from, to] (from moved to the first silver
     * event if earlier, as GoldJob does) and returns the rows of {@link #RESULT_TABLE}.
     *
     * @param files the data files of each of {@link SilverFiles#INPUTS}
     */
    public long compute(Map<TableContract, List<String>> files, LocalDate from, LocalDate to) throws SQLException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Invalid date range: " + from + " is after " + to);
        }
        for (TableContract table : SilverFiles.INPUTS) {
            List<String> paths = files.get(table);
            if (paths == null) {
                throw new IllegalArgumentException("Invalid input: no file list for " + table.name());
            }
            // An absent or empty optional table is read as an empty table of its declared columns,
            // as the gold jobs do (DeltaTables.readOrEmpty); read_parquet of no files is an error.
            execute("CREATE OR REPLACE VIEW " + table.name() + " AS "
                    + (paths.isEmpty() ? emptyRelation(table) : "SELECT * FROM " + readParquet(table, paths)));
        }
        execute("SET VARIABLE to_date = DATE '" + to + "'");
        // GoldJob: the lake knows nothing before its first event; GoldContactTouchesJob starts there.
        execute("SET VARIABLE touches_from = (SELECT min(event_date) FROM silver_events)");
        execute("SET VARIABLE from_date = greatest(DATE '" + from + "', getvariable('touches_from'))");
        // GoldBatch.labelsKnownThrough: labels mature up to the last CRM change the lake holds.
        execute("SET VARIABLE labels_as_of = greatest(getvariable('to_date'),"
                + " (SELECT max(CAST(updated_at AS DATE)) FROM silver_contact_history))");
        createDecayFactors(to);
        runScript("contact_touches.sql");
        runScript("lead_features.sql");
        long rows = count("SELECT count(*) FROM " + RESULT_TABLE);
        LOG.info("table={} engine=duckdb threads={} snapshot_dates={}..{} touches={} rows_out={}", RESULT_TABLE,
                threads, from, to, count("SELECT count(*) FROM touches"), rows);
        return rows;
    }

    /**
     * The table {@code decay_factors(days_since_origin, factor)}: 2^(days / 14) by Java's StrictMath.pow,
     * as Spark computes it, for every day from 90 days before the first event to {@code to}, and the
     * negated days of the snapshots. DuckDB reads each factor from its decimal text, which round-trips
     * a double exactly.
     */
    private void createDecayFactors(LocalDate to) throws SQLException {
        long first;
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT getvariable('touches_from') - 90 - DATE '" + DECAY_ORIGIN + "'"); ResultSet r = s.executeQuery()) {
            r.next();
            first = r.getLong(1);
        }
        long last = java.time.temporal.ChronoUnit.DAYS.between(DECAY_ORIGIN, to);
        long lo = Math.min(first, -last);
        long hi = Math.max(last, -first);
        StringBuilder values = new StringBuilder();
        for (long d = lo; d <= hi; d++) {
            values.append(d == lo ? "" : ", ").append('(').append(d).append(", '")
                    .append(StrictMath.pow(2.0, d / (double) GoldLeadFeaturesJob.HALF_LIFE_DAYS)).append("')");
        }
        execute("CREATE OR REPLACE TEMP TABLE decay_factors AS SELECT CAST(d AS INTEGER) AS days_since_origin,"
                + " CAST(f AS DOUBLE) AS factor FROM (VALUES " + values + ") AS t(d, f)");
    }

    /** The open connection, to read {@link #RESULT_TABLE}. */
    public Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** {@code read_parquet([...])} of a table's files, with its partition columns from the file paths. */
    static String readParquet(TableContract table, List<String> paths) {
        StringBuilder sql = new StringBuilder("read_parquet([");
        for (int i = 0; i < paths.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(literal(paths.get(i)));
        }
        sql.append("]");
        if (table.partitionColumns().isEmpty()) {
            sql.append(", hive_partitioning = false)");
        } else {
            // Delta keeps partition values in the directory names (event_date=2026-02-20), not in the files.
            List<String> types = new ArrayList<>();
            for (String column : table.partitionColumns()) {
                types.add(literal(column) + ": " + duckDbType(table.schema().apply(column)));
            }
            sql.append(", hive_partitioning = true, hive_types = {").append(String.join(", ", types)).append("})");
        }
        return sql.toString();
    }

    /** {@code SELECT} of no rows with the table's columns and their DuckDB types. */
    static String emptyRelation(TableContract table) {
        List<String> columns = new ArrayList<>();
        for (StructField f : table.schema().fields()) {
            columns.add("CAST(NULL AS " + columnType(f.name(), f.dataType()) + ") AS \"" + f.name() + "\"");
        }
        return "SELECT " + String.join(", ", columns) + " WHERE false";
    }

    private static String columnType(String name, DataType t) {
        if (t instanceof org.apache.spark.sql.types.DecimalType d) {
            return "DECIMAL(" + d.precision() + ", " + d.scale() + ")";
        } else if (t instanceof org.apache.spark.sql.types.ArrayType a) {
            return columnType(name, a.elementType()) + "[]";
        } else if (t.equals(DataTypes.TimestampType)) {
            return "TIMESTAMPTZ";
        } else if (t.equals(DataTypes.BooleanType)) {
            return "BOOLEAN";
        } else if (t.equals(DataTypes.DoubleType)) {
            return "DOUBLE";
        }
        return duckDbType(new StructField(name, t, true, org.apache.spark.sql.types.Metadata.empty()));
    }

    private static String duckDbType(StructField field) {
        DataType t = field.dataType();
        if (t.equals(DataTypes.DateType)) {
            return "DATE";
        } else if (t.equals(DataTypes.StringType)) {
            return "VARCHAR";
        } else if (t.equals(DataTypes.IntegerType)) {
            return "INTEGER";
        } else if (t.equals(DataTypes.LongType)) {
            return "BIGINT";
        }
        throw new IllegalArgumentException("Invalid partition column for DuckDB: " + field.name() + " of type " + t);
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private void runScript(String name) throws SQLException {
        for (String statement : statements(resource(name))) {
            execute(statement);
        }
    }

    /** The statements of a script: text between semicolons that end a line, blank ones dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        for (String s : STATEMENT_END.split(script)) {
            if (!s.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("--"))) {
                out.add(s);
            }
        }
        return out;
    }

    static String resource(String name) {
        try (InputStream in = DuckDbLeadFeatures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name + " next to " + DuckDbLeadFeatures.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
