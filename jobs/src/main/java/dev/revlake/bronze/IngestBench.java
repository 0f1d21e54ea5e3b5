package dev.revlake.bronze;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.lake.SparkStages;
import dev.revlake.raw.Source;

/**
 * Where the bronze ingest spends its time: {@code IngestBench <rawRoot> <lakeRoot> <from> <to>}. Ingests
 * {@code from .. to-1} in one run (a backfill), then day {@code to} one source per run as the nightly
 * DAG's eight {@code ingest_<source>} tasks do, then that night again (a re-run, which must add
 * nothing). Prints per phase: wall seconds, records read and written, Spark jobs, stages and
 * tasks, Delta commits, and stage seconds grouped by the line Spark names the stages after
 * ({@link SparkStages}). The lake root must be new.
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

        phase(spark, lake, "backfill " + from + ".." + to.minusDays(1), () -> BronzeIngestJob.run(spark,
                new BronzeIngestJob.Config(lake, raw, from, to.minusDays(1), 7, Arrays.asList(Source.values()),
                        "bench-backfill")));
        phase(spark, lake, "nightly " + to + ", 8 runs of one source", () -> Arrays.stream(Source.values())
                .flatMap(s -> BronzeIngestJob.run(spark, new BronzeIngestJob.Config(lake, raw, to, to, 7,
                        List.of(s), "bench-nightly-" + s.id())).stream()).toList());
        phase(spark, lake, "re-run of " + to + ", 8 runs of one source", () -> Arrays.stream(Source.values())
                .flatMap(s -> BronzeIngestJob.run(spark, new BronzeIngestJob.Config(lake, raw, to, to, 7,
                        List.of(s), "bench-rerun-" + s.id())).stream()).toList());
        spark.stop();
    }

    private interface Ingest {
        List<BronzeIngestJob.SourceResult> run();
    }

    private static void phase(SparkSession spark, Lake lake, String name, Ingest ingest) throws IOException {
        long commits = commits(lake);
        List<BronzeIngestJob.SourceResult> results = new ArrayList<>();
        double[] seconds = new double[1];
        SparkStages stages = SparkStages.during(spark, () -> {
            long t0 = System.nanoTime();
            results.addAll(ingest.run());
            seconds[0] = (System.nanoTime() - t0) / 1e9;
        });
        long read = results.stream().mapToLong(BronzeIngestJob.SourceResult::rowsRead).sum();
        long written = results.stream().mapToLong(BronzeIngestJob.SourceResult::rowsWritten).sum();
        long files = results.stream().mapToLong(BronzeIngestJob.SourceResult::files).sum();
        System.out.printf(Locale.ROOT, "%s: %.1f s, %,d files, %,d records read, %,d written (%,.0f records/s);"
                        + " %d Spark jobs, %d stages, %d tasks, %d Delta commits, all reconcile: %s%n", name, seconds[0],
                files, read, written, read / seconds[0], stages.jobs(), stages.stages(), stages.tasks(),
                commits(lake) - commits, results.stream().allMatch(BronzeIngestJob.SourceResult::reconciles));
        stages.costliest(12).forEach(site -> System.out.printf(Locale.ROOT, "    %6.1f s  %4d stages  %s%n",
                site.seconds(), site.stages(), site.callSite()));
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
}
