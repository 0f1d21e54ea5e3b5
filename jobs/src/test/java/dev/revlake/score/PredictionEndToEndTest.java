package dev.revlake.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.revlake.export.CrmExportJob;
import dev.revlake.export.CrmJdbcPush;
import dev.revlake.export.ExportConfig;
import dev.revlake.export.ExportFormat;
import dev.revlake.export.ExportResult;
import dev.revlake.export.JdbcPushConfig;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.models.LeadConversionModel;
import dev.revlake.models.training.TrainingSettings;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.serve.ScoreServer;
import dev.revlake.serve.ServeConfig;
import dev.revlake.simulate.Simulator;
import dev.revlake.simulate.SimulatorConfig;
import dev.revlake.testing.SharedSpark;
import dev.revlake.train.ModelRunOutcome;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.TrainConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The prediction half of the pipeline on a simulated company after a full run: 1,000 contacts over
 * 45 days (20 February to 5 April 2026) through bronze, silver and gold as one backfill, the lead
 * model trained on it, then every night from 1 March scored, alerted and forecast, the closed
 * month and quarter judged against actual bookings, the CRM reload exported twice and pushed into
 * a real PostgreSQL, and the pull API asked without and with its token.
 *
 * <p>Deals are rare in a simulated company this small (this seed closes three won deals, in
 * March): too few to train the deal models, which need the demo's size (5,000 contacts over 120
 * days). The deal champions here are trained by the same training job on the scoring tests'
 * synthetic deal history ({@link ScoringFixtures}); they score the simulated deals, whose
 * bookings are real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictionEndToEndTest {

    private static final LocalDate START = LocalDate.of(2026, 2, 20);
    private static final int DAYS = 45;
    private static final LocalDate LAST = START.plusDays(DAYS - 1L);
    private static final LocalDate FROM = LocalDate.of(2026, 3, 1);
    private static final long NIGHTS = FROM.datesUntil(LAST.plusDays(1)).count();

    @TempDir
    static Path dir;

    private final SparkSession spark = SharedSpark.get();
    private Lake lake;
    private Pipeline.ScoreOutcome outcome;

    @BeforeAll
    void runThePipeline() throws IOException {
        Path raw = dir.resolve("raw");
        new Simulator(new SimulatorConfig(1_000, DAYS, START, 16L, raw, dir.resolve("truth"), 0.01))
                .run((d, date, n) -> { });
        lake = new Lake(dir.resolve("lake").toString());
        Pipeline pipeline = new Pipeline(spark, lake, raw.toString(), line -> { });
        pipeline.ingest(START, LAST);
        pipeline.silver(START, LAST);
        pipeline.gold(START, LAST);
        TrainingSettings small = new TrainingSettings(0.2, 0.2, 3, 1, 20, 42L);
        List<ModelRunOutcome> trained = ModelTrainingJob.run(spark, new TrainConfig(lake,
                List.of(LeadConversionModel.DEFINITION), 20_000, small, dir.resolve("truth").toString(), "train"));
        assertThat(trained.get(0).refusal()).isNull();
        Lake fixture = ScoringFixtures.copy(spark, dir.resolve("fixture"));
        for (String model : List.of("opportunity_win", "close_date")) {
            copy(Path.of(fixture.root(), "_models", model), Path.of(lake.root(), "_models", model));
        }
        outcome = pipeline.score(ScoringConfig.defaults(lake, FROM, LAST, "score-e2e"), 2_000, 42L);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    @Order(1)
    void everyNightIsScoredAlertedAndForecastAndTheClosedQuarterIsJudged() {
        ScoringConfig config = ScoringConfig.defaults(lake, FROM, LAST, "score-e2e");
        assertThat(outcome.problems()).isEmpty();

        // Every open lead of every night has a score with reasons.
        Dataset<Row> features = DeltaTables.read(spark, lake, GoldTables.LEAD_FEATURES)
                .filter(col("snapshot_date").geq(lit(FROM)));
        Dataset<Row> scores = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES);
        assertThat(scores.count()).isEqualTo(features.count()).isPositive();
        assertThat(features.select(col("snapshot_date").as("score_date"), col("contact_id"))
                .exceptAll(scores.select("score_date", "contact_id")).count()).isZero();
        assertThat(scores.filter("size(top_reasons) = 0 AND size(negative_reasons) = 0").count()).isZero();
        assertThat(DeltaTables.read(spark, lake, ScoreTables.OPPORTUNITY_SCORES).count())
                .isEqualTo(DeltaTables.read(spark, lake, GoldTables.OPPORTUNITY_FEATURES)
                        .filter(col("snapshot_date").geq(lit(FROM))).count());

        // Alerts fire once per crossing: recomputed here from the scores, at a threshold the top
        // tenth of the scores reach.
        int threshold = Math.max(2, (int) Math.round(scores.stat().approxQuantile("score", new double[] {0.9}, 0)[0]));
        LeadAlertsJob.run(spark, config.withHandoffThreshold(threshold));
        Map<String, Integer> last = new HashMap<>();
        List<String> expected = new ArrayList<>();
        for (Row r : scores.orderBy("score_date", "contact_id").select("score_date", "contact_id", "score")
                .collectAsList()) {
            Integer before = last.put(r.getString(1), r.getInt(2));
            if (r.getInt(2) >= threshold && (before == null || before < threshold)) {
                expected.add(r.get(0) + " " + r.getString(1));
            }
        }
        Dataset<Row> alerts = DeltaTables.read(spark, lake, ScoreTables.LEAD_ALERTS);
        assertThat(alerts.orderBy("alert_date", "contact_id").selectExpr("concat_ws(' ', alert_date, contact_id)")
                .collectAsList().stream().map(r -> r.getString(0)).toList()).isEqualTo(expected).isNotEmpty();
        assertThat(expected.size()).as("some leads stay above the threshold for days").isLessThan(
                (int) scores.filter(col("score").geq(threshold)).count());
        Dataset<Row> funnel = DeltaTables.read(spark, lake, GoldTables.FUNNEL_DAILY)
                .filter("source_channel = 'all'").filter(col("funnel_date").geq(lit(FROM)));
        assertThat(funnel.filter("handoff_leads IS NULL").count()).isZero();
        assertThat(funnel.agg(org.apache.spark.sql.functions.sum("handoff_leads")).head().getLong(0))
                .isEqualTo(expected.size());

        // March and the first quarter closed before the last night: every stored forecast of them is
        // compared with the actual bookings, the model's error beside the stage-weighted baseline's.
        assertThat(DeltaTables.read(spark, lake, ScoreTables.PIPELINE_FORECAST)
                .select("forecast_date").distinct().count()).isEqualTo(NIGHTS);
        Dataset<Row> accuracy = DeltaTables.read(spark, lake, ScoreTables.FORECAST_ACCURACY)
                .filter("owner_id = 'all' AND segment = 'all'");
        Row quarter = accuracy.filter("period_type = 'quarter' AND period_start = DATE'2026-01-01'")
                .orderBy("forecast_date").head();
        assertThat(quarter.<LocalDate>getAs("forecast_date")).isEqualTo(FROM);
        assertThat(accuracy.filter("period_type = 'quarter'").count()).isEqualTo(31);
        assertThat(accuracy.filter("period_type = 'month' AND period_start = DATE'2026-03-01'").count()).isEqualTo(31);
        assertThat(((java.math.BigDecimal) quarter.getAs("actual_bookings_usd")).signum()).isPositive();
        assertThat(quarter.<Double>getAs("model_absolute_percentage_error")).isNotNull();
        assertThat(quarter.<Double>getAs("baseline_absolute_percentage_error")).isNotNull();
        assertThat(outcome.accuracy()).extracting(a -> a.period().label()).contains("Q1 2026", "March 2026");
    }

    @Test
    @Order(2)
    void theCrmReloadSendsEachChangeOnceAndTheApiWantsItsToken() throws Exception {
        Path out = dir.resolve("exports");
        long leads = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES).select("contact_id").distinct().count();
        ExportResult first = CrmExportJob.run(spark, new ExportConfig(lake, out.toString(),
                ExportFormat.parse("salesforce,hubspot,jsonl"), ExportConfig.DEFAULT_MAX_FILE_BYTES, "export-1"));
        assertThat(first.views()).filteredOn(v -> v.view().equals("lead_scores")).singleElement()
                .satisfies(v -> assertThat(v.rows()).isEqualTo(leads));
        Path batch = Path.of(first.location());
        JsonNode manifest = new ObjectMapper().readTree(batch.resolve("manifest.json").toFile());
        assertThat(manifest.get("files")).hasSizeGreaterThanOrEqualTo(8);
        for (JsonNode f : manifest.get("files")) {
            byte[] bytes = Files.readAllBytes(batch.resolve(f.get("name").asText()));
            assertThat(f.get("sha256").asText()).as(f.get("name").asText())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        ExportResult second = CrmExportJob.run(spark, new ExportConfig(lake, out.toString(),
                ExportFormat.parse("salesforce,hubspot,jsonl"), ExportConfig.DEFAULT_MAX_FILE_BYTES, "export-2"));
        assertThat(second.rows()).as("nothing was scored since the first export").isZero();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             Connection db = postgres.getPostgresDatabase().getConnection()) {
            JdbcPushConfig push = new JdbcPushConfig(lake, "jdbc:postgresql://localhost:" + postgres.getPort()
                    + "/postgres", "postgres", null, 500, "push");
            assertThat(CrmJdbcPush.push(spark, push).rows()).isPositive();
            assertThat(CrmJdbcPush.push(spark, push).rows()).isZero();
            // Re-scoring the last night with other tiers changes some leads' rows: they are sent again.
            LeadScoringJob.run(spark, new ScoringConfig(lake, LAST, LAST, 20, 10, 3, 20, "unassigned-leads",
                    "rescore"));
            assertThat(CrmJdbcPush.push(spark, push).rows()).isPositive();
            try (var rs = db.createStatement().executeQuery(
                    "SELECT count(*), count(DISTINCT contact_id) FROM revlake_lead_scores")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(leads).isEqualTo(rs.getLong(2));
            }
        }

        String token = "e2e-token-0123456789abcdef";
        try (ScoreServer server = ScoreServer.start(spark, new ServeConfig(lake, "127.0.0.1", 0,
                Duration.ofMinutes(10), token))) {
            String lead = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES).orderBy("contact_id").head()
                    .getString(1);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest.Builder get = HttpRequest.newBuilder(server.baseUrl().resolve("/v1/leads/" + lead));
            assertThat(http.send(get.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            HttpResponse<String> ok = http.send(get.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"contact_id\":\"" + lead + "\"", "\"top_reasons\"");
        }
    }
}
