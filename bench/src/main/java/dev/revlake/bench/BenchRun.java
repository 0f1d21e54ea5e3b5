package dev.revlake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.bench.duckdb.LeadFeaturesComparison;
import dev.revlake.bronze.BronzeIngestJob;
import dev.revlake.cli.RevLakeCli;
import dev.revlake.dag.Dag;
import dev.revlake.dag.DagFiles;
import dev.revlake.export.CrmExportJob;
import dev.revlake.export.ExportConfig;
import dev.revlake.export.ExportFormat;
import dev.revlake.export.ExportResult;
import dev.revlake.export.ExportView;
import dev.revlake.forecast.ForecastAccuracyJob;
import dev.revlake.forecast.PipelineForecastJob;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.Locations;
import dev.revlake.lake.SparkSessions;
import dev.revlake.models.ModelDefinition;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.models.training.TrainingSettings;
import dev.revlake.ops.OpsTables;
import dev.revlake.ops.StepRecorder;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.runner.DagRunResult;
import dev.revlake.runner.DagRunner;
import dev.revlake.score.LeadAlertsJob;
import dev.revlake.score.LeadScoringJob;
import dev.revlake.score.OpportunityScoringJob;
import dev.revlake.score.ScoringConfig;
import dev.revlake.silver.SilverTables;
import dev.revlake.simulate.SimulationSummary;
import dev.revlake.simulate.Simulator;
import dev.revlake.simulate.SimulatorConfig;
import dev.revlake.train.ModelRunOutcome;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.TrainConfig;
import dev.revlake.train.TrainingSets;

/**
 * One bench run in this JVM with one SparkSession: simulate a company, then time each stage of the
 * pipeline on its history but the last day (ingest, silver and gold as one batch each through
 * {@link Pipeline}, training per model, scoring, forecast and export of the last history night), then
 * the nightly incremental run of the last day with all its tasks through the {@code revlake_nightly}
 * DAG, and finally the bare Jackson parse of the JSON Lines files the ingest read.
 */
