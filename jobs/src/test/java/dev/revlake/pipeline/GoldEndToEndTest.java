package dev.revlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.gold.GoldBatch;
import dev.revlake.gold.GoldJob;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.models.scoring.ProbabilityPredictor;
import dev.revlake.models.training.TrainingSettings;
import dev.revlake.ops.OpsTables;
import dev.revlake.silver.SilverTables;
import dev.revlake.train.ModelRunOutcome;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.TrainConfig;
import dev.revlake.simulate.Simulator;
import dev.revlake.simulate.SimulatorConfig;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.SparkTableChecksum;

/**
 * Simulate → bronze → silver → gold on a small company over 40 days: a backfill of 38 days
 * followed by two nightly runs, and, over a copy of the same silver tables (nightly and backfilled
 * silver agree, as {@code LakeFoundationEndToEndTest} shows), one gold backfill of all 40 days. The gold tables must agree
 * row for row, keep one row per key, keep labels null until matured, match the simulator's hidden
 * truth where matured, and ignore anything that happened after a snapshot date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldEndToEndTest {

    private static final LocalDate START = LocalDate.of(2026, 3, 1);
    private static final int DAYS = 40;
    private static final LocalDate LAST = START.plusDays(DAYS - 1L);

    @TempDir
    static Path dir;

    private final SparkSession spark = SharedSpark.get();
    private Lake nightly;
    private Lake backfill;

    @BeforeAll
    void buildBothLakes() throws IOException {
        Path raw = dir.resolve("raw");
        new Simulator(new SimulatorConfig(300, DAYS, START, 11L, raw, dir.resolve("truth"), 0.01))
                .run((d, date, n) -> { });
        nightly = new Lake(dir.resolve("nightly").toString());
        Pipeline n = new Pipeline(spark, nightly, raw.toString(), line -> { });
        n.ingest(START, LAST.minusDays(2));
        n.silver(START, LAST.minusDays(2));
        n.gold(START, LAST.minusDays(2));
        for (LocalDate d = LAST.minusDays(1); !d.isAfter(LAST); d = d.plusDays(1)) {
            n.nightly(d);
        }
        backfill = new Lake(dir.resolve("backfill").toString());
        copy(dir.resolve("nightly/silver"), dir.resolve("backfill/silver"));
        new Pipeline(spark, backfill, raw.toString(), line -> { }).gold(START, LAST);
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
    void nightlyRunsAndOneBackfillAgreeRowForRow() {
        for (TableContract t : GoldTables.all()) {
            Dataset<Row> a = DeltaTables.read(spark, nightly, t);
            Dataset<Row> b = DeltaTables.read(spark, backfill, t);
            assertThat(b.count()).as(t.name() + " is not empty").isPositive();
            assertThat(a.exceptAll(b).count() + b.exceptAll(a).count()).as(t.name() + " rows that differ").isZero();
            assertThat(SparkTableChecksum.of(a.orderBy(key(t)))).as(t.name())
                    .isEqualTo(SparkTableChecksum.of(b.orderBy(key(t))));
        }
    }

    @Test
    @Order(2)
    void everyTableDocumentsItsGrainAndHasOneRowPerKey() {
        for (TableContract t : GoldTables.all()) {
            Row detail = spark.sql("DESCRIBE DETAIL delta.`" + backfill.path(t) + "`").head();
            assertThat(detail.<String>getAs("description")).as(t.name()).isEqualTo(t.comment()).contains("one row per");
            assertThat(DeltaTables.read(spark, backfill, t).schema().fields())
                    .allSatisfy(f -> assertThat(f.getComment().isDefined()).as(t.name() + "." + f.name()).isTrue());
            Dataset<Row> rows = DeltaTables.read(spark, backfill, t);
            assertThat(rows.groupBy(key(t)).count().filter("count > 1").count()).as(t.name()).isZero();
        }
        assertThat(DeltaTables.read(spark, backfill, GoldTables.LEAD_FEATURES).select("snapshot_date").distinct()
                .count()).isEqualTo(DAYS);
    }

    @Test
    @Order(3)
    void labelsAreNullUntilTheirWindowHasPassed() {
        Dataset<Row> leads = DeltaTables.read(spark, backfill, GoldTables.LEAD_FEATURES);
        LocalDate lastMatured = LAST.minusDays(30);
        assertThat(leads.filter(col("snapshot_date").gt(lit(lastMatured)).and(col("converted_within_30d").isNotNull()))
                .count()).isZero();
        assertThat(leads.filter(col("snapshot_date").leq(lit(lastMatured)).and(col("converted_within_30d").isNull()))
                .count()).isZero();
        assertThat(leads.filter(col("snapshot_date").leq(lit(lastMatured))).count()).isPositive();
        Dataset<Row> opportunities = DeltaTables.read(spark, backfill, GoldTables.OPPORTUNITY_FEATURES);
        Dataset<Row> stillOpen = DeltaTables.read(spark, backfill, SilverTables.OPPORTUNITIES)
                .filter("NOT is_closed").select("opportunity_id");
        assertThat(opportunities.join(stillOpen, "opportunity_id").filter("is_won IS NOT NULL").count()).isZero();
        assertThat(opportunities.filter("is_won IS NOT NULL").count()).isPositive();
    }

    @Test
    @Order(4)
    void maturedLabelsMatchTheSimulatorsTruth() throws IOException {
        Map<String, String> truth = new HashMap<>();
        Path file = dir.resolve("truth/lead_conversion_daily.csv.gz");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(",", -1);
                if (!f[5].isEmpty()) {
                    truth.put(f[0] + " " + f[1], f[5]);
                }
            }
        }
        List<Row> matured = DeltaTables.read(spark, backfill, GoldTables.LEAD_FEATURES)
                .filter("converted_within_30d IS NOT NULL")
                .select("snapshot_date", "contact_id", "converted_within_30d").collectAsList();
        long compared = 0;
        long agree = 0;
        long converted = 0;
        for (Row r : matured) {
            String expected = truth.get(r.get(0) + " " + r.get(1));
            if (expected != null) {
                compared++;
                agree += expected.equals(String.valueOf(r.getBoolean(2))) ? 1 : 0;
                converted += r.getBoolean(2) ? 1 : 0;
            }
        }
        assertThat(compared).isGreaterThan(matured.size() * 9L / 10);
        assertThat(converted).as("some leads converted").isPositive();
        // Dirt (1% of records) can hide a CRM update; anything beyond that is a bug.
        assertThat((double) agree / compared).as(agree + " of " + compared + " agree").isGreaterThan(0.99);
    }

    @Test
    @Order(5)
    void trainingRegistersModelsWithProvenanceAndARetrainKeepsTheChampion() {
        // Forty days leave ten days of matured lead labels: enough to prove the wiring with low minimums.
        TrainingSettings small = new TrainingSettings(0.2, 0.2, 3, 1, 20, 42L);
        String truth = dir.resolve("truth").toString();
        List<ModelRunOutcome> first = ModelTrainingJob.run(spark,
                new TrainConfig(backfill, TrainConfig.ALL_MODELS, 5_000, small, truth, "train-1"));
        ModelRunOutcome lead = first.get(0);
        assertThat(lead.modelName()).isEqualTo("lead_conversion");
        assertThat(lead.refusal()).isNull();
        assertThat(lead.version()).isEqualTo("v0001");
        assertThat(lead.promoted()).isTrue();
        assertThat(lead.row()).containsEntry("feature_table", "gold_lead_features")
                .containsEntry("feature_table_version", DeltaTables.version(spark, backfill, GoldTables.LEAD_FEATURES))
                .containsEntry("baseline_name", "points_score");
        assertThat((Double) lead.row().get("oracle_roc_auc")).isBetween(0.5, 1.0);
        assertThat((Double) lead.row().get("baseline_roc_auc")).isNotNull();
        // The deals of 40 days have not matured (60 days): both opportunity models say so instead of training.
        assertThat(first.get(1).refusal()).isEqualTo("No labelled rows to train on in gold_opportunity_features (rows"
                + " where is_won IS NOT NULL, at least 60 days older than the table's last snapshot)");
        assertThat(first.get(2).refusal()).startsWith("No labelled rows to train on in gold_opportunity_features");

        ModelRegistry registry = ModelTrainingJob.registry(spark, backfill);
        assertThat(Path.of(registry.location(), "lead_conversion", "v0001")).isDirectoryContaining("glob:**/model.tribuo")
                .isDirectoryContaining("glob:**/provenance.json").isDirectoryContaining("glob:**/report.json");
        assertThat(registry.manifest("lead_conversion", "v0001").get("training_data").toString())
                .contains("table=gold_lead_features", "held_out_from=");
        ProbabilityPredictor champion = registry.probabilityChampion("lead_conversion").orElseThrow();
        Row row = DeltaTables.read(spark, backfill, GoldTables.LEAD_FEATURES).orderBy("snapshot_date", "contact_id")
                .head();
        Map<String, Object> values = new HashMap<>();
        for (String c : champion.spec().columns()) {
            values.put(c, row.getAs(c));
        }
        assertThat(champion.probability(champion.spec().vector(values))).isBetween(0.0, 1.0);
        assertThat(champion.explain(champion.spec().vector(values), 3, 1).positive()).isNotEmpty();

        List<ModelRunOutcome> second = ModelTrainingJob.run(spark, new TrainConfig(backfill,
                TrainConfig.named(List.of("lead_conversion")), 5_000, small, truth, "train-2"));
        assertThat(second.get(0).version()).isEqualTo("v0002");
        assertThat(second.get(0).promoted()).isFalse();
        assertThat((String) second.get(0).row().get("decision")).endsWith("champion kept");
        assertThat(registry.champion("lead_conversion")).contains("v0001");
        assertThat(DeltaTables.read(spark, backfill, OpsTables.MODEL_RUNS).orderBy("run_id", "model_name")
                .select("run_id", "model_name", "status", "is_champion").collectAsList().toString())
                .isEqualTo("[[train-1,close_date,refused,false], [train-1,lead_conversion,trained,true],"
                        + " [train-1,opportunity_win,refused,false], [train-2,lead_conversion,trained,false]]");
    }

    @Test
    @Order(6)
    void eventsAfterASnapshotDateLeaveThatSnapshotUnchanged() {
        TableContract table = GoldTables.LEAD_FEATURES;
        LocalDate day = LAST.minusDays(10);
        Dataset<Row> openNextDay = DeltaTables.read(spark, backfill, table)
                .filter(col("snapshot_date").equalTo(lit(day.plusDays(1)))).select("contact_id");
        Row lead = DeltaTables.read(spark, backfill, table).filter(col("snapshot_date").equalTo(lit(day)))
                .filter(col("account_id").isNotNull()).join(openNextDay, "contact_id").orderBy("contact_id").head();
        String contact = lead.getAs("contact_id");
        Dataset<Row> before = DeltaTables.read(spark, backfill, table).filter(col("contact_id").equalTo(contact))
                .localCheckpoint();
        // A pricing-page view the next morning, already attributed to the lead.
        Map<String, Object> v = new HashMap<>();
        v.put("event_id", "injected-1");
        v.put("event_date", day.plusDays(1));
        v.put("occurred_at", Timestamp.valueOf(day.plusDays(1).atTime(9, 0)).toInstant());
        v.put("channel", "web");
        v.put("event_type", "page_view");
        v.put("contact_id", contact);
        v.put("account_id", lead.getAs("account_id"));
        v.put("page_category", "pricing");
        v.put("page_path", "/pricing");
        v.put("device_type", "desktop");
        v.put("delivery_date", day.plusDays(1));
        Dataset<Row> event = dev.revlake.testing.TestRows.of(SilverTables.EVENTS.schema(), List.of(v));
        event.write().format("delta").mode(SaveMode.Append).save(backfill.path(SilverTables.EVENTS));

        GoldJob.run(spark, new GoldBatch(backfill, day.minusDays(3), LAST, "leakage-check"));

        Dataset<Row> after = DeltaTables.read(spark, backfill, table).filter(col("contact_id").equalTo(contact));
        Dataset<Row> upToDay = after.filter(col("snapshot_date").leq(lit(day)));
        assertThat(upToDay.exceptAll(before.filter(col("snapshot_date").leq(lit(day)))).count()).isZero();
        assertThat(upToDay.count()).isEqualTo(before.filter(col("snapshot_date").leq(lit(day))).count());
        Row next = after.filter(col("snapshot_date").equalTo(lit(day.plusDays(1)))).head();
        Row nextBefore = before.filter(col("snapshot_date").equalTo(lit(day.plusDays(1)))).head();
        assertThat(next.<Long>getAs("pricing_page_views_7d")).isEqualTo(nextBefore.<Long>getAs("pricing_page_views_7d") + 1);
    }

    private static org.apache.spark.sql.Column[] key(TableContract t) {
        return t.keyColumns().stream().map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new);
    }
}
