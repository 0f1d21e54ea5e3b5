package dev.revlake.bench.duckdb;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.md5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.gold.GoldBatch;
import dev.revlake.gold.GoldContactTouchesJob;
import dev.revlake.gold.GoldLeadFeaturesJob;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkStages;
import dev.revlake.lake.TableContract;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.silver.SilverTables;

/**
 * {@code gold_lead_features} for the snapshot dates [from, to], computed from the same silver tables
 * by RevLake (Spark: {@link GoldContactTouchesJob} from the first silver event, then
 * {@link GoldLeadFeaturesJob}, as {@code GoldJob} runs them on a new lake) and by DuckDB
 * ({@link DuckDbLeadFeatures}), each timed, then compared row for row on a sample of contacts.
 *
 * <p>The caller's lake is only read. RevLake writes its gold tables into a scratch lake in the
 * system temp directory whose silver folder holds symbolic links to the five silver tables the jobs
 * read, so both engines read the same snapshot; the scratch lake is deleted at the end (the links,
 * never what they point to). DuckDB keeps its result in memory up to the JVM's heap limit, the
 * memory Spark has, and spills past it into the scratch folder.
 *
 * <p>The sample is deterministic: the {@code sampleContacts} contacts (of either side) with the
 * smallest MD5 of their contact id, which Spark and DuckDB both compute; 0 compares every contact.
 */
public final class LeadFeaturesComparison {

    private static final Logger LOG = LoggerFactory.getLogger(LeadFeaturesComparison.class);
    /** Call sites listed in {@link Result#costliestSparkWork()}. */
    private static final int COSTLIEST_SITES = 8;

    private LeadFeaturesComparison() {
    }

    /**
     * One mismatch: a column of a row that differs, or a row on one side only (column
     * {@code (row only in RevLake)} or {@code (row only in DuckDB)}). Values are feature values;
     * the lead features hold no e-mails or names.
     */
    public record Mismatch(String contactId, LocalDate snapshotDate, String column, String revLakeValue,
                           String duckDbValue) {
    }

