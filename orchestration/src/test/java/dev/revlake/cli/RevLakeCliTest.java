package dev.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevLakeCliTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "simulate", "ingest", "silver", "nightly", "tables", "serve", "score",
            "export", "erase", "dags", "run", "backfill", "forecast", "check", "compact", "fuzz", "crashtest"})
    void everyCommandHasHelp(String command) {
        CliRun o = run(command, "--help");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("Usage: revlake " + command).contains("--help");
    }

    @Test
    void theRunnerRefusesBadDagsAndDatesBeforeAnythingRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        CliRun unknown = run("run", "--dag", "revlake_hourly", "--date", "2026-03-01", "--lake",
                dir.resolve("lake").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("Unknown DAG revlake_hourly in "
                + DagsCommand.DEFAULT_FILE + " (it has revlake_nightly, revlake_weekly_train, revlake_weekly_maintenance, revlake_backfill)");
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("cycle.yml"), """
                nightly:
                  schedule: "@daily"
                  tasks:
                    a:
                      operator: airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator
                      java_class: dev.revlake.cli.RevLakeCli
                      application_args: [silver, "--from", "{{ ds }}", "--to", "{{ ds }}"]
                      dependencies: [a]
                """);
        CliRun cycle = run("backfill", "--dag", "nightly", "--file", bad.toString(), "--from", "2026-03-01", "--to",
                "2026-03-07", "--lake", dir.resolve("lake").toString());
        assertThat(cycle.code()).isEqualTo(2);
        assertThat(cycle.err().strip()).doesNotContain("\n")
                .contains("cycle.yml, DAG nightly, task a: dependency cycle a -> a");
        CliRun reversed = run("backfill", "--dag", "revlake_nightly", "--from", "2026-03-07", "--to", "2026-03-01");
        assertThat(reversed.code()).isEqualTo(2);
        assertThat(reversed.err()).contains("Invalid date range: --from 2026-03-07 is after --to 2026-03-01");
        CliRun badDate = run("run", "--dag", "revlake_nightly", "--date", "2026-02-30");
        assertThat(badDate.code()).isEqualTo(2);
        assertThat(badDate.err()).contains("Invalid date: '2026-02-30' (expected YYYY-MM-DD)");
        assertThat(java.nio.file.Files.exists(dir.resolve("lake"))).isFalse();
    }

    @Test
    void compactNamesAnUnknownTableInOneLineAndSkipsTablesNotCreatedYet(@TempDir java.nio.file.Path dir) {
        CliRun unknown = run("compact", "--lake", dir.toString(), "--table", "silver_events,silver_evnts");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n")
                .startsWith("revlake compact: Invalid table: silver_evnts (one of ");

        CliRun empty = run("compact", "--lake", dir.toString(), "--table", "silver_events,silver_sessions");
        assertThat(empty.code()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("compacted 0 tables (2 not created yet)");
    }

    @Test
    void anUnknownQualityStageIsAOneLineUsageError() {
        CliRun o = run("check", "--lake", "target/never-written", "--date", "2026-03-01", "--stage", "platinum");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n")
                .startsWith("revlake check: Invalid stage: platinum (expected one of bronze, silver, gold, scores)");
    }

    @Test
    void fuzzRefusesTooFewRecordsAndAFullKeepFolderBeforeAnythingRuns(@TempDir java.nio.file.Path dir)
            throws Exception {
        CliRun few = run("fuzz", "--records", "10");
        assertThat(few.code()).isEqualTo(2);
        assertThat(few.err().strip()).doesNotContain("\n").contains("Invalid record count: 10 (must be 800..10000000)");
        java.nio.file.Files.writeString(dir.resolve("x.txt"), "x");
        CliRun full = run("fuzz", "--keep", dir.toString());
        assertThat(full.code()).isEqualTo(2);
        assertThat(full.err().strip()).doesNotContain("\n").contains("is not an empty folder");
    }

    @Test
    void unknownOptionIsAOneLineUsageError() {
        CliRun o = run("simulate", "--contacts", "10", "--frobnicate");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("Unknown option: '--frobnicate'")
                .contains("revlake simulate --help");
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badDateIsAOneLineUsageError() {
        CliRun o = run("ingest", "--date", "2026-13-45");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("Invalid date: '2026-13-45' (expected YYYY-MM-DD)");
    }

    @Test
    void reversedRangeIsAUsageError() {
        CliRun o = run("silver", "--from", "2026-02-01", "--to", "2026-01-01");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("is after --to");
    }

    @Test
    void missingDatesAreAUsageError() {
        CliRun o = run("ingest");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("Missing dates");
    }

    @Test
    void invalidSimulatorSettingsAreUsageErrors() {
        CliRun o = run("simulate", "--contacts", "-5", "--raw", "target/never-written");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("Invalid contacts: -5");
        CliRun notANumber = run("simulate", "--days", "many");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err().strip()).doesNotContain("\n").contains("'many'");
    }

    @Test
    void invalidScoringThresholdsAreUsageErrors() {
        CliRun tiers = run("score", "--date", "2026-03-01", "--tiers", "10,20,5");
        assertThat(tiers.code()).isEqualTo(2);
        assertThat(tiers.err().strip()).doesNotContain("\n")
                .contains("Invalid tier thresholds: A 10, B 20, C 5 (need 1 <= C < B < A <= 99)");
        CliRun threshold = run("score", "--date", "2026-03-01", "--handoff-threshold", "100");
        assertThat(threshold.code()).isEqualTo(2);
        assertThat(threshold.err()).contains("Invalid handoff threshold: 100 (1..99)");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("explode").code()).isEqualTo(2);
    }

    @Test
    void serveWithoutAReadableTokenIsAUsageErrorThatDoesNotStartSpark() {
        CliRun o = run("serve", "--token-file", "/nonexistent/revlake-token");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n")
                .contains("Cannot read --token-file /nonexistent/revlake-token (NoSuchFileException)");
    }

    @Test
    void serveTakesTheTokenFileFirstThenTheEnvironment(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("token"), "from-file-0123456789\n");
        java.util.Map<String, String> env = java.util.Map.of("REVLAKE_API_TOKEN", "from-env-0123456789");
        assertThat(ServeCommand.token(file, env)).isEqualTo("from-file-0123456789");
        assertThat(ServeCommand.token(null, env)).isEqualTo("from-env-0123456789");
        assertThat(ServeCommand.token(null, java.util.Map.of())).isNull();
    }

    @Test
    void secretsComeFromAFileOrTheEnvironmentNeverFromTheCommandLine(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> Secrets.read(empty, "--jdbc-password-file", "X", java.util.Map.of()))
                .hasMessage("Invalid --jdbc-password-file " + empty + ": the file is empty");
        assertThat(Secrets.read(null, "--jdbc-password-file", "X", java.util.Map.of("X", "  "))).isNull();
        CliRun inUrl = run("export", "--lake", dir.resolve("lake").toString(), "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:5432/crm?user=revlake&password=hunter2-secret");
        assertThat(inUrl.code()).isEqualTo(2);
        assertThat(inUrl.err()).contains("it carries a password option; put the password in REVLAKE_JDBC_PASSWORD or"
                + " a --jdbc-password-file instead").doesNotContain("hunter2");
        CliRun missing = run("export", "--lake", dir.resolve("lake").toString(), "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:5432/crm", "--jdbc-password-file", "/nonexistent/pw");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Cannot read --jdbc-password-file /nonexistent/pw (NoSuchFileException)");
    }

    @Test
    void serveRefusesAShortTokenWithoutPrintingIt(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("token"), "s3cret");
        CliRun o = run("serve", "--token-file", file.toString(), "--port", "0");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("Invalid API token: use at least 16 printable ASCII characters")
                .doesNotContain("s3cret");
    }

    @Test
    void serveOverALakeWithoutScoresSaysToScoreFirst(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("token"), "a-long-enough-token-42");
        String lake = dir.resolve("lake").toString();
        CliRun o = run("serve", "--lake", lake, "--port", "0", "--token-file", file.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err().strip()).doesNotContain("\n")
                .isEqualTo("revlake serve: error: No scores in " + lake + " yet: run revlake score first");
    }
}
