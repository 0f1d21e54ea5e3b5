package dev.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevLakeCliTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RevLakeCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "simulate", "ingest", "silver", "nightly", "tables", "export"})
    void everyCommandHasHelp(String command) {
        Outcome o = run(command, "--help");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("Usage: revlake " + command).contains("--help");
    }

    @Test
    void unknownOptionIsAOneLineUsageError() {
        Outcome o = run("simulate", "--contacts", "10", "--frobnicate");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("Unknown option: '--frobnicate'")
                .contains("revlake simulate --help");
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badDateIsAOneLineUsageError() {
        Outcome o = run("ingest", "--date", "2026-13-45");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("Invalid date: '2026-13-45' (expected YYYY-MM-DD)");
    }

    @Test
    void reversedRangeIsAUsageError() {
        Outcome o = run("silver", "--from", "2026-02-01", "--to", "2026-01-01");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("is after --to");
    }

    @Test
    void missingDatesAreAUsageError() {
        Outcome o = run("ingest");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("Missing dates");
    }

    @Test
    void invalidSimulatorSettingsAreUsageErrors() {
        Outcome o = run("simulate", "--contacts", "-5", "--raw", "target/never-written");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("Invalid contacts: -5");
        Outcome notANumber = run("simulate", "--days", "many");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err().strip()).doesNotContain("\n").contains("'many'");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("explode").code()).isEqualTo(2);
    }
}