    /**
     * The figures of one comparison.
     *
     * @param from               first snapshot date requested
     * @param to                 last snapshot date
     * @param duckDbThreads      DuckDB's threads
     * @param duckDbMemoryMiB    DuckDB's memory limit (the JVM's heap limit), past which it spills
     * @param revLakeSeconds     wall time of the Spark path (touches and lead features, Delta writes included)
     * @param duckDbSeconds      wall time of DuckDB (reading the Parquet files included)
     * @param revLakeRows        rows RevLake wrote
     * @param duckDbRows         rows DuckDB computed
     * @param contactsSampled    contacts compared
     * @param rowsCompared       rows of those contacts present on both sides
     * @param mismatchesByColumn column → rows that differ in it (missing and duplicate rows under
     *                           pseudo-columns in parentheses); empty when equal
     * @param examples           the first few mismatches
     * @param sparkStages        Spark stages the RevLake path ran
     * @param costliestSparkWork the RevLake path's call sites with the most stage seconds, most first:
     *                           call site, stages, seconds, shuffle bytes written, bytes read
     */
    public record Result(LocalDate from, LocalDate to, int duckDbThreads, long duckDbMemoryMiB, double revLakeSeconds,
                         double duckDbSeconds,
                         long revLakeRows, long duckDbRows, int contactsSampled, long rowsCompared,
                         Map<String, Long> mismatchesByColumn, List<Mismatch> examples, int sparkStages,
                         List<String> costliestSparkWork) {

        public Result {
            mismatchesByColumn = Map.copyOf(mismatchesByColumn);
            examples = List.copyOf(examples);
            costliestSparkWork = List.copyOf(costliestSparkWork);
        }

        /** RevLake seconds / DuckDB seconds: above 1, DuckDB was faster. */
        public double ratio() {
            return revLakeSeconds / duckDbSeconds;
        }

        /** Mismatches over all columns and missing rows. */
        public long mismatches() {
            return mismatchesByColumn.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Same row count, and no mismatch in the sample. */
        public boolean isEqual() {
            return revLakeRows == duckDbRows && mismatches() == 0;
        }

        /** One console line with every figure. */
        public String summary() {
            return String.format("gold lead features %s..%s: RevLake %.2f s, DuckDB %.2f s (%d threads, %,d MiB),"
                            + " ratio RevLake/DuckDB %.2f; rows %,d / %,d; %,d contacts sampled, %,d rows compared,"
                            + " %,d mismatches%s", from, to, revLakeSeconds, duckDbSeconds, duckDbThreads,
                    duckDbMemoryMiB, ratio(),
                    revLakeRows, duckDbRows, contactsSampled, rowsCompared, mismatches(),
                    mismatchesByColumn.isEmpty() ? "" : " " + new java.util.TreeMap<>(mismatchesByColumn));
        }
    }

    /**
     * Runs both engines on the silver tables of {@code lake} and compares them.
     *
     * @param sampleContacts contacts to compare, 0 for all
     */
    public static Result run(SparkSession spark, Lake lake, LocalDate from, LocalDate to, int sampleContacts) {
        if (sampleContacts < 0) {
            throw new IllegalArgumentException("Invalid sample size: " + sampleContacts + " (0 compares every"
                    + " contact)");
        }
        try (Run run = Run.start(spark, lake, from, to)) {
            return run.compare(sampleContacts);
        }
    }

    /**
     * Both engines' lead features, computed and timed, kept until closed so that they can be compared
     * (the scratch lake and the DuckDB database live that long).
     */
    static final class Run implements AutoCloseable {

        private final SparkSession spark;
        private final LocalDate from;
        private final LocalDate to;
        private final Path scratch;
        private final Lake scratchLake;
        private DuckDbLeadFeatures duck;
        private double revLakeSeconds;
        private double duckDbSeconds;
        private long revLakeRows;
        private long duckDbRows;
        private int threads;
        private long memoryLimitBytes;
        private SparkStages sparkStages;

        private Run(SparkSession spark, LocalDate from, LocalDate to, Path scratch) {
            this.spark = spark;
            this.from = from;
            this.to = to;
            this.scratch = scratch;
            this.scratchLake = new Lake(scratch.toString());
        }

        /** RevLake first (Spark path into the scratch lake), then DuckDB, each timed. */
        static Run start(SparkSession spark, Lake lake, LocalDate from, LocalDate to) {
            Objects.requireNonNull(spark, "spark");
            Objects.requireNonNull(lake, "lake");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("Invalid date range: " + from + " is after " + to);
            }
            // Before either clock starts: DuckDB reads Parquet files, which must hold only the table's rows.
            SilverFiles.purgeDeletionVectors(spark, lake);
            Map<TableContract, List<String>> files = SilverFiles.of(spark, lake);
            Run run = new Run(spark, from, to, scratchLake(lake));
            try {
                long start = System.nanoTime();
                long[] rows = new long[1];
                run.sparkStages = SparkStages.during(spark, () -> rows[0] = revLake(spark, run.scratchLake, from, to));
                run.revLakeSeconds = (System.nanoTime() - start) / 1e9;
                run.revLakeRows = rows[0];
                run.threads = Runtime.getRuntime().availableProcessors();
                // DuckDB gets the memory Spark has here, the JVM's heap limit, and spills past it.
                run.memoryLimitBytes = Runtime.getRuntime().maxMemory();
                run.duck = new DuckDbLeadFeatures(run.threads, run.memoryLimitBytes, run.scratch.resolve("duckdb-spill"));
                start = System.nanoTime();
                run.duckDbRows = run.duck.compute(files, from, to);
                run.duckDbSeconds = (System.nanoTime() - start) / 1e9;
                return run;
            } catch (SQLException e) {
                run.close();
                throw new IllegalStateException("DuckDB failed on the lead features: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                run.close();
                throw e;
            }
        }

        /** Compares the rows of a sample of contacts (0: all). */
        Result compare(int sampleContacts) {
            try {
                Dataset<Row> gold = DeltaTables.read(spark, scratchLake, GoldTables.LEAD_FEATURES);
                String threshold = sampleContacts == 0 ? null : threshold(gold, duck, sampleContacts);
                List<String> columns = GoldTables.LEAD_FEATURES.columns();
                FeatureDiff.Side left = sparkRows(gold, columns, threshold);
                FeatureDiff.Side right = duckDbRows(duck, columns, threshold);
                Set<String> sampled = new HashSet<>();
                left.keys().forEach(k -> sampled.add(k.contactId()));
                right.keys().forEach(k -> sampled.add(k.contactId()));
                FeatureDiff.Outcome diff = FeatureDiff.compare(columns, left, right);
                Result result = new Result(from, to, threads, memoryLimitBytes >> 20, revLakeSeconds, duckDbSeconds, revLakeRows, duckDbRows,
                        sampled.size(), diff.rowsCompared(), diff.mismatchesByColumn(), diff.examples(),
                        sparkStages.stages(), sparkStages.costliest(COSTLIEST_SITES).stream()
                                .map(LeadFeaturesComparison::describe).toList());
                LOG.info("table={} revlake_seconds={} duckdb_seconds={} ratio={} rows_revlake={} rows_duckdb={}"
                                + " contacts_sampled={} rows_compared={} mismatches={}",
                        GoldTables.LEAD_FEATURES.name(), String.format("%.2f", revLakeSeconds),
                        String.format("%.2f", duckDbSeconds), String.format("%.2f", result.ratio()), revLakeRows,
                        duckDbRows, result.contactsSampled(), result.rowsCompared(), result.mismatches());
                return result;
            } catch (SQLException e) {
                throw new IllegalStateException("DuckDB failed reading the lead features: " + e.getMessage(), e);
            }
        }

        /** The DuckDB side, open until {@link #close()}. */
        DuckDbLeadFeatures duckDb() {
            return duck;
        }

        @Override
        public void close() {
            try {
                if (duck != null) {
                    duck.close();
                }
            } catch (SQLException e) {
                LOG.warn("could not close DuckDB: {}", e.getMessage());
            } finally {
                deleteScratch(scratch);
            }
        }
    }

    private static String describe(SparkStages.Site s) {
        return String.format("%s: %d stages, %.1f s, %,d shuffle bytes written, %,d bytes read", s.callSite(),
                s.stages(), s.seconds(), s.shuffleWriteBytes(), s.inputBytes());
    }

    /** The Spark path as GoldJob runs it on a new lake; returns the lead feature rows written. */
    private static long revLake(SparkSession spark, Lake scratch, LocalDate from, LocalDate to) {
        LocalDate dataStart = DeltaTables.extremeDate(DeltaTables.read(spark, scratch, SilverTables.EVENTS),
                col("event_date"), false);
        if (dataStart == null || to.isBefore(dataStart)) {
            throw new IllegalArgumentException("Invalid date range: the lake has no silver events on or before " + to);
        }
        LocalDate first = from.isBefore(dataStart) ? dataStart : from;
        try {
            spark.sparkContext().setJobDescription(GoldTables.CONTACT_TOUCHES_DAILY.name());
            GoldContactTouchesJob.run(spark, scratch, dataStart, to);
            spark.sparkContext().setJobDescription(GoldTables.LEAD_FEATURES.name());
            return GoldLeadFeaturesJob.run(spark, new GoldBatch(scratch, first, to,
                    Pipeline.newRunId("bench-duckdb", to)));
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /** The largest contact id hash in the sample: the n smallest MD5s of either side's contacts. */
    private static String threshold(Dataset<Row> gold, DuckDbLeadFeatures duck, int n)
            throws SQLException {
        TreeSet<String> hashes = new TreeSet<>();
        for (Row r : gold.select(md5(col("contact_id")).as("h")).distinct().orderBy("h").limit(n).collectAsList()) {
            hashes.add(r.getString(0));
        }
        try (PreparedStatement s = duck.connection().prepareStatement("SELECT DISTINCT md5(contact_id) AS h FROM "
                + DuckDbLeadFeatures.RESULT_TABLE + " ORDER BY h LIMIT " + n); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                hashes.add(r.getString(1));
            }
        }
        while (hashes.size() > n) {
            hashes.pollLast();
        }
        return hashes.isEmpty() ? "" : hashes.last();
    }

    private static FeatureDiff.Side sparkRows(Dataset<Row> gold, List<String> columns, String threshold) {
        Dataset<Row> rows = threshold == null ? gold : gold.filter(md5(col("contact_id")).leq(lit(threshold)));
        FeatureDiff.Side side = new FeatureDiff.Side();
        for (Row r : rows.select(columns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                .collectAsList()) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.get(i);
            }
            side.add(key(values, columns), values);
        }
        return side;
    }

    private static FeatureDiff.Side duckDbRows(DuckDbLeadFeatures duck, List<String> columns, String threshold)
            throws SQLException {
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + DuckDbLeadFeatures.RESULT_TABLE
                + (threshold == null ? "" : " WHERE md5(contact_id) <= ?");
        FeatureDiff.Side side = new FeatureDiff.Side();
        try (PreparedStatement s = duck.connection().prepareStatement(sql)) {
            if (threshold != null) {
                s.setString(1, threshold);
            }
            try (ResultSet r = s.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    Object[] values = new Object[meta.getColumnCount()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = r.getObject(i + 1);
                    }
                    side.add(key(values, columns), values);
                }
            }
        }
        return side;
    }

    private static FeatureDiff.Key key(Object[] values, List<String> columns) {
        Object date = FeatureDiff.normalise(values[columns.indexOf("snapshot_date")]);
        return new FeatureDiff.Key((String) values[columns.indexOf("contact_id")], (LocalDate) date);
    }

    /** A scratch lake whose silver tables are symbolic links to the caller's. */
    private static Path scratchLake(Lake lake) {
        try {
            Path scratch = Files.createTempDirectory("revlake-duckdb-");
            Files.createDirectories(scratch.resolve(dev.revlake.lake.Layer.SILVER.folder()));
            for (TableContract table : SilverFiles.INPUTS) {
                Path target = Path.of(SilverFiles.localPath(lake.path(table)));
                if (!Files.exists(target)) {
                    continue; // an optional table not built yet: the gold jobs read it as empty
                }
                Files.createSymbolicLink(Path.of(new Lake(scratch.toString()).path(table)), target);
            }
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the scratch lake for the DuckDB comparison", e);
        }
    }

    /** Deletes the scratch lake; links are deleted as links, never followed. */
    private static void deleteScratch(Path scratch) {
        try {
            Files.walkFileTree(scratch, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete the scratch lake {}: {}", scratch, e.getMessage());
        }
    }
}
