package dev.revlake.export;

import static dev.revlake.export.ScoreRows.NIGHT1;
import static dev.revlake.export.ScoreRows.NIGHT2;
import static dev.revlake.export.ScoreRows.forecast;
import static dev.revlake.export.ScoreRows.lead;
import static dev.revlake.export.ScoreRows.night;
import static dev.revlake.export.ScoreRows.opportunity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;
import dev.revlake.testing.SharedSpark;

class CrmExportJobTest {

    private static final List<ExportFormat> ALL = List.of(ExportFormat.values());

    private final SparkSession spark = SharedSpark.get();

    private static ExportConfig config(Lake lake, Path out, List<ExportFormat> formats, long maxBytes) {
        return new ExportConfig(lake, out.toString(), formats, maxBytes, "export-test");
    }

    private static List<String> batches(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_")).sorted().toList();
        }
    }

    @Test
    void firstExportSendsEverythingThenOnlyChangesAndNothingWhenNothingChanged(@TempDir Path dir) throws Exception {
        Lake lake = new Lake(dir.resolve("lake").toString());
        Path out = dir.resolve("exports");
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT1, lead(NIGHT1, "c1", 72, "Visited pricing, twice",
                "Said \"call me\""), lead(NIGHT1, "c2", 31));
        night(spark, lake, ScoreTables.OPPORTUNITY_SCORES, NIGHT1, opportunity(NIGHT1, "o1", 64, true));
        night(spark, lake, ScoreTables.PIPELINE_FORECAST, NIGHT1, forecast(NIGHT1, "rep1", "12000.00"));

        ExportResult first = CrmExportJob.run(spark, config(lake, out, ALL, ExportConfig.DEFAULT_MAX_FILE_BYTES));

        assertThat(first.rows()).isEqualTo(4);
        assertThat(first.views()).extracting(v -> v.view() + ":" + v.fromVersion() + ".." + v.toVersion() + ":"
                + v.rows()).containsExactly("lead_scores:-1..1:2", "opportunity_scores:-1..1:1",
                "pipeline_forecast:-1..1:1");
        assertThat(batches(out)).containsExactly(first.batchId());
        Path batch = out.resolve(first.batchId());
        assertThat(Files.readString(batch.resolve("salesforce/Lead-00001.csv"))).isEqualTo(
                "RevLake_Lead_Id__c,RevLake_Score__c,RevLake_Tier__c,RevLake_Conversion_Probability__c,"
                        + "RevLake_Score_Change_7d__c,RevLake_Top_Reasons__c,RevLake_Negative_Reasons__c,"
                        + "RevLake_Model_Version__c,RevLake_Score_Date__c,RevLake_Scored_At__c\r\n"
                        + "c1,72,A,0.72,#N/A,\"Visited pricing, twice; Said \"\"call me\"\"\",,v1,2026-03-01,"
                        + "2026-03-01T02:15:00.000Z\r\n"
                        + "c2,31,C,0.31,#N/A,,,v1,2026-03-01,2026-03-01T02:15:00.000Z\r\n");
        assertThat(Files.readString(batch.resolve("hubspot/deals-00001.csv"))).isEqualTo(
                "revlake_opportunity_id,revlake_win_probability,revlake_win_score,revlake_predicted_close_date,"
                        + "revlake_predicted_close_p10_date,revlake_predicted_close_p90_date,revlake_slip_risk,"
                        + "revlake_forecast_category,revlake_top_reasons,revlake_negative_reasons,"
                        + "revlake_win_model_version,revlake_close_date_model_version,revlake_score_date,"
                        + "revlake_scored_at\r\n"
                        + "o1,0.64,64,2026-04-10,2026-03-25,2026-05-02,true,best_case,Champion engaged,"
                        + "Close date pushed twice,w3,c2,2026-03-01,2026-03-01T02:20:00.000Z\r\n");
        assertThat(Files.readString(batch.resolve("salesforce/RevLake_Forecast__c-00001.csv")))
                .contains("\r\nquarter|2026-01-01|rep1|all,quarter,2026-01-01,2026-03-31,rep1,all,2026-03-01,1000.00,3,");
        JsonNode json = new ObjectMapper().readTree(Files.readAllLines(batch.resolve("jsonl/lead_scores-00001.jsonl"))
                .get(0));
        assertThat(json.get("contact_id").asText()).isEqualTo("c1");
        assertThat(json.get("score_date").asText()).isEqualTo("2026-03-01");
        assertThat(json.get("top_reasons").get(1).asText()).isEqualTo("Said \"call me\"");
        assertThat(json.get("score_7d_ago").isNull()).isTrue();
        assertManifestMatchesFiles(batch, 8);
        assertThat(ExportWatermarks.of(spark, lake, "files:hubspot"))
                .containsEntry("lead_scores", 1L).containsEntry("opportunity_scores", 1L)
                .doesNotContainKey("pipeline_forecast");

        // Nothing scored since: nothing sent, no second folder.
        ExportResult second = CrmExportJob.run(spark, config(lake, out, ALL, ExportConfig.DEFAULT_MAX_FILE_BYTES));
        assertThat(second.rows()).isZero();
        assertThat(second.location()).isNull();
        assertThat(batches(out)).containsExactly(first.batchId());
        long recorded = DeltaTables.read(spark, lake, dev.revlake.ops.OpsTables.EXPORT_BATCHES).count();

        // Night 1 re-run: identical lead rows rewritten (a new table version), nothing to send, and
        // nothing recorded: the watermark stays at version 1, so re-runs leave the lake as it was.
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT1, lead(NIGHT1, "c1", 72, "Visited pricing, twice",
                "Said \"call me\""), lead(NIGHT1, "c2", 31));
        ExportResult rerun = CrmExportJob.run(spark, config(lake, out, ALL, ExportConfig.DEFAULT_MAX_FILE_BYTES));
        assertThat(rerun.views()).extracting(v -> v.view() + ":" + v.fromVersion() + ".." + v.toVersion() + ":"
                + v.rows()).containsExactly("lead_scores:1..2:0");
        assertThat(rerun.location()).isNull();
        assertThat(batches(out)).containsExactly(first.batchId());
        assertThat(DeltaTables.read(spark, lake, dev.revlake.ops.OpsTables.EXPORT_BATCHES).count())
                .isEqualTo(recorded);
        assertThat(ExportWatermarks.of(spark, lake, "files:jsonl", ExportView.LEAD_SCORES)).isEqualTo(1L);

        // A new night: c1 unchanged, c2 changed, o1 and the forecast unchanged. The lead range starts
        // at the watermark left before the re-run.
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT2, lead(NIGHT2, "c1", 72, "Visited pricing, twice",
                "Said \"call me\""), lead(NIGHT2, "c2", 35));
        night(spark, lake, ScoreTables.OPPORTUNITY_SCORES, NIGHT2, opportunity(NIGHT2, "o1", 64, true));
        ExportResult third = CrmExportJob.run(spark, config(lake, out, ALL, ExportConfig.DEFAULT_MAX_FILE_BYTES));
        assertThat(third.views()).extracting(v -> v.view() + ":" + v.fromVersion() + ".." + v.toVersion() + ":"
                + v.rows()).containsExactly("lead_scores:1..3:1", "opportunity_scores:1..2:0");
        assertThat(third.batchId()).isGreaterThan(first.batchId());
        assertThat(batches(out)).containsExactly(first.batchId(), third.batchId());
        assertThat(Files.readAllLines(out.resolve(third.batchId()).resolve("jsonl/lead_scores-00001.jsonl")))
                .singleElement().asString().contains("\"contact_id\":\"c2\"").contains("\"score\":35");
        assertThat(out.resolve(third.batchId()).resolve("salesforce/Opportunity-00001.csv")).doesNotExist();
        assertManifestMatchesFiles(out.resolve(third.batchId()), 3);
        assertThat(ExportWatermarks.of(spark, lake, "files:salesforce", ExportView.OPPORTUNITY_SCORES))
                .isEqualTo(2L);
    }

    @Test
    void aFailedExportKeepsTheWatermarkAndTheRetrySendsInPartsBelowTheMaximum(@TempDir Path dir) throws Exception {
        Lake lake = new Lake(dir.resolve("lake").toString());
        List<java.util.Map<String, Object>> leads = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            leads.add(lead(NIGHT1, "contact-" + i, 10 + i, "Reason number " + i + ", with a comma"));
        }
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object>[] rows = leads.toArray(java.util.Map[]::new);
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT1, rows);
        List<ExportFormat> formats = List.of(ExportFormat.SALESFORCE, ExportFormat.JSONL);
        long max = 600;

        // The output folder cannot be created (its parent is a regular file): nothing published.
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> CrmExportJob.run(spark, config(lake, file.resolve("exports"), formats, max)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot write the export to " + file.resolve("exports") + ": ");
        assertThat(ExportWatermarks.of(spark, lake, "files:salesforce")).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("x");

        Path out = dir.resolve("exports");
        ExportResult r = CrmExportJob.run(spark, config(lake, out, formats, max));

        assertThat(r.rows()).isEqualTo(7);
        assertThat(r.missing()).hasSize(2);
        Path batch = out.resolve(r.batchId());
        List<Path> parts;
        try (Stream<Path> s = Files.list(batch.resolve("salesforce"))) {
            parts = s.sorted().toList();
        }
        assertThat(parts).hasSize(3);
        List<String> contacts = new ArrayList<>();
        for (Path p : parts) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(max);
            String text = Files.readString(p);
            assertThat(text).startsWith("RevLake_Lead_Id__c,").endsWith("\r\n");
            String[] lines = text.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                assertThat(lines[i]).matches("contact-\\d,.*,2026-03-01T02:15:00\\.000Z");
                contacts.add(lines[i].substring(0, lines[i].indexOf(',')));
            }
        }
        assertThat(contacts).containsExactly("contact-1", "contact-2", "contact-3", "contact-4", "contact-5",
                "contact-6", "contact-7");
        assertManifestMatchesFiles(batch, 3 + 7);
        assertThat(ExportWatermarks.of(spark, lake, "files:jsonl", ExportView.LEAD_SCORES)).isEqualTo(1L);

        // A crash after the rename but before the watermark: the next run republishes the same batch.
        org.apache.commons.io.FileUtils.deleteDirectory(
                Path.of(lake.path(dev.revlake.ops.OpsTables.EXPORT_BATCHES)).toFile());
        ExportResult again = CrmExportJob.run(spark, config(lake, out, formats, max));
        assertThat(again.batchId()).isEqualTo(r.batchId());
        assertThat(again.rows()).isEqualTo(7);
        assertThat(batches(out)).containsExactly(r.batchId());
        assertManifestMatchesFiles(batch, 3 + 7);
        assertThat(CrmExportJob.run(spark, config(lake, out, formats, max)).rows()).isZero();
        assertThatThrownBy(() -> new ExportConfig(lake, out.toString(), ALL, 10, "x"))
                .hasMessage("Invalid max file bytes: 10 (at least 256)");
    }

    @Test
    void noScoreTablesNamesTheCommandsToRun(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        assertThatThrownBy(() -> CrmExportJob.run(spark, config(lake, dir.resolve("out"), ALL, 100_000)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No score tables in " + dir)
                .hasMessageContaining("run revlake score first");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** Every file of the batch is in the manifest with its true rows, bytes and SHA-256, and vice versa. */
    private static void assertManifestMatchesFiles(Path batch, int files) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(batch.resolve("manifest.json").toFile());
        assertThat(manifest.get("batch_id").asText()).isEqualTo(batch.getFileName().toString());
        assertThat(manifest.get("files")).hasSize(files);
        List<String> listed = new ArrayList<>();
        for (JsonNode f : manifest.get("files")) {
            Path p = batch.resolve(f.get("name").asText());
            byte[] bytes = Files.readAllBytes(p);
            listed.add(f.get("name").asText());
            assertThat(f.get("bytes").asLong()).isEqualTo(bytes.length);
            assertThat(f.get("sha256").asText())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            String text = new String(bytes, StandardCharsets.UTF_8);
            long lines = text.chars().filter(c -> c == '\n').count();
            long header = f.get("name").asText().endsWith(".csv") ? 1 : 0;
            assertThat(f.get("rows").asLong()).isEqualTo(lines - header);
        }
        List<String> onDisk;
        try (Stream<Path> s = Files.walk(batch)) {
            onDisk = s.filter(Files::isRegularFile).map(p -> batch.relativize(p).toString())
                    .filter(n -> !n.equals("manifest.json")).sorted().toList();
        }
        assertThat(onDisk).containsExactlyElementsOf(listed.stream().sorted().toList());
    }
}
