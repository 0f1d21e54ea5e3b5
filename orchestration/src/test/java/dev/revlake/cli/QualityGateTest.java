package dev.revlake.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.dag.Dag;
import dev.revlake.dag.DagFiles;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.ops.OpsTables;
import dev.revlake.raw.Source;
import dev.revlake.runner.TaskRuns;

/**
 * A nightly DAG stops at its bronze quality gate when the web page views of the run date drop by
 * 90%: nothing after the gate runs, nothing reaches the CRM folder, and {@code ops_quality_checks}
 * and the task's message say which check failed and by how much.
 *
 * <p>The DAG is the shipped nightly's chain with one ingest task instead of eight (each task try
 * costs Delta commits; eight ingests took 90 s on a loaded machine); its gate task is the shipped
 * {@code check_bronze}, and the test checks that the shipped nightly wires that gate the same way.
 */
class QualityGateTest {

    private static final LocalDate LAST = LocalDate.of(2026, 3, 9); // a Monday
    private static final LocalDate SUNDAY = LAST.minusDays(1);

    @TempDir
    Path dir;

    private static final String TASK = """
                %s:
                  operator: airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator
                  java_class: dev.revlake.cli.RevLakeCli
                  application_args: [%s]
                  dependencies: [%s]
            """;

    private static String dag(Dag shipped) {
        StringBuilder y = new StringBuilder("""
                default:
                  default_args:
                    retries: 2
                    retry_delay_sec: 300
                test_nightly:
                  schedule: "0 2 * * *"
                  tasks:
                """);
        y.append(String.format(TASK, "ingest", "ingest, \"--lake\", \"{{ var.value.revlake_lake }}\", \"--raw\","
                + " \"{{ var.value.revlake_raw }}\", \"--date\", \"{{ ds }}\"", ""));
        String previous = "ingest";
        for (String id : List.of("check_bronze", "silver", "check_silver", "gold", "check_gold", "score", "check_scores",
                "forecast", "export")) {
            String args = shipped.task(id).applicationArgs().stream().map(a -> "\"" + a + "\"")
                    .collect(java.util.stream.Collectors.joining(", "));
            y.append(String.format(TASK, id, args, previous));
            previous = id;
        }
        return y.toString().replace("      dependencies: []\n", "");
    }

    @Test
    void aNinetyPercentDropInPageViewsStopsTheNightlyAtTheBronzeGate() throws Exception {
        // The shipped nightly gates silver on check_bronze; the test DAG runs that same gate task.
        Dag shipped = DagFiles.load(Path.of("dags/revlake_dags.yml"), c -> true).get(0);
        assertThat(shipped.task("check_bronze").dependencies()).hasSize(8).allMatch(t -> t.startsWith("ingest_"));
        assertThat(shipped.task("silver").dependencies()).containsExactly("check_bronze");
        Path dagFile = Files.writeString(dir.resolve("test_dags.yml"), dag(shipped));
        Path raw = dir.resolve("raw");
        Path lakeDir = dir.resolve("lake");
        Path exports = dir.resolve("exports");
        assertThat(CliRun.of("simulate", "--raw", raw.toString(), "--truth", dir.resolve("truth").toString(),
                "--contacts", "300", "--days", "9", "--start", "2026-03-01", "--seed", "11").code()).isZero();
        // Bronze history of the 8 days before: one batch, enough for the 7-day median.
        CliRun history = CliRun.of("ingest", "--lake", lakeDir.toString(), "--raw", raw.toString(), "--from",
                "2026-03-01", "--to", SUNDAY.toString());
        assertThat(history.code()).as(history.err()).isZero();

        // Clean data passes, a weekend's dip in page views included.
        CliRun clean = CliRun.of("check", "--lake", lakeDir.toString(), "--date", SUNDAY.toString(), "--stage",
                "bronze");
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).containsPattern("2026-03-08 +bronze_web_pageviews +volume_change +error +passed")
                .contains("bronze quality checks for 2026-03-08: ");

