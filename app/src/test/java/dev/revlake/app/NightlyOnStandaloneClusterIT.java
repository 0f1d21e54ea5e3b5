package dev.revlake.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.revlake.cli.RevLakeCli;
import dev.revlake.lake.Lake;

/**
 * The application jar on a real Spark standalone cluster: one nightly run submitted with
 * {@code spark-submit} to a master and worker on the loopback interface must write the same gold
 * tables as the same run in-process with {@code local[*]}.
 *
 * <p>The history before the last day is prepared once in this JVM with {@code local[*]}; that
 * SparkSession (one per JVM) also serves the local nightly run and the comparison. The cluster run
 * is a separate driver JVM started the way {@code bin/spark-submit} starts one.
 */
class NightlyOnStandaloneClusterIT {

    private static final LocalDate START = LocalDate.of(2026, 1, 5);
    private static final int DAYS = 8;
    private static final LocalDate LAST = START.plusDays(DAYS - 1);
    private static final long SUBMIT_TIMEOUT_SECONDS = 900;

    private final List<String> timings = new ArrayList<>();

    @Test
    void nightlyOnTheClusterWritesTheSameGoldTablesAsLocal(@TempDir Path directory) throws Exception {
        Path applicationJar = Path.of(System.getProperty("revlake.app.jar"));
        Path sparkClassPath = Path.of(System.getProperty("revlake.spark.classpath"));
        assertThat(applicationJar).as("the application jar (run in the integration-test phase)").isRegularFile();
        assertThat(sparkClassPath).isRegularFile();

        long started = System.nanoTime();
        try (StandaloneCluster cluster = StandaloneCluster.start(directory.resolve("cluster"),
                Files.readString(sparkClassPath))) {
            lap("start master and worker", started);

            Path raw = directory.resolve("raw");
            long step = System.nanoTime();
            cli("simulate", "--raw", raw.toString(), "--contacts", "250", "--days", Integer.toString(DAYS),
                    "--start", START.toString(), "--seed", "7");
            Path history = directory.resolve("lake-history");
            for (String stage : List.of("ingest", "silver", "gold")) {
                cli(stage, "--lake", history.toString(), "--raw", raw.toString(), "--from", START.toString(),
                        "--to", LAST.minusDays(1).toString());
            }
            lap("simulate and prepare " + (DAYS - 1) + " days of history (local[*])", step);

            Path localLake = directory.resolve("lake-local");
            Path clusterLake = directory.resolve("lake-cluster");
            copy(history, localLake);
            copy(history, clusterLake);

            step = System.nanoTime();
            cli("nightly", "--lake", localLake.toString(), "--raw", raw.toString(), "--date", LAST.toString(),
                    "--no-score");
            lap("nightly " + LAST + " in-process (local[*])", step);

            step = System.nanoTime();
            ChildJvm submit = ChildJvm.start("spark-submit", cluster.logDirectory(), cluster.submitClassPath(),
                    List.of("-Xmx1g"), "org.apache.spark.deploy.SparkSubmit", List.of(
                            "--master", cluster.masterUrl(), "--deploy-mode", "client",
                            "--class", "dev.revlake.cli.RevLakeCli",
                            // The settings SparkSessions gives a local run, so both runs partition alike.
                            "--conf", "spark.sql.shuffle.partitions=4",
                            "--conf", "spark.default.parallelism=4",
                            "--conf", "spark.databricks.delta.snapshotPartitions=2",
                            "--conf", "spark.executor.memory=1g",
                            "--conf", "spark.ui.enabled=false",
                            "--conf", "spark.driver.host=127.0.0.1",
                            applicationJar.toString(),
                            "nightly", "--lake", clusterLake.toString(), "--raw", raw.toString(),
                            "--date", LAST.toString(), "--no-score"),
                    StandaloneCluster.environment(cluster.sparkHome()));
            int exitCode = submit.waitFor(SUBMIT_TIMEOUT_SECONDS);
            lap("nightly " + LAST + " with spark-submit on the standalone cluster", step);
            assertThat(exitCode).as(() -> "spark-submit failed:\n" + submit.describe() + "\n" + describe(cluster))
                    .isZero();

            List<Path> executors = cluster.executorDirectories();
            assertThat(executors).as(() -> "executor folders in the worker's work dir\n" + describe(cluster))
                    .isNotEmpty();
            JsonNode state = cluster.state();
            assertThat(state.path("completedapps")).as("applications the master saw complete").hasSize(1);
            assertThat(state.path("completedapps").get(0).path("state").asText()).isEqualTo("FINISHED");
            assertThat(state.path("completedapps").get(0).path("cores").asInt()).isPositive();

            step = System.nanoTime();
            List<GoldTableComparison.Result> results = GoldTableComparison.compareAll(SparkSession.active(),
                    new Lake(localLake.toString()), new Lake(clusterLake.toString()));
            lap("compare gold tables", step);
            long rows = results.stream().mapToLong(GoldTableComparison.Result::expectedRows).sum();
            System.out.println("gold tables, local[*] vs standalone cluster (" + executors.size()
                    + " executor(s) ran):");
            results.forEach(result -> System.out.println("  " + result));
            System.out.printf("  %,d rows compared in %d tables%n", rows, results.size());
            timings.forEach(System.out::println);
            lap("total", started);
            System.out.println(timings.get(timings.size() - 1));

            assertThat(rows).as("gold rows to compare").isPositive();
            assertThat(results).as("gold tables that differ").allSatisfy(result ->
                    assertThat(result.equal()).as(result.toString()).isTrue());
            // The comparison must be able to fail: the lake one night behind differs.
            assertThat(GoldTableComparison.compareAll(SparkSession.active(), new Lake(history.toString()),
                    new Lake(localLake.toString()))).as("gold tables of the lake before the last night")
                    .anyMatch(result -> !result.equal());
        }
    }

    /** Runs a CLI command in this JVM and fails with what it printed if it did not succeed. */
    private static void cli(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RevLakeCli.execute(arguments, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(() -> "revlake " + String.join(" ", arguments) + "\n" + err + out).isZero();
    }

    private void lap(String part, long startNanos) {
        timings.add(String.format("  %6.1f s  %s", (System.nanoTime() - startNanos) / 1e9, part));
    }

    private static String describe(StandaloneCluster cluster) {
        try {
            return cluster.describe();
        } catch (IOException e) {
            return "(cluster logs unreadable: " + e.getMessage() + ")";
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        }
    }
}
