package dev.revlake.bronze;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.bronze.parse.ParsedRecord;
import dev.revlake.bronze.parse.RawFileParser;
import dev.revlake.lake.AtOnce;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.lake.Locations;
import dev.revlake.lake.TableContract;
import dev.revlake.lake.WriteConflict;
import dev.revlake.ops.JobRun;
import dev.revlake.ops.JobRunLog;
import dev.revlake.ops.OpsTables;
import dev.revlake.raw.Source;

/**
 * Ingests raw landing files into bronze: one Delta table per source, parsed and typed, bad records
 * into {@code bronze_quarantine} with a reason, duplicate deliveries dropped.
 *
 * <p>A run covers the {@code dt=} folders of a date range (one day for a nightly run, the whole
 * history for a backfill) plus files that landed late in earlier folders of the look-back window
 * and were never ingested. Writes are insert-only on each table's key, so re-running any date
 * changes nothing, and every run reconciles exactly: read = written + quarantined + duplicates.
 */
public final class BronzeIngestJob {

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "bronze_ingest";

    private static final Logger LOG = LoggerFactory.getLogger(BronzeIngestJob.class);
    private static final String RAW = "_raw";
    private static final String REASON = "_reason";
    /** Sources staged at once: enough to overlap Delta bookkeeping with parsing on a small machine. */
    private static final int PARALLEL_SOURCES = 4;
    /**
     * Good records up to which a batch's keys are broadcast to filter the table's keys. A night of
     * one source is far below it (12,603 web page views on the last day of a 100,000-contact lake);
     * a backfill's millions would be a broadcast too large for the driver's heap, so they keep the
     * shuffled anti-join.
     */
    static final long BROADCAST_KEYS_UP_TO = 500_000L;

