package dev.revlake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.revlake.lake.SparkSessions;

/** {@code revlake bench} end to end on a tiny company, and its usage errors. */
class BenchCliTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void usageErrorsPrintOneLineAndExit2() {
        Run preset = run("--preset", "huge");
        assertThat(preset.code()).isEqualTo(BenchCli.USAGE_ERROR);
        assertThat(preset.err().strip()).isEqualTo("revlake bench: Invalid preset: 'huge' (quick, small, default or"
                + " large) (see 'revlake bench --help')");
        Run days = run("--contacts", "10", "--days", "1");
        assertThat(days.code()).isEqualTo(BenchCli.USAGE_ERROR);
        assertThat(days.err().strip()).startsWith("revlake bench: Invalid days: 1").doesNotContain("\n");
        Run option = run("--contacts", "many");
        assertThat(option.code()).isEqualTo(BenchCli.USAGE_ERROR);
        assertThat(option.err().strip()).startsWith("revlake bench: Invalid value for option '--contacts'")
                .doesNotContain("\n").doesNotContain("Exception");
    }

    /** A run that ran out of heap says so and how to give it more, whatever exception reached the command. */
    @Test
    void aRunOutOfHeapSaysSoInOneLineWhicheverThreadRanOut() {
        IllegalStateException sessionGone = new IllegalStateException("No active or default Spark session found");
        assertThat(BenchCli.failure(sessionGone, "Spark Context Cleaner", 4096L << 20)).isEqualTo("revlake bench:"
                + " error: the JVM ran out of heap (-Xmx 4,096 MiB, first in thread Spark Context Cleaner) and the run"
                + " stopped; give it more, e.g. REVLAKE_JAVA_OPTS=-Xmx8g ./revlake bench ..., or pick a smaller preset"
                + " (then: No active or default Spark session found)");
        assertThat(BenchCli.failure(new RuntimeException("stage gold", new OutOfMemoryError("Java heap space")), null,
                4096L << 20)).startsWith("revlake bench: error: the JVM ran out of heap (-Xmx 4,096 MiB) and the run"
                + " stopped;").doesNotContain("\n");
        assertThat(BenchCli.failure(sessionGone, null, 4096L << 20))
                .isEqualTo("revlake bench: error: No active or default Spark session found");
    }

    /**
     * Two days: one of history through every stage, one for the nightly run. Too small to train any
     * model, so the models are reported refused and scoring, forecast and export skipped.
     */
    @Test
    void aTinyCompanyRunsEveryStageAndWritesTheFigures(@TempDir Path dir) throws Exception {
        // The tests' shared session (2 shuffle partitions): the bench's getOrCreate finds it.
        SparkSessions.getOrCreate("revlake-tests", 2);
        Path json = dir.resolve("figures.json");
        Run r = run("--contacts", "150", "--days", "2", "--start", "2026-03-01", "--dir", dir.resolve("work").toString(),
                "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("run").path("preset").asText()).isEqualTo("custom");
        assertThat(root.path("run").path("contacts").asInt()).isEqualTo(150);
        assertThat(root.path("machine").path("max_heap_bytes").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
        List<String> names = new ArrayList<>();
        for (JsonNode s : root.path("stages")) {
            names.add(s.path("stage").asText());
            String status = s.path("status").asText();
            assertThat(status).as(s.toString()).isIn("ok", "refused", "skipped");
            if (!status.equals("skipped")) {
                assertThat(s.path("wall_seconds").asDouble()).as(s.toString()).isPositive();
                assertThat(s.path("peak_heap_bytes").asLong()).as(s.toString()).isPositive();
            } else {
                assertThat(s.path("note").asText()).as(s.toString()).isNotBlank();
            }
            if (status.equals("refused")) {
                assertThat(s.path("stage").asText()).startsWith("train ");
                assertThat(s.path("note").asText()).isNotBlank();
            }
            assertThat(s.has("rows_in") && s.has("rows_out") && s.has("rows_per_second")).isTrue();
        }
        assertThat(names).containsExactly("simulate", "start Spark", "ingest", "silver", "gold",
                "train lead_conversion", "train opportunity_win", "train close_date", "score leads", "lead alerts",
                "score deals", "forecast", "export", "nightly (1 new day)", "re-score leads");
        for (String stage : List.of("ingest", "silver", "gold")) {
            JsonNode s = stage(root, stage);
            assertThat(s.path("rows_in").asLong()).as(stage).isPositive();
            assertThat(s.path("rows_out").asLong()).as(stage).isPositive();
            assertThat(s.path("rows_per_second").asDouble()).as(stage).isPositive();
        }
        assertThat(stage(root, "simulate").path("rows_out").asLong()).isPositive();
        assertThat(stage(root, "nightly (1 new day)").path("rows_in").asLong()).isPositive();

        JsonNode tasks = root.path("nightly_tasks");
        assertThat(tasks).hasSizeGreaterThan(10);
        for (JsonNode t : tasks) {
            assertThat(t.path("outcome").asText()).as(t.toString()).isEqualTo("SUCCEEDED");
        }
        JsonNode jackson = root.path("comparisons").get(0);
        assertThat(jackson.path("name").asText()).isEqualTo(Comparison.INGEST_VS_JACKSON);
        assertThat(jackson.path("reference_value").asDouble()).isPositive();
        assertThat(jackson.path("ratio_revlake_to_reference").asDouble()).isPositive();
        JsonNode duckDb = root.path("comparisons").get(1);
        assertThat(duckDb.path("name").asText()).isEqualTo(Comparison.LEAD_FEATURES_VS_DUCKDB);
        assertThat(duckDb.path("reference_value").asDouble()).isPositive();
        assertThat(duckDb.path("detail").asText()).endsWith(", equal").doesNotContain("rows 0 /");
        assertThat(root.path("targets")).hasSize(5);
        assertThat(root.path("targets").get(1).path("verdict").asText()).isIn("met", "missed");
    }

    private static JsonNode stage(JsonNode root, String name) {
        for (JsonNode s : root.path("stages")) {
            if (s.path("stage").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + name);
    }
}
