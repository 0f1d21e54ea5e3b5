package dev.revlake.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.SparkSessions;
import dev.revlake.runner.CrashHarness;

/**
 * A backfill killed with {@code kill -9} in the middle of a task, then run again: it resumes at the
 * killed task without redoing finished ones and ends with the same bronze, silver and gold tables as
 * a backfill that was never interrupted.
 */
class BackfillKillResumeTest {

    /** Columns that record when and by which run a row was ingested, not what it says. */
    private static final List<String> RUN_COLUMNS = List.of("_ingested_at", "_run_id");

    private static final String DAG = """
            default:
              default_args:
                retries: 0
                execution_timeout_secs: 900
            test_nightly:
              schedule: "0 2 * * *"
              tasks:
                ingest:
                  operator: airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator
                  java_class: dev.revlake.cli.RevLakeCli
                  application_args: [ingest, "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}"]
                silver:
                  operator: airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator
                  java_class: dev.revlake.cli.RevLakeCli
                  application_args: [silver, "--lake", "{{ var.value.revlake_lake }}", "--from", "{{ ds }}", "--to", "{{ ds }}"]
                  dependencies: [ingest]
                gold:
                  operator: airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator
                  java_class: dev.revlake.cli.RevLakeCli
                  application_args: [gold, "--lake", "{{ var.value.revlake_lake }}", "--from", "{{ macros.ds_add(ds, -1) }}", "--to", "{{ ds }}"]
                  dependencies: [silver]
            """;

    @TempDir
    Path dir;

    @Test
    void aKilledBackfillResumesAtTheKilledTaskAndEndsWithTheSameTables() throws Exception {
        Path raw = dir.resolve("raw");
        Path dagFile = Files.writeString(dir.resolve("test_dags.yml"), DAG);
        assertThat(CliRun.of("simulate", "--raw", raw.toString(), "--contacts", "60", "--days", "5", "--start",
                "2026-03-01", "--seed", "11").code()).isZero();
        String[] range = {"--from", "2026-03-01", "--to", "2026-03-02"};

        // Day one runs once; its lake is copied, so both backfills below find it done and start at day two.
        Instant t0 = Instant.now();
        Path whole = dir.resolve("uninterrupted");
        CliRun dayOne = CliRun.of(backfill(dagFile, whole, raw, new String[] {"--from", "2026-03-01", "--to",
                "2026-03-01"}));
        assertThat(dayOne.code()).as(dayOne.err()).isZero();
        Path killed = dir.resolve("killed");
        copyTree(whole, killed);
        CliRun uninterrupted = CliRun.of(backfill(dagFile, whole, raw, range));
        assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();
        double wholeSeconds = seconds(t0);

        // The same backfill in its own JVM, killed (SIGKILL) once the second day's silver task has started.
        Instant t1 = Instant.now();
        List<String> printed = killDuringSecondDaySilver(backfill(dagFile, killed, raw, range));
        assertThat(printed).contains("== test_nightly 2026-03-02 (day 2 of 2): 3 tasks");
        assertThat(printed.subList(printed.indexOf("== test_nightly 2026-03-02 (day 2 of 2): 3 tasks"), printed.size()))
                .noneMatch(l -> l.startsWith("<- [ 2/3] silver"));
        double killedSeconds = seconds(t1);

        Instant t2 = Instant.now();
        SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);
        Dataset<Row> before = spark.read().format("delta").load(killed.resolve("lake/ops/ops_task_runs").toString())
                .cache();
        long successesBefore = before.where(col("state").equalTo(lit("success"))).count();
        assertThat(successesBefore).isEqualTo(4); // day 1: three tasks; day 2: ingest
        CliRun resumed = CliRun.of(backfill(dagFile, killed, raw, range));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).doesNotContain("Exception");
        double resumedSeconds = seconds(t2);

        Dataset<Row> runs = spark.read().format("delta").load(killed.resolve("lake/ops/ops_task_runs").toString());
        // Each task of each day succeeded exactly once: nothing finished was redone.
        assertThat(runs.where(col("state").equalTo(lit("success"))).groupBy("run_date", "task_id").count()
                .collectAsList()).hasSize(6).allMatch(r -> r.getLong(2) == 1L);
        // The killed try left its running row; the resumed run made the second try of that task.
        List<Row> silver = runs.where(col("task_id").equalTo(lit("silver"))
                .and(col("run_date").equalTo(lit(java.time.LocalDate.of(2026, 3, 2)))))
                .orderBy("try_number", "state").select("try_number", "state").collectAsList();
        assertThat(silver.stream().map(r -> r.getInt(0) + ":" + r.getString(1)).toList())
                .containsExactly("1:running", "2:running", "2:success");

        List<String> compared = new ArrayList<>();
        for (String layer : List.of("bronze", "silver", "gold")) {
            try (Stream<Path> tables = Files.list(whole.resolve("lake").resolve(layer))) {
                for (Path table : tables.sorted().toList()) {
                    Path other = killed.resolve("lake").resolve(layer).resolve(table.getFileName());
                    assertSameContent(spark, table, other);
                    compared.add(table.getFileName().toString());
                }
            }
        }
        assertThat(compared).contains("bronze_web_pageviews", "silver_events", "gold_lead_features");
        System.out.printf("kill-and-resume: %d tables equal; uninterrupted %.1f s, killed run %.1f s, resumed %.1f s%n",
                compared.size(), wholeSeconds, killedSeconds, resumedSeconds);
    }

    private static String[] backfill(Path dagFile, Path root, Path raw, String[] range) {
        List<String> args = new ArrayList<>(List.of("backfill", "--dag", "test_nightly", "--file", dagFile.toString(),
                "--lake", root.resolve("lake").toString(), "--raw", raw.toString()));
        args.addAll(List.of(range));
        return args.toArray(String[]::new);
    }

    private static void assertSameContent(SparkSession spark, Path expectedTable, Path actualTable) {
        Dataset<Row> expected = spark.read().format("delta").load(expectedTable.toString());
        Dataset<Row> actual = spark.read().format("delta").load(actualTable.toString());
        assertThat(actual.schema()).as(expectedTable.getFileName().toString()).isEqualTo(expected.schema());
        String[] drop = RUN_COLUMNS.stream().filter(c -> List.of(expected.columns()).contains(c))
                .toArray(String[]::new);
        Dataset<Row> e = expected.drop(drop);
        Dataset<Row> a = actual.drop(drop);
        String name = expectedTable.getFileName().toString();
        assertThat(a.count()).as(name + " rows").isEqualTo(e.count());
        assertThat(e.exceptAll(a).count()).as(name + " rows only in the uninterrupted run").isZero();
        assertThat(a.exceptAll(e).count()).as(name + " rows only in the resumed run").isZero();
    }

    /** Runs the CLI in a child JVM and kills it a moment after the second day's silver task starts. */
    private static List<String> killDuringSecondDaySilver(String[] args) throws IOException, InterruptedException {
        List<String> command = CrashHarness.childJvm(RevLakeCli.class.getName(), List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> killedAfterSilverStarted = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            boolean secondDay = false;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line.strip());
                    }
                    secondDay |= line.startsWith("== test_nightly 2026-03-02");
                    if (secondDay && line.startsWith("-> [ 2/3] silver")) {
                        killedAfterSilverStarted.complete(null);
                    }
                }
            } catch (IOException e) {
                // The stream closes when the process is killed.
            }
        });
        reader.start();
        try {
            killedAfterSilverStarted.get(8, TimeUnit.MINUTES);
            Thread.sleep(1500);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the second day's silver task never started: " + lines, e);
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hooks, no clean-up
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
