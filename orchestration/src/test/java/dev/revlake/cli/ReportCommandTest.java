package dev.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    @Test
    void aMissingLakeIsAUsageErrorWithAMessage(@TempDir Path dir) {
        CliRun run = CliRun.of("report", "--lake", dir.resolve("nowhere").toString(), "--out",
                dir.resolve("report").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("No lake at").contains("nowhere").doesNotContain("Exception");
        assertThat(dir.resolve("report")).doesNotExist();
    }

    @Test
    void aLakeWithoutTablesSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("lake"));
        CliRun run = CliRun.of("report", "--lake", dir.resolve("lake").toString(), "--out",
                dir.resolve("report").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("Nothing to report").contains("No gold_pipeline_forecast")
                .contains("revlake train");
    }
}
