package dev.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.score.ScoreTables;

class ExportCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void badSettingsAreOneLineUsageErrors() {
        CliRun format = run("export", "--lake", "target/never-read", "--format", "salesforce,csv");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err().strip()).doesNotContain("\n")
                .contains("Invalid export format: 'csv' (expected salesforce, hubspot or jsonl)");
        CliRun size = run("export", "--lake", "target/never-read", "--max-file-bytes", "5");
        assertThat(size.code()).isEqualTo(2);
        assertThat(size.err()).contains("Invalid max file bytes: 5 (at least 256)");
        CliRun batch = run("export", "--lake", "target/never-read", "--jdbc-url", "jdbc:postgresql://h:5432/db",
                "--jdbc-batch-size", "0");
        assertThat(batch.code()).isEqualTo(2);
        assertThat(batch.err()).contains("Invalid batch size: 0");
    }

    @Test
    void exportsChangedLeadsThenReportsNothingChanged(@TempDir Path dir) throws Exception {
        Path lakeDir = dir.resolve("lake");
        CliRun empty = run("export", "--lake", lakeDir.toString());
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                .contains("No score tables in " + lakeDir).contains("run revlake score first");
        // The nightly DAG's export before the first training: a message, not a failure.
        CliRun skipped = run("export", "--lake", lakeDir.toString(), "--skip-without-scores");
        assertThat(skipped.code()).isZero();
        assertThat(skipped.out()).contains("no score tables in the lake yet: nothing to export");

        SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);
        Lake lake = new Lake(lakeDir.toString());
        LocalDate day = LocalDate.of(2026, 3, 1);
        Row lead = RowFactory.create(day, "c1", "a1", "rep1", "open", "smb", "paid_search", 0.61, 61, "A",
                new String[] {"Visited pricing"}, new String[0], null, null, "lead_conversion", "v1",
                Instant.parse("2026-03-01T02:15:00Z"), "r1");
        DeltaTables.replaceRange(spark, lake, ScoreTables.LEAD_SCORES, "score_date", day, day,
                spark.createDataFrame(List.of(lead), ScoreTables.LEAD_SCORES.schema()));

        CliRun first = run("export", "--lake", lakeDir.toString(), "--out", dir.resolve("out").toString(),
                "--format", "jsonl,salesforce");
        assertThat(first.err()).isEmpty();
        assertThat(first.code()).isZero();
        assertThat(first.out()).contains("lead_scores                 1 rows  versions -1→1  "
                + "salesforce/Lead-00001.csv, jsonl/lead_scores-00001.jsonl")
                .contains("skipped opportunity_scores (table gold_opportunity_scores does not exist: run revlake score)")
                .containsPattern("Batch b0000000001-[0-9a-f]{8}: 1 rows published in .*/out/b0000000001-");
        try (var batches = Files.list(dir.resolve("out"))) {
            assertThat(batches.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("b"))).hasSize(1);
        }

        CliRun second = run("export", "--lake", lakeDir.toString(), "--out", dir.resolve("out").toString(),
                "--format", "jsonl,salesforce");
        assertThat(second.code()).isZero();
        assertThat(second.out()).contains("0 rows changed since the last export; no batch written");
    }
}