final class BenchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);

    /** A failing nightly task should say so soon, not after the DAG's five-minute retry delay. */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

    /**
     * What to run.
     *
     * @param preset   the preset's name, for the report
     * @param contacts simulated contacts
     * @param days     simulated days; the last is the nightly run's new day
     * @param seed     simulator seed
     * @param start    first simulated day
     * @param dir      work folder; its raw/, truth/, lake/ and exports/ are replaced
     * @param maxActiveTasks nightly tasks run at once instead of the DAG's {@code max_active_tasks},
     *                 or null for the DAG's
     */
    record Settings(String preset, int contacts, int days, long seed, LocalDate start, Path dir,
                    Integer maxActiveTasks) {
        Settings {
            Objects.requireNonNull(preset, "preset");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(dir, "dir");
            if (contacts < 1) {
                throw new IllegalArgumentException("Invalid contacts: " + contacts + " (at least 1)");
            }
            if (days < 2 || days > 3660) {
                throw new IllegalArgumentException("Invalid days: " + days
                        + " (2..3660: the history and one new day for the nightly run)");
            }
            if (maxActiveTasks != null && maxActiveTasks < 1) {
                throw new IllegalArgumentException("Invalid max active tasks: " + maxActiveTasks + " (at least 1)");
            }
        }
    }

    /** Leads the re-score stage scores at least (all snapshots, when the lake has fewer). */
    static final long RESCORE_LEADS = 1_000_000;

    /** Contacts whose lead features are compared row for row with DuckDB's (all below this many). */
    static final int DUCKDB_SAMPLE_CONTACTS = 5_000;

    private final Settings settings;
    private final PrintStream out;
    private final HeapMonitor heap;
    private final List<StageFigure> stages = new ArrayList<>();
    /** Records the ingest read from the JSON Lines sources, beside the Jackson floor's count. */
    private long jsonlRecordsIngested;

    private BenchRun(Settings settings, PrintStream out, HeapMonitor heap) {
        this.settings = settings;
        this.out = out;
        this.heap = heap;
    }

    /** Runs every stage and returns the figures; progress goes to {@code out}. */
    static BenchReport run(Settings settings, PrintStream out) {
        try (HeapMonitor heap = new HeapMonitor()) {
            return new BenchRun(settings, out, heap).run();
        }
    }

    private BenchReport run() {
        Instant startedAt = Instant.now();
        Path root = settings.dir().toAbsolutePath().normalize();
        Path raw = root.resolve("raw");
        Path truth = root.resolve("truth");
        Path lakeDir = root.resolve("lake");
        Path exports = root.resolve("exports");
        for (Path p : List.of(raw, truth, lakeDir, exports)) {
            deleteRecursively(p);
        }
        LocalDate first = settings.start();
        LocalDate last = first.plusDays(settings.days() - 1L);
        LocalDate history = last.minusDays(1);

        SimulatorConfig simulation = new SimulatorConfig(settings.contacts(), settings.days(), first, settings.seed(),
                raw, truth, SimulatorConfig.DEFAULT_DIRT_RATE);
        stage("simulate", () -> {
            SimulationSummary s = new Simulator(simulation).run((day, date, records) -> { });
            return new Rows(-1, s.totalRecords(), String.format(Locale.ROOT, "raw records of %d sources, %,d"
                    + " opportunities", s.recordsBySource().size(), s.opportunitiesCreated()));
        });

        SparkSession[] session = new SparkSession[1];
        stage("start Spark", () -> {
            session[0] = SparkSessions.getOrCreate("revlake-bench", 4);
            session[0].sparkContext().setLogLevel("WARN");
            return new Rows(-1, 0, "local session, " + session[0].sparkContext().master());
        });
        SparkSession spark = session[0];
        Lake lake = new Lake(Locations.normalize(lakeDir.toString()));
        Pipeline pipeline = new Pipeline(spark, lake, raw.toString(), line -> out.println("  " + line));

        stage(StageFigure.INGEST, () -> {
            List<BronzeIngestJob.SourceResult> r = pipeline.ingest(first, history);
            long quarantined = r.stream().mapToLong(BronzeIngestJob.SourceResult::rowsQuarantined).sum();
            long duplicates = r.stream().mapToLong(BronzeIngestJob.SourceResult::duplicatesDropped).sum();
            long files = r.stream().mapToLong(BronzeIngestJob.SourceResult::files).sum();
            jsonlRecordsIngested = r.stream().filter(x -> x.source().format() == dev.revlake.raw.Source.Format.JSONL)
                    .mapToLong(BronzeIngestJob.SourceResult::rowsRead).sum();
            return new Rows(r.stream().mapToLong(BronzeIngestJob.SourceResult::rowsRead).sum(),
                    r.stream().mapToLong(BronzeIngestJob.SourceResult::rowsWritten).sum(),
                    String.format(Locale.ROOT, "%s..%s, %,d files; %,d quarantined, %,d duplicates dropped", first,
                            history, files, quarantined, duplicates));
        });
        stage("silver", () -> tables(pipeline.silver(first, history), first + ".." + history));
        // The gold job does not count what it reads: its rows in are the silver events of its dates,
        // counted after the clock stopped.
        stage("gold", () -> tables(pipeline.gold(first, history), first + ".." + history), "",
                r -> new Rows(DeltaTables.read(spark, lake, SilverTables.EVENTS).where(col("event_date")
                        .between(lit(java.sql.Date.valueOf(first)), lit(java.sql.Date.valueOf(history)))).count(),
                        r.out(), r.note() + "; rows in: silver_events rows of the dates"));

        // Side by side, on the silver the gold stage just read: the same lead features in DuckDB SQL,
        // with the Spark path timed on its own (touches + lead features) and a sample compared row for row.
        out.println("gold lead features in DuckDB SQL over the same silver Parquet...");
        LeadFeaturesComparison.Result duckDb = LeadFeaturesComparison.run(spark, lake, first, history,
                DUCKDB_SAMPLE_CONTACTS);
        out.println("  " + duckDb.summary());

        // The demo's minimum data: the thresholds only decide whether a small company's model is
        // refused. No truth folder: oracle metrics are not part of what a user's training costs.
        TrainingSettings d = TrainingSettings.DEFAULTS;
        TrainingSettings training = new TrainingSettings(d.validationShare(), d.testShare(), 30, 10, d.trees(), d.seed());
        for (ModelDefinition model : TrainConfig.ALL_MODELS) {
            train(spark, lake, model, training, history);
        }

        ScoringConfig scoring = ScoringConfig.defaults(lake, history, history, Pipeline.newRunId("score", history));
        ModelRegistry registry = ModelTrainingJob.registry(spark, lake);
        boolean leadChampion = registry.champion("lead_conversion").isPresent();
        String noLeadModel = "no lead_conversion champion (the model was refused)";
        stage(StageFigure.SCORE_LEADS, leadChampion ? () -> {
            StepRecorder.TableResult r = LeadScoringJob.run(spark, scoring);
            return new Rows(r.rowsRead(), r.rowsWritten(), "night " + history + ", open leads scored");
        } : null, noLeadModel);
        long[] leadScores = {stage(StageFigure.SCORE_LEADS).rowsOut()};
        stage("lead alerts", leadChampion ? () -> {
            LeadAlertsJob.Result r = LeadAlertsJob.run(spark, scoring);
            return new Rows(leadScores[0], r.alerts(), String.format(Locale.ROOT, "handoff alerts, %,d unassigned",
                    r.unassigned()));
        } : null, noLeadModel);
        List<String> dealModels = List.of("opportunity_win", "close_date");
        List<String> missing = dealModels.stream().filter(m -> registry.champion(m).isEmpty()).toList();
        String noDealModel = "no " + String.join(" or ", missing) + " champion (refused)";
        stage("score deals", missing.isEmpty() ? () -> {
            StepRecorder.TableResult r = OpportunityScoringJob.run(spark, scoring);
            return new Rows(r.rowsRead(), r.rowsWritten(), "night " + history + ", open deals scored");
        } : null, noDealModel);
        stage("forecast", missing.isEmpty() ? () -> {
            List<StepRecorder.TableResult> r = new ArrayList<>(PipelineForecastJob.run(spark,
                    new PipelineForecastJob.Config(lake, history, history, PipelineForecastJob.DEFAULT_DRAWS,
                            PipelineForecastJob.DEFAULT_SEED, scoring.runId())));
            r.addAll(ForecastAccuracyJob.run(spark, new ForecastAccuracyJob.Config(lake, last, scoring.runId())));
            return tables(r, String.format(Locale.ROOT, "night %s, %,d draws; with the accuracy of closed periods",
                    history, PipelineForecastJob.DEFAULT_DRAWS));
        } : null, "no deal scores to forecast from: " + noDealModel);
        boolean anyScores = !ExportView.present(spark, lake, new ArrayList<>()).isEmpty();
        stage("export", anyScores ? () -> {
            ExportResult r = CrmExportJob.run(spark, new ExportConfig(lake, Locations.normalize(exports.toString()),
                    List.of(ExportFormat.values()), ExportConfig.DEFAULT_MAX_FILE_BYTES,
                    Pipeline.newRunId(CrmExportJob.JOB, history)));
            long files = r.views().stream().mapToLong(v -> v.files().size()).sum();
            // The changed rows are what the export reads and what each file format gets.
            return new Rows(r.rows(), r.rows(), String.format(Locale.ROOT, "changed rows, %d views, %d files (%d"
                    + " formats)", r.views().size(), files, ExportFormat.values().length));
        } : null, "no score tables to export");

        List<TaskFigure> tasks = new ArrayList<>();
        stage(StageFigure.NIGHTLY, () -> nightly(spark, lake, raw, exports, last, tasks));

        // After the nightly, so that its export does not carry the re-scored history.
        stage(StageFigure.RESCORE_LEADS, leadChampion ? rescore(spark, lake, last) : null, noLeadModel);

        out.println("bare Jackson parse of the JSON Lines files the ingest read...");
        List<Path> jsonl = JacksonFloor.files(raw, first, history);
        List<Comparison> comparisons = new ArrayList<>();
        if (!jsonl.isEmpty()) {
            JacksonFloor.Result floor = JacksonFloor.run(jsonl, Runtime.getRuntime().availableProcessors());
            StageFigure ingest = stage(StageFigure.INGEST);
            comparisons.add(new Comparison(Comparison.INGEST_VS_JACKSON, Comparison.RECORDS_PER_SECOND,
                    ingest.rowsPerSecond(), "bare Jackson streaming loop", floor.recordsPerSecond(),
                    String.format(Locale.ROOT, "ingest: %,d records of all sources (%,d of them JSON Lines) in %.1f s;"
                                    + " Jackson: %,d JSON Lines records (%,d malformed), %d files, %.1f MB in %.3f s,"
                                    + " %d threads, best of %d", ingest.rowsIn(), jsonlRecordsIngested,
                            ingest.seconds(), floor.records(), floor.malformed(), floor.files(), floor.bytes() / 1e6,
                            floor.seconds(), floor.threads(), JacksonFloor.ROUNDS)));
        }
        comparisons.add(Comparison.ofSeconds(Comparison.LEAD_FEATURES_VS_DUCKDB, duckDb.revLakeSeconds(),
                "DuckDB SQL over the same silver Parquet", duckDb.duckDbSeconds(), String.format(Locale.ROOT,
                        "%s..%s; RevLake: gold_contact_touches_daily + gold_lead_features in Spark (%d stages);"
                                + " DuckDB: %d threads, memory limit %,d MiB (the JVM's heap), Parquet read included;"
                                + " rows %,d / %,d; %,d contacts sampled, %,d rows compared, %s", duckDb.from(),
                        duckDb.to(), duckDb.sparkStages(), duckDb.duckDbThreads(), duckDb.duckDbMemoryMiB(),
                        duckDb.revLakeRows(), duckDb.duckDbRows(), duckDb.contactsSampled(),
                        duckDb.rowsCompared(), duckDb.isEqual() ? "equal"
                                : "NOT EQUAL: " + duckDb.mismatches() + " mismatches"), !duckDb.isEqual()));
        if (!duckDb.isEqual()) {
            out.println("WARNING: DuckDB's lead features differ from RevLake's: " + duckDb.summary());
        }
        return new BenchReport(settings.preset(), settings.contacts(), settings.days(), settings.seed(), first, root,
                startedAt, MachineFacts.current(), stages, tasks, comparisons, heap.runPeak());
    }

    /**
     * The lead scoring job, as {@code revlake score --from F --to T} runs it, over the latest snapshot
     * dates up to {@code to} that hold at least {@link #RESCORE_LEADS} leads: reads their features,
     * scores them with the champion and replaces their rows in {@code gold_lead_scores}. The range is
     * chosen before the clock starts.
     */
    private static Supplier<Rows> rescore(SparkSession spark, Lake lake, LocalDate to) {
        java.util.NavigableMap<LocalDate, Long> leadsPerDate = new java.util.TreeMap<>();
        for (Row r : DeltaTables.read(spark, lake, GoldTables.LEAD_FEATURES)
                .where(col("snapshot_date").leq(lit(java.sql.Date.valueOf(to))))
                .groupBy(date_diff(col("snapshot_date"), lit(java.sql.Date.valueOf(LocalDate.EPOCH))).as("day"))
                .count().collectAsList()) {
            leadsPerDate.put(LocalDate.EPOCH.plusDays(r.getInt(0)), r.getLong(1));
        }
        LocalDate from = rescoreFrom(leadsPerDate, RESCORE_LEADS, to);
        return () -> {
            StepRecorder.TableResult r = LeadScoringJob.run(spark, ScoringConfig.defaults(lake, from, to,
                    Pipeline.newRunId("score", to)));
            return new Rows(r.rowsRead(), r.rowsWritten(), String.format(Locale.ROOT,
                    "snapshot dates %s..%s re-scored, as after a new champion", from, to));
        };
    }

    /**
     * The latest date from which the snapshot dates up to {@code to} hold at least {@code leads}
     * leads; the first date when all of them hold fewer; {@code to} when there are none.
     */
    static LocalDate rescoreFrom(java.util.NavigableMap<LocalDate, Long> leadsPerDate, long leads, LocalDate to) {
        long sum = 0;
        LocalDate from = to;
        for (Map.Entry<LocalDate, Long> e : leadsPerDate.headMap(to, true).descendingMap().entrySet()) {
            if (sum >= leads) {
                break;
            }
            sum += e.getValue();
            from = e.getKey();
        }
        return from;
    }

    /** What a stage read and wrote. */
    private record Rows(long in, long out, String note) {
    }

    private StageFigure stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private void stage(String name, Supplier<Rows> work) {
        stage(name, work, "");
    }

    private void stage(String name, Supplier<Rows> work, String skipReason) {
        stage(name, work, skipReason, r -> r);
    }

    /**
     * Times a stage; a null {@code work} is a skipped stage with that reason. {@code untimed} completes
     * the rows after the clock stopped (counts a job does not return).
     */
    private void stage(String name, Supplier<Rows> work, String skipReason, java.util.function.UnaryOperator<Rows> untimed) {
        if (work == null) {
            record(new StageFigure(name, StageFigure.SKIPPED, 0, 0, 0, 0, 0, skipReason));
            return;
        }
        out.printf("%s...%n", name);
        heap.reset();
        long t0 = System.nanoTime();
        Rows rows = work.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = heap.windowPeak();
        long live = heap.windowLiveAfterGc();
        rows = untimed.apply(rows);
        record(new StageFigure(name, StageFigure.OK, seconds, rows.in(), rows.out(), peak, live, rows.note()));
    }

    private void record(StageFigure s) {
        stages.add(s);
        out.printf(Locale.ROOT, "  %s: %s in %.1f s, rows in %s, rows out %,d, peak heap %.0f MiB%s%n", s.name(),
                s.status(), s.seconds(), s.rowsIn() < 0 ? "-" : String.format(Locale.ROOT, "%,d", s.rowsIn()),
                s.rowsOut(), s.peakHeapBytes() / (1024.0 * 1024), s.note().isEmpty() ? "" : " (" + s.note() + ")");
        LOG.info("stage={} status={} seconds={} rows_in={} rows_out={} peak_heap_bytes={}", s.name(), s.status(),
                s.seconds(), s.rowsIn(), s.rowsOut(), s.peakHeapBytes());
    }

    private void train(SparkSession spark, Lake lake, ModelDefinition model, TrainingSettings training,
            LocalDate history) {
        String name = "train " + model.name();
        out.printf("%s...%n", name);
        heap.reset();
        long t0 = System.nanoTime();
        ModelRunOutcome o = ModelTrainingJob.run(spark, new TrainConfig(lake, List.of(model),
                TrainingSets.DEFAULT_MAX_ROWS, training, null, Pipeline.newRunId("train", history))).get(0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> row = o.row();
        long in = count(row.get("rows_before_sampling"));
        long used = count(row.get("rows_train")) + count(row.get("rows_validation")) + count(row.get("rows_test"));
        record(new StageFigure(name, o.trained() ? StageFigure.OK : StageFigure.REFUSED, seconds, in, used,
                heap.windowPeak(), heap.windowLiveAfterGc(), o.trained() ? "labelled rows in, rows trained+validated+"
                        + "tested out; version " + o.version() + (o.promoted() ? ", champion" : ", not promoted")
                        : o.refusal()));
    }

    private static long count(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** Rows read and written over a stage's table steps (a table read by two steps counts twice). */
    private static Rows tables(List<StepRecorder.TableResult> results, String what) {
        return new Rows(results.stream().mapToLong(StepRecorder.TableResult::rowsRead).sum(),
                results.stream().mapToLong(StepRecorder.TableResult::rowsWritten).sum(),
                String.format(Locale.ROOT, "%s, %d table steps", what, results.size()));
    }

    /** The last day through {@code revlake_nightly}, every task in this JVM as {@code revlake run} does. */
    private Rows nightly(SparkSession spark, Lake lake, Path raw, Path exports, LocalDate day, List<TaskFigure> tasks) {
        Instant begin = Instant.now();
        Map<String, String> variables = Map.of("revlake_lake", lake.root(), "revlake_raw", raw.toString(),
                "revlake_exports", Locations.normalize(exports.toString()));
        DagRunner.Options options = new DagRunner.Options(variables, RETRY_DELAY, false, null,
                settings.maxActiveTasks());
        DagRunner runner = new DagRunner(spark, lake, RevLakeCli::execute, options, out);
        Dag dag = shippedDag("revlake_nightly");
        int atOnce = options.slots(dag);
        DagRunResult result = runner.run(dag, day);
        for (DagRunResult.TaskResult t : result.tasks()) {
            tasks.add(new TaskFigure(t.taskId(), t.outcome().name(), t.seconds()));
        }
        if (!result.succeeded()) {
            throw new IllegalStateException(result.label() + " did not finish: " + result.tasks().stream()
                    .filter(t -> t.message() != null).map(t -> t.taskId() + ": " + t.message()).findFirst()
                    .orElse("see above"));
        }
        // The tasks run as CLI commands with their own run ids: their rows are the ops_job_runs
        // rows that began during this run.
        Row totals = DeltaTables.read(spark, lake, OpsTables.JOB_RUNS)
                .where(col("started_at").geq(lit(Timestamp.from(begin))))
                .agg(sum("rows_read"), sum("rows_written")).head();
        return new Rows(totals.isNullAt(0) ? 0 : totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1),
                String.format(Locale.ROOT, "day %s, %d tasks, up to %d at once; rows summed over its ops_job_runs"
                        + " rows", day, result.tasks().size(), atOnce));
    }

    /** A DAG of the spec shipped in the orchestration jar (the same file as orchestration/dags). */
    static Dag shippedDag(String id) {
        try (InputStream yaml = DagFiles.class.getResourceAsStream("revlake_dags.yml")) {
            if (yaml == null) {
                throw new IllegalStateException("revlake_dags.yml is missing from the orchestration jar");
            }
            List<Dag> dags = DagFiles.load("revlake_dags.yml (built in)", yaml,
                    RevLakeCli.commandLine().getSubcommands()::containsKey);
            return dags.stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("DAG " + id + " is missing from revlake_dags.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped DAG spec: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path path) {
        try {
            org.apache.commons.io.FileUtils.deleteDirectory(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + path + ": " + e.getMessage(), e);
        }
    }
}