    /**
     * What to ingest.
     *
     * @param lake              the lake to write
     * @param rawRoot           the landing zone root holding {@code <source>/dt=YYYY-MM-DD/} folders
     * @param from              first delivery date
     * @param to                last delivery date (the logical date)
     * @param lateFileLookbackDays how many days before {@code from} to look for files never ingested
     * @param sources           which sources to ingest
     * @param runId             identifies this run in the lake
     */
    public record Config(Lake lake, String rawRoot, LocalDate from, LocalDate to, int lateFileLookbackDays,
                         List<Source> sources, String runId) {
        public Config {
            Objects.requireNonNull(lake, "lake");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(runId, "runId");
            rawRoot = Locations.normalize(rawRoot);
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("Invalid date range: " + from + " is after " + to);
            }
            if (lateFileLookbackDays < 0 || lateFileLookbackDays > 366) {
                throw new IllegalArgumentException("Invalid late-file look-back: " + lateFileLookbackDays
                        + " days (must be 0..366)");
            }
            sources = List.copyOf(sources);
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("Invalid sources: none given");
            }
        }
    }

    /** What one source's ingest did. */
    public record SourceResult(Source source, long files, long rowsRead, long rowsWritten, long rowsQuarantined,
                               long duplicatesDropped, long deltaVersion) {
        /** read = written + quarantined + duplicates, the bronze reconciliation rule. */
        public boolean reconciles() {
            return rowsRead == rowsWritten + rowsQuarantined + duplicatesDropped;
        }
    }

    private BronzeIngestJob() {
    }

    /**
     * Runs the ingest for every configured source and records each in {@code ops_job_runs}.
     * Sources are staged and written in parallel (each to its own table); the shared quarantine,
     * file register and run log then get one commit each.
     */
    public static List<SourceResult> run(SparkSession spark, Config config) {
        Instant started = Instant.now();
        Lake lake = config.lake();
        DeltaTables.ensure(spark, lake, BronzeTables.QUARANTINE);
        DeltaTables.ensure(spark, lake, OpsTables.INGESTED_FILES);
        config.sources().forEach(s -> DeltaTables.ensure(spark, lake, BronzeTables.forSource(s)));

        Set<String> knownFiles = knownFiles(spark, config);
        // Each source's parsed rows stay checkpointed (on local disk) until the run's shared tables
        // have their quarantine rows.
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            return stageAndCommit(spark, config, started, knownFiles, checkpoints);
        }
    }

    /** Stages every source (up to {@link #PARALLEL_SOURCES} at once), then commits the shared tables. */
    private static List<SourceResult> stageAndCommit(SparkSession spark, Config config, Instant started,
                                                     Set<String> knownFiles, LocalCheckpoints checkpoints) {
        Lake lake = config.lake();
        List<Staged> staged;
        try {
            staged = AtOnce.map("bronze-ingest", PARALLEL_SOURCES, config.sources(),
                    source -> stage(spark, config, source, started, knownFiles, checkpoints),
                    source -> "Ingest of " + source.id());
        } catch (RuntimeException failure) {
            if (Thread.currentThread().isInterrupted()) {
                throw failure; // stopped, not failed: nothing to record
            }
            Instant now = Instant.now();
            String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            JobRunLog.record(spark, lake, config.sources().stream().map(s -> new JobRun(config.runId(), JOB,
                    BronzeTables.forSource(s).name(), config.to(), config.from(), config.to(), 0, 0, 0, 0, null,
                    started, now, "failed", message)).toList());
            throw failure;
        }
        // Shared tables: one insert-only commit each, so a re-run adds nothing.
        // A quarantine row's key holds its file, whose dt= folder is the row's delivery date: only
        // the partitions of this run's delivery dates can hold it.
        List<LocalDate> deliveryDates = staged.stream().flatMap(st -> st.deliveryDates().stream()).distinct()
                .toList();
        staged.stream().map(Staged::quarantine).filter(Objects::nonNull).reduce(Dataset::union)
                .ifPresent(q -> insertNew(spark, lake, BronzeTables.QUARANTINE, q,
                        col(BronzeTables.DELIVERY_DATE).isin(deliveryDates.toArray())));
        // The register was read for every date of this run at its start (knownFiles), and a
        // source is never ingested twice at once: the files not in it are new, a blind append.
        List<Row> fileRows = staged.stream().flatMap(st -> st.files().stream())
                .filter(r -> !knownFiles.contains(r.getString(2))).toList();
        if (!fileRows.isEmpty()) {
            WriteConflict.guard(OpsTables.INGESTED_FILES.name(), () -> spark.createDataFrame(fileRows,
                    OpsTables.INGESTED_FILES.schema()).write().format("delta").mode("append")
                    .save(lake.path(OpsTables.INGESTED_FILES)));
        }
        Instant ended = Instant.now();
        JobRunLog.record(spark, lake, staged.stream().map(st -> {
            SourceResult r = st.result();
            return new JobRun(config.runId(), JOB, BronzeTables.forSource(r.source()).name(), config.to(),
                    config.from(), config.to(), r.rowsRead(), r.rowsWritten(), r.rowsQuarantined(),
                    r.duplicatesDropped(), r.deltaVersion(), started, ended, "succeeded", r.files() + " files");
        }).toList());
        return staged.stream().map(Staged::result).toList();
    }

    /** One source's outcome before the shared tables are written. */
    private record Staged(SourceResult result, Dataset<Row> quarantine, List<Row> files) {
        /** The delivery dates of this source's files in this run. */
        List<LocalDate> deliveryDates() {
            return files.stream().map(r -> (LocalDate) r.get(1)).distinct().toList();
        }
    }

    /** A raw file to ingest, with its path relative to the raw root (what lineage columns store). */
    record RawFile(String absolutePath, String relativePath, LocalDate deliveryDate, LocalDate ingestDate,
                   long sizeBytes) {
    }

    /** Parses a source's files, writes its new rows, and returns its quarantine rows (lazily). */
    private static Staged stage(SparkSession spark, Config config, Source source, Instant started,
                                Set<String> knownFiles, LocalCheckpoints checkpoints) {
        Lake lake = config.lake();
        TableContract target = BronzeTables.forSource(source);
        List<RawFile> files = listFiles(spark, config, source, knownFiles);
        if (files.isEmpty()) {
            return new Staged(new SourceResult(source, 0, 0, 0, 0, 0, DeltaTables.version(spark, lake, target)),
                    null, List.of());
        }
        StructType staging = stagingSchema(source);
        List<RawFile> wanted = files.stream().filter(f -> f.relativePath().endsWith("." + source.format().extension()))
                .toList();
        List<Row> foreign = files.stream().filter(f -> !wanted.contains(f))
                .map(f -> stagingBad(staging, source, f, 0L, null,
                        "unexpected file type (expected ." + source.format().extension() + " files)"))
                .toList();

        // New fields (schema drift) seen per file, counted on the executors and reported once below.
        CollectionAccumulator<String> drift = spark.sparkContext().collectionAccumulator("bronze-drift-" + source.id());
        Dataset<Row> parsed = wanted.isEmpty() ? spark.createDataFrame(List.of(), staging)
                : spark.read().format("binaryFile").load(wanted.stream().map(RawFile::absolutePath)
                        .toArray(String[]::new))
                .flatMap(new ParseFile(source, config.rawRoot(), staging, ingestDates(wanted), drift),
                        Encoders.row(staging));
        // Checkpointed, not cached: building Spark's compressed in-memory columns for every parsed
        // row cost more than the parse (a backfill of 1.4M records took 61 to 64 s instead of 75 to 82 s).
        Dataset<Row> staged = checkpoints.take(parsed.union(spark.createDataFrame(foreign, staging)));

        Map<String, Long> recordsPerFile = new HashMap<>();
        long read = 0;
        long good = 0;
        for (Row r : staged.groupBy(BronzeTables.SOURCE_FILE).agg(count(lit(1)),
                sum(when(col(REASON).isNull(), lit(1L)).otherwise(lit(0L)))).collectAsList()) {
            recordsPerFile.put(r.getString(0), r.getLong(1));
            read += r.getLong(1);
            good += r.getLong(2);
        }
        long quarantined = read - good;
        logDrift(source, drift.value());
        Column ingestedAt = lit(started).cast(DataTypes.TimestampType);
        Column runId = lit(config.runId());

        // Good records: the first delivery of each key wins, in this batch and against the table.
        Column[] keys = source.keyFields().stream().map(Column::new).toArray(Column[]::new);
        Dataset<Row> firstInBatch = staged.filter(col(REASON).isNull())
                .withColumn("_rank", row_number().over(Window.partitionBy(keys).orderBy(
                        col(BronzeTables.DELIVERY_DATE), col(BronzeTables.SOURCE_FILE),
                        col(BronzeTables.SOURCE_LINE))))
                .filter(col("_rank").equalTo(1)).drop("_rank");
        long written;
        try (LocalCheckpoints freshRows = new LocalCheckpoints()) {
            Dataset<Row> fresh = freshRows.take(notYetIn(DeltaTables.read(spark, lake, target), firstInBatch,
                    source.keyFields(), good <= BROADCAST_KEYS_UP_TO)
                    .withColumn(BronzeTables.INGESTED_AT, ingestedAt)
                    .withColumn(BronzeTables.RUN_ID, runId)
                    .select(target.columns().stream().map(Column::new).toArray(Column[]::new)));
            written = fresh.count();
            if (written > 0) {
                WriteConflict.guard(target.name(),
                        () -> fresh.write().format("delta").mode("append").save(lake.path(target)));
            }
        }
        long version = DeltaTables.version(spark, lake, target);
        Dataset<Row> quarantine = quarantined == 0 ? null : staged.filter(col(REASON).isNotNull())
                .select(lit(source.id()).as("source"), col(BronzeTables.DELIVERY_DATE), col(BronzeTables.SOURCE_FILE),
                        col(BronzeTables.SOURCE_LINE), col(REASON).as("reason"), col(RAW).as("raw_record"),
                        ingestedAt.as(BronzeTables.INGESTED_AT), runId.as(BronzeTables.RUN_ID));
        List<Row> fileRows = files.stream().map(f -> RowFactory.create(source.id(), f.deliveryDate(),
                f.relativePath(), f.sizeBytes(), recordsPerFile.getOrDefault(f.relativePath(), 0L), config.runId(),
                started)).toList();
        return new Staged(new SourceResult(source, files.size(), read, written, quarantined, read - quarantined
                - written, version), quarantine, fileRows);
    }

    /**
     * The batch rows whose key the table does not hold yet. When the batch is small (a night beside
     * months of history) its keys are broadcast and only the table's keys found among them are kept
     * while scanning, a hash semi-join, instead of shuffling every key of the table into the
     * anti-join. Both ways give the same rows: a table key that is not in the batch cannot remove a
     * batch row, and a null key matches nothing either way.
     */
    static Dataset<Row> notYetIn(Dataset<Row> table, Dataset<Row> batch, List<String> keyFields,
                                 boolean broadcastBatchKeys) {
        Column[] keys = keyFields.stream().map(Column::new).toArray(Column[]::new);
        Dataset<Row> existingKeys = table.select(keys);
        if (broadcastBatchKeys) {
            existingKeys = existingKeys.join(broadcast(batch.select(keys)), toSeq(keyFields), "left_semi");
        }
        return batch.join(existingKeys, toSeq(keyFields), "left_anti");
    }

    /**
     * Appends the rows whose key is not yet in the table (one commit). The new rows are computed
     * first and checkpointed, so the commit is a blind append: a write whose plan reads the table
     * counts as reading all of it, and Delta then refuses it when a parallel ingest of another source
     * appended to the same shared table meanwhile (ConcurrentAppendException). The sources' keys
     * never overlap (they hold the source file), and one source is never ingested twice at once.
     * {@code existingHolding} selects the existing rows that can share a key with {@code rows}, so
     * only those partitions are read.
     */
    private static void insertNew(SparkSession spark, Lake lake, TableContract table, Dataset<Row> rows,
                                  Column existingHolding) {
        // The partition filter already bounds the scan to the run's delivery dates: no broadcast.
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> fresh = checkpoints.take(notYetIn(DeltaTables.read(spark, lake, table)
                    .filter(existingHolding), rows, table.keyColumns(), false)
                    .select(table.columns().stream().map(Column::new).toArray(Column[]::new)));
            WriteConflict.guard(table.name(),
                    () -> fresh.write().format("delta").mode("append").save(lake.path(table)));
        }
    }

    /** Files of the range's dt folders, plus files in the look-back window that were never ingested. */
    static List<RawFile> listFiles(SparkSession spark, Config config, Source source, Set<String> knownFiles) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<RawFile> files = new ArrayList<>();
        for (LocalDate d = config.from(); !d.isAfter(config.to()); d = d.plusDays(1)) {
            files.addAll(listFolder(hadoop, config.rawRoot(), source, d));
        }
        if (config.lateFileLookbackDays() > 0) {
            List<RawFile> candidates = new ArrayList<>();
            for (LocalDate d = config.from().minusDays(config.lateFileLookbackDays()); d.isBefore(config.from());
                 d = d.plusDays(1)) {
                // A late file belongs to this run's logical date, so silver picks it up with this run.
                listFolder(hadoop, config.rawRoot(), source, d).forEach(f -> candidates.add(new RawFile(
                        f.absolutePath(), f.relativePath(), f.deliveryDate(), config.to(), f.sizeBytes())));
            }
            if (!candidates.isEmpty()) {
                candidates.stream().filter(f -> !knownFiles.contains(f.relativePath())).forEach(f -> {
                    LOG.info("source={} late file found in dt={}", source.id(), f.deliveryDate());
                    files.add(f);
                });
            }
        }
        return files;
    }

    /**
     * Files of the look-back window and of the run's dates already ingested, read once for all
     * sources: they tell the late files and which of this run's files the register already holds.
     */
    private static Set<String> knownFiles(SparkSession spark, Config config) {
        return new HashSet<>(DeltaTables.read(spark, config.lake(), OpsTables.INGESTED_FILES)
                .filter(col("delivery_date").geq(lit(config.from().minusDays(config.lateFileLookbackDays())))
                        .and(col("delivery_date").leq(lit(config.to()))))
                .select("source_file").as(Encoders.STRING()).collectAsList());
    }

    private static List<RawFile> listFolder(Configuration hadoop, String rawRoot, Source source, LocalDate date) {
        String relativeDir = source.id() + "/dt=" + date;
        Path dir = new Path(rawRoot + "/" + relativeDir);
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.exists(dir)) {
                return List.of();
            }
            FileStatus[] statuses = fs.listStatus(dir);
            Arrays.sort(statuses, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            List<RawFile> out = new ArrayList<>();
            for (FileStatus st : statuses) {
                String name = st.getPath().getName();
                // Hadoop convention: _SUCCESS markers and .in-progress uploads are not data.
                if (st.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                out.add(new RawFile(st.getPath().toString(), relativeDir + "/" + name, date, date, st.getLen()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list raw folder " + relativeDir + ": " + e.getMessage(), e);
        }
    }

    /** Contract fields (all nullable, since bad rows carry none), lineage, raw text and reason. */
    static StructType stagingSchema(Source source) {
        StructType schema = new StructType();
        for (StructField f : BronzeTables.dataSchema(source).fields()) {
            schema = schema.add(f.name(), f.dataType(), true);
        }
        return schema.add(BronzeTables.EXTRA_FIELDS, DataTypes.StringType, true)
                .add(BronzeTables.DELIVERY_DATE, DataTypes.DateType, false)
                .add(BronzeTables.INGEST_DATE, DataTypes.DateType, false)
                .add(BronzeTables.SOURCE_FILE, DataTypes.StringType, false)
                .add(BronzeTables.SOURCE_LINE, DataTypes.LongType, false)
                .add(RAW, DataTypes.StringType, true)
                .add(REASON, DataTypes.StringType, true);
    }

    private static Row stagingBad(StructType staging, Source source, RawFile file, long line, String raw,
                                  String reason) {
        Object[] values = new Object[staging.size()];
        int n = source.fields().size();
        values[n + 1] = file.deliveryDate();
        values[n + 2] = file.ingestDate();
        values[n + 3] = file.relativePath();
        values[n + 4] = line;
        values[n + 5] = raw;
        values[n + 6] = reason;
        return RowFactory.create(values);
    }

    private static HashMap<String, LocalDate> ingestDates(List<RawFile> files) {
        HashMap<String, LocalDate> dates = new HashMap<>();
        files.forEach(f -> dates.put(f.relativePath(), f.ingestDate()));
        return dates;
    }

    private static scala.collection.immutable.Seq<String> toSeq(List<String> columns) {
        return scala.jdk.javaapi.CollectionConverters.asScala(columns).toSeq();
    }

    /**
     * Schema drift: one warning per new field and source with the number of files it was in, the
     * name only (values may be personal data).
     */
    private static void logDrift(Source source, List<String> fieldPerFile) {
        new java.util.TreeMap<>(fieldPerFile.stream().collect(java.util.stream.Collectors.groupingBy(f -> f,
                java.util.stream.Collectors.counting()))).forEach((name, files) -> LOG.warn(
                        "source={} field '{}' is not in the contract: kept in {} ({} files)", source.id(), name,
                        BronzeTables.EXTRA_FIELDS, files));
    }

    /** Parses one binaryFile row (path, content) into staging rows; runs on the executors. */
    private static final class ParseFile implements FlatMapFunction<Row, Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final Source source;
        private final String rawRoot;
        private final int fieldCount;
        private final HashMap<String, LocalDate> ingestDates;
        private final CollectionAccumulator<String> drift;

        ParseFile(Source source, String rawRoot, StructType staging, HashMap<String, LocalDate> ingestDates,
                  CollectionAccumulator<String> drift) {
            this.source = source;
            this.rawRoot = new Path(rawRoot).toUri().getPath();
            this.fieldCount = staging.size();
            this.ingestDates = ingestDates;
            this.drift = drift;
        }

        @Override
        public java.util.Iterator<Row> call(Row file) {
            String path = new Path(file.getString(file.fieldIndex("path"))).toUri().getPath();
            String relative = path.startsWith(rawRoot + "/") ? path.substring(rawRoot.length() + 1) : path;
            LocalDate delivery = deliveryDate(relative);
            LocalDate ingest = ingestDates.getOrDefault(relative, delivery);
            byte[] content = file.getAs("content");
            List<Row> out = new ArrayList<>();
            int n = source.fields().size();
            List<String> newFields = new RawFileParser(source, delivery).parse(content, record -> {
                Object[] values = new Object[fieldCount];
                if (record instanceof ParsedRecord.Good good) {
                    System.arraycopy(good.values(), 0, values, 0, n);
                    values[n] = good.extraFieldsJson();
                } else if (record instanceof ParsedRecord.Bad bad) {
                    values[n + 5] = bad.rawText();
                    values[n + 6] = bad.reason();
                }
                values[n + 1] = delivery;
                values[n + 2] = ingest;
                values[n + 3] = relative;
                values[n + 4] = record.line();
                out.add(RowFactory.create(values));
            });
            newFields.forEach(drift::add);
            return out.isEmpty() ? Collections.emptyIterator() : out.iterator();
        }

        private static LocalDate deliveryDate(String relativePath) {
            for (String part : relativePath.split("/")) {
                if (part.startsWith("dt=")) {
                    return LocalDate.parse(part.substring(3));
                }
            }
            throw new IllegalStateException("Raw file outside a dt= folder: " + relativePath);
        }
    }
}
