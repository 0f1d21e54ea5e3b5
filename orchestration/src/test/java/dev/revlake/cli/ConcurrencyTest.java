package dev.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.dag.DagFiles;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LakeChecksums;
import dev.revlake.lake.Layer;
import dev.revlake.lake.SparkSessions;
import dev.revlake.lake.TableContract;
import dev.revlake.lake.WriteConflict;
import dev.revlake.raw.Source;
import dev.revlake.runner.DagRunResult;
import dev.revlake.runner.DagRunner;
import picocli.CommandLine;

/**
 * Two runs of one DAG and date at once, Delta write conflicts at the CLI, and the eight parallel
 * ingest tasks of a night (as Airflow runs them) writing the shared tables of one lake.
 */
class ConcurrencyTest {

    private static final String DAG = """
            test_nightly:
              schedule: "0 2 * * *"
              tasks:
                only:
                  operator: airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator
                  java_class: dev.revlake.cli.RevLakeCli
                  application_args: [dags]
            """;

    @TempDir
    Path dir;

    private final SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);

    @Test
    void aSecondRunOfTheSameDagAndDateIsRefusedNamingTheHolderWhileTheFirstFinishes() throws Exception {
        Path dagFile = Files.writeString(dir.resolve("dags.yml"), DAG);
        Path lake = dir.resolve("lake");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DagRunner first = new DagRunner(spark, new Lake(lake.toString()), (args, out, err) -> {
            started.countDown();
            try {
                return release.await(2, TimeUnit.MINUTES) ? 0 : 1;
            } catch (InterruptedException e) {
                return 1;
            }
        }, new DagRunner.Options(Map.of("revlake_lake", lake.toString(), "revlake_raw", "/raw", "revlake_exports",
                "/exports"), Duration.ZERO, false, null), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<DagRunResult> running = pool.submit(() -> first.run(DagFiles.load(dagFile, c -> true).get(0),
                    LocalDate.parse("2026-03-02")));
            // Slow machines: wait for the first run's task, surfacing the run's own failure if it never got there.
            for (int s = 0; !started.await(1, TimeUnit.SECONDS); s++) {
                if (running.isDone() || s > 600) {
                    throw new AssertionError("the first run never started its task: " + running.get(1,
                            TimeUnit.SECONDS));
                }
            }

            CliRun second = CliRun.of("run", "--dag", "test_nightly", "--file", dagFile.toString(), "--date",
                    "2026-03-02", "--lake", lake.toString(), "--raw", "/raw");
            assertThat(second.code()).isEqualTo(1);
            assertThat(second.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                    .containsPattern("revlake run: error: test_nightly 2026-03-02 is already running \\(process "
                            + ProcessHandle.current().pid() + " on \\S+ since 20\\d\\d-[^)]+\\); wait for it to finish");
            release.countDown();
            assertThat(running.get(2, TimeUnit.MINUTES).succeeded()).isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        // Once the first run is done the lock is free again: the same date now finds its task done.
        CliRun third = CliRun.of("run", "--dag", "test_nightly", "--file", dagFile.toString(), "--date", "2026-03-02",
                "--lake", lake.toString(), "--raw", "/raw");
        assertThat(third.code()).as(third.err()).isZero();
    }

    /** A command that makes two threads replace the same rows of one table at once, as two jobs would. */
    @CommandLine.Command(name = "conflicting-writes")
    static final class ConflictingWrites implements Callable<Integer> {
        static final TableContract TABLE = new TableContract("gold_conflict_test", Layer.GOLD, "one row per day",
                new StructType().add("day", DataTypes.DateType, false).add("writer", DataTypes.IntegerType, false),
                List.of("day"), List.of(), Map.of());

        @CommandLine.Option(names = "--lake", required = true)
        String lake;

        @Override
        public Integer call() throws Exception {
            SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);
            Lake l = new Lake(lake);
            LocalDate day = LocalDate.parse("2026-03-01");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 6; round++) {
                    CyclicBarrier start = new CyclicBarrier(2);
                    List<Future<?>> writes = new ArrayList<>();
                    for (int w = 0; w < 2; w++) {
                        Dataset<Row> rows = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(day,
                                w)), TABLE.schema());
                        writes.add(pool.submit(() -> {
                            start.await();
                            DeltaTables.replaceRange(spark, l, TABLE, "day", day, day, rows);
                            return null;
                        }));
                    }
                    for (Future<?> f : writes) {
                        try {
                            f.get();
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw (Exception) e.getCause();
                        }
                    }
                }
                return 0;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aDeltaWriteConflictIsOneLineNamingTheTableWithTheRetryableExitCode() {
        CommandLine cli = RevLakeCli.commandLine();
        cli.addSubcommand(new ConflictingWrites());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("conflicting-writes", "--lake", dir.resolve("lake").toString());
        assertThat(code).as(err.toString()).isEqualTo(WriteConflict.EXIT_CODE).isEqualTo(75);
        assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain("\tat ")
                .startsWith("revlake conflicting-writes: error: write conflict on table gold_conflict_test: another"
                        + " write committed to it first (")
                .endsWith("); this write committed nothing and the task can be retried");
        // One writer's row: the refused write left nothing behind.
        assertThat(spark.read().format("delta").load(new Lake(dir.resolve("lake").toString())
                .path(ConflictingWrites.TABLE)).count()).isEqualTo(1);
    }

    @Test
    void eightParallelIngestsFromAFreshLakeOnEqualOneIngestOfAllSourcesAndChangeNothingWhenRunAgain() throws Exception {
        Path raw = dir.resolve("raw");
        assertThat(CliRun.of("simulate", "--raw", raw.toString(), "--contacts", "40", "--days", "2", "--start",
                "2026-03-01", "--seed", "5", "--dirt-rate", "0.05").code()).isZero();
        Path together = dir.resolve("together");
        Path parallel = dir.resolve("parallel");
        for (String date : List.of("2026-03-01", "2026-03-02")) {
            CliRun all = CliRun.of("ingest", "--lake", together.toString(), "--raw", raw.toString(), "--date", date);
            assertThat(all.code()).as(all.err()).isZero();
        }
        // Both nights as the runner and Airflow run them, one task per source at once; the first night's eight
        // tasks also create the shared tables of the fresh lake together.
        ingestInParallel(parallel, raw, "2026-03-01");
        ingestInParallel(parallel, raw, "2026-03-02");
        Map<String, LakeChecksums.Checksum> expected = LakeChecksums.tables(spark, together.toString());
        assertThat(expected).containsKeys("bronze_quarantine", "ops_ingested_files", "bronze_web_pageviews");
        assertThat(expected.get("ops_ingested_files").rows()).isPositive();
        assertThat(LakeChecksums.differences(expected, LakeChecksums.tables(spark, parallel.toString()))).isEmpty();

        // The night's eight tasks again (a re-run after a kill, or cleared in Airflow): nothing changes.
        ingestInParallel(parallel, raw, "2026-03-02");
        assertThat(LakeChecksums.differences(expected, LakeChecksums.tables(spark, parallel.toString()))).isEmpty();
    }

    private static void ingestInParallel(Path lake, Path raw, String date) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Source.values().length);
        try {
            CyclicBarrier start = new CyclicBarrier(Source.values().length);
            List<Future<CliRun>> runs = new ArrayList<>();
            for (Source s : Source.values()) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return CliRun.of("ingest", "--lake", lake.toString(), "--raw", raw.toString(), "--date", date,
                            "--source", s.id());
                }));
            }
            for (Future<CliRun> r : runs) {
                CliRun run = r.get(5, TimeUnit.MINUTES);
                assertThat(run.code()).as(date + ": " + run.err()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