        // The last day's page views lose 90% of their records; the file stays.
        Path pageViews = raw.resolve("web_pageviews/dt=" + LAST + "/part-00000.jsonl");
        List<String> lines = Files.readAllLines(pageViews);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 10) {
            kept.add(lines.get(i));
        }
        Files.write(pageViews, kept);

        CliRun night = CliRun.of("run", "--dag", "test_nightly", "--file", dagFile.toString(), "--date",
                LAST.toString(), "--lake", lakeDir.toString(), "--raw", raw.toString(), "--exports",
                exports.toString(), "--retry-delay", "1");
        assertThat(night.code()).isEqualTo(1);

        SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);
        Lake lake = new Lake(lakeDir.toString());
        List<Row> tries = DeltaTables.read(spark, lake, TaskRuns.TABLE)
                .where(col("run_date").equalTo(lit(LAST)).and(col("state").notEqual(lit(TaskRuns.RUNNING))))
                .select("task_id", "state", "try_number", "exit_code", "message").collectAsList();
        List<String> ran = tries.stream().map(r -> r.getString(0)).distinct().toList();
        assertThat(ran).containsExactlyInAnyOrder("ingest", "check_bronze");
        Row gate = tries.stream().filter(r -> r.getString(0).equals("check_bronze")).findFirst().orElseThrow();
        // Failed with the gate's exit code, once: retrying cannot fix data.
        assertThat(gate.getString(1)).isEqualTo(TaskRuns.FAILED);
        assertThat(gate.getInt(2)).isEqualTo(1);
        assertThat(gate.getInt(3)).isEqualTo(RevLakeCli.QUALITY_GATE_FAILED);
        assertThat(tries.stream().filter(r -> r.getString(0).equals("check_bronze"))).hasSize(1);
        // Nothing reached the CRM reload folder.
        assertThat(!Files.exists(exports) || isEmpty(exports)).isTrue();

        // The observed numbers, recomputed from bronze.
        List<Row> counts = DeltaTables.read(spark, lake, BronzeTables.forSource(Source.WEB_PAGEVIEWS))
                .groupBy(BronzeTables.DELIVERY_DATE).count().collectAsList();
        long today = counts.stream().filter(r -> r.get(0).equals(LAST)).mapToLong(r -> r.getLong(1)).sum();
        long[] before = counts.stream().filter(r -> !r.get(0).equals(LAST) && !r.get(0).equals(LAST.minusDays(8)))
                .mapToLong(r -> r.getLong(1)).sorted().toArray();
        assertThat(before).hasSize(7);
        long median = before[3];
        String drop = String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * (median - today) / median);
        String expected = String.format(java.util.Locale.ROOT, "bronze_web_pageviews volume for 2026-03-09: %,d rows,"
                + " %s below the 7-day median of %,d (limit: 85%% drop)", today, drop, median);
        assertThat(100.0 * (median - today) / median).isGreaterThan(85);
        assertThat(gate.getString(4)).isEqualTo("quality gate failed: " + expected);

        List<Row> checks = DeltaTables.read(spark, lake, OpsTables.QUALITY_CHECKS)
                .where(col("run_date").equalTo(lit(LAST)).and(col("status").equalTo(lit("failed"))))
                .select("stage", "table_name", "check_type", "severity", "observed_value", "threshold_value",
                        "message").collectAsList();
        assertThat(checks).hasSize(1);
        Row failed = checks.get(0);
        assertThat(Arrays.asList(failed.getString(0), failed.getString(1), failed.getString(2), failed.getString(3)))
                .containsExactly("bronze", "bronze_web_pageviews", "volume_change", "error");
        assertThat(failed.getDouble(4)).isEqualTo((double) today);
        assertThat(failed.getDouble(5)).isEqualTo(Math.ceil(median * 0.15));
        assertThat(failed.getString(6)).isEqualTo(expected);
    }

    private static boolean isEmpty(Path folder) throws java.io.IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }
}
