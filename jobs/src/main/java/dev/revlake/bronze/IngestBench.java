package dev.revlake.bronze;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.raw.Source;

/**
 * Where the bronze ingest spends its time: {@code IngestBench <rawRoot> <lakeRoot> <from> <to>}. Ingests
 * {@code from .. to-1} in one run (a backfill), then day {@code to} one source per run as the nightly
 * DAG's eight {@code ingest_<source>} tasks do, then that night again (a re-run, which must add
 * nothing). Prints per phase: wall seconds, records read and written, Spark jobs and tasks, Delta
 * commits, and the Spark jobs grouped by the line that launched them. The lake root must be new.
 */
public final class IngestBench {

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: IngestBench <rawRoot> <lakeRoot> <from> <to>");
            System.exit(2);
        }
        String raw = args[0];
        Lake lake = new Lake(args[1]);
        LocalDate from = LocalDate.parse(args[2]);
        LocalDate to = LocalDate.parse(args[3]);
        SparkSession spark = SparkSessions.getOrCreate("ingest-bench", 4);
        spark.sparkContext().setLogLevel("WARN");
        JobCounter jobs = new JobCounter();
        spark.sparkContext().addSparkListener(jobs);

        phase(spark, jobs, lake, "backfill " + from + ".." + to.minusDays(1), () -> BronzeIngestJob.run(spark,
                new BronzeIngestJob.Config(lake, raw, from, to.minusDays(1), 7, Arrays.asList(Source.values()),
                        "bench-backfill")));
        phase(spark, jobs, lake, "nightly " + to + ", 8 runs of one source", () -> Arrays.stream(Source.values())
                .flatMap(s -> BronzeIngestJob.run(spark, new BronzeIngestJob.Config(lake, raw, to, to, 7,
                        List.of(s), "bench-nightly-" + s.id())).stream()).toList());
        phase(spark, jobs, lake, "re-run of " + to + ", 8 runs of one source", () -> Arrays.stream(Source.values())
                .flatMap(s -> BronzeIngestJob.run(spark, new BronzeIngestJob.Config(lake, raw, to, to, 7,
                        List.of(s), "bench-rerun-" + s.id())).stream()).toList());
        spark.stop();
    }

    private interface Ingest {
        List<BronzeIngestJob.SourceResult> run();
    }

    private static void phase(SparkSession spark, JobCounter jobs, Lake lake, String name, Ingest ingest)
            throws Exception {
        jobs.reset();
        long commits = commits(lake);
        long t0 = System.nanoTime();
        List<BronzeIngestJob.SourceResult> results = ingest.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        spark.sparkContext().listenerBus().waitUntilEmpty();
        long read = results.stream().mapToLong(BronzeIngestJob.SourceResult::rowsRead).sum();
        long written = results.stream().mapToLong(BronzeIngestJob.SourceResult::rowsWritten).sum();
        long files = results.stream().mapToLong(BronzeIngestJob.SourceResult::files).sum();
        System.out.printf(Locale.ROOT, "%s: %.1f s, %,d files, %,d records read, %,d written (%,.0f records/s);"
                        + " %d Spark jobs, %d stages, %d tasks, %d Delta commits, all reconcile: %s%n", name, seconds,
                files, read, written, read / seconds, jobs.jobs.get(), jobs.stages.get(), jobs.tasks.get(),
                commits(lake) - commits, results.stream().allMatch(BronzeIngestJob.SourceResult::reconciles));
        new TreeMap<>(jobs.bySite).entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1],
                a.getValue()[1])).limit(12).forEach(e -> System.out.printf(Locale.ROOT,
                "    %6.1f s  %4d jobs  %s%n", e.getValue()[1] / 1e3, e.getValue()[0], e.getKey()));
    }

    /** Delta commit files under the lake (every table's {@code _delta_log/*.json}). */
    private static long commits(Lake lake) throws IOException {
        Path root = Path.of(lake.root());
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getParent() != null && p.getParent().getFileName().toString()
                    .equals("_delta_log") && p.getFileName().toString().endsWith(".json")).count();
        }
    }

    /** Counts Spark jobs, stages and tasks, and job wall time by the call site that launched them. */
    private static final class JobCounter extends SparkListener {
        final AtomicLong jobs = new AtomicLong();
        final AtomicLong stages = new AtomicLong();
        final AtomicLong tasks = new AtomicLong();
        final Map<String, long[]> bySite = new ConcurrentHashMap<>();
        private final Map<Integer, Object[]> running = new ConcurrentHashMap<>();

        void reset() {
            jobs.set(0);
            stages.set(0);
            tasks.set(0);
            bySite.clear();
        }

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
            // A job's last stage is named after the action's call site, e.g. "count at BronzeIngestJob.java:250".
            String site = start.stageInfos().isEmpty() ? "?" : start.stageInfos().last().name();
            running.put(start.jobId(), new Object[] {site, start.time()});
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            Object[] s = running.remove(end.jobId());
            if (s != null) {
                long[] v = bySite.computeIfAbsent((String) s[0], k -> new long[2]);
                synchronized (v) {
                    v[0]++;
                    v[1] += end.time() - (long) s[1];
                }
            }
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted stage) {
            stages.incrementAndGet();
            tasks.addAndGet(stage.stageInfo().numTasks());
        }
    }
}
