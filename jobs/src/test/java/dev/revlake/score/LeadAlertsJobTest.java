package dev.revlake.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;

class LeadAlertsJobTest {

    private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
    private static final LocalDate DAY5 = DAY1.plusDays(4);

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.get();

    /** Scores per lead for days 1..5 (null: not scored that day). */
    private static final Map<String, Integer[]> SCORES = Map.of(
            "crosser", new Integer[] {10, 35, 40, 20, 50},
            "hot", new Integer[] {45, 46, 47, 48, 49},
            "orphan", new Integer[] {null, null, 5, 31, 31},
            "cold", new Integer[] {3, 4, 5, 6, 7});

    private Lake lake() {
        Lake lake = new Lake(dir.resolve("lake").toString());
        List<Map<String, Object>> rows = new ArrayList<>();
        SCORES.forEach((lead, scores) -> {
            for (int d = 0; d < scores.length; d++) {
                if (scores[d] == null) {
                    continue;
                }
                Map<String, Object> r = new HashMap<>();
                r.put("score_date", DAY1.plusDays(d));
                r.put("contact_id", lead);
                r.put("account_id", "A-" + lead);
                r.put("owner_id", lead.equals("orphan") ? null : "rep-" + lead);
                r.put("lead_status", "open");
                r.put("segment", "smb");
                r.put("source_channel", lead.equals("hot") ? "paid_search" : "organic_search");
                r.put("conversion_probability", scores[d] / 100.0);
                r.put("score", scores[d]);
                r.put("tier", scores[d] >= 30 ? "A" : "C");
                r.put("top_reasons", List.of("Viewed pricing pages 3 times in the last 7 days"));
                r.put("negative_reasons", List.of());
                r.put("model_name", "lead_conversion");
                r.put("model_version", "v0001");
                r.put("scored_at", Instant.parse("2026-03-06T02:00:00Z"));
                r.put("run_id", "s");
                rows.add(r);
            }
        });
        DeltaTables.replaceRange(spark, lake, ScoreTables.LEAD_SCORES, "score_date", DAY1, DAY5,
                TestRows.of(ScoreTables.LEAD_SCORES.schema(), rows));
        return lake;
    }

    private static ScoringConfig config(Lake lake, LocalDate from, LocalDate to, int threshold) {
        return ScoringConfig.defaults(lake, from, to, "alerts").withHandoffThreshold(threshold);
    }

    private List<String> alerts(Lake lake) {
        return DeltaTables.read(spark, lake, ScoreTables.LEAD_ALERTS).orderBy("alert_date", "contact_id")
                .selectExpr("concat_ws(' ', alert_date, contact_id, score, coalesce(cast(previous_score AS STRING), '-'), route_to)")
                .collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    @Test
    void aLeadAlertsOncePerCrossingAndAgainAfterDroppingBelow() {
        Lake lake = lake();
        LeadAlertsJob.Result result = LeadAlertsJob.run(spark, config(lake, DAY1, DAY5, 30));
        assertThat(alerts(lake)).containsExactly(
                "2026-03-01 hot 45 - rep-hot",
                "2026-03-02 crosser 35 10 rep-crosser",
                "2026-03-04 orphan 31 5 unassigned-leads",
                "2026-03-05 crosser 50 20 rep-crosser");
        assertThat(result).isEqualTo(new LeadAlertsJob.Result(4, 1, 0));
        Row alert = DeltaTables.read(spark, lake, ScoreTables.LEAD_ALERTS).filter("contact_id = 'hot'").head();
        assertThat(alert.<Integer>getAs("threshold")).isEqualTo(30);
        assertThat(alert.<scala.collection.Seq<String>>getAs("top_reasons").head())
                .isEqualTo("Viewed pricing pages 3 times in the last 7 days");
        assertThat(alert.<String>getAs("model_version")).isEqualTo("v0001");
    }

    @Test
    void aNightlyRunSeesTheScoresBeforeItsNightAndRerunsAreIdempotent() {
        Lake lake = lake();
        for (LocalDate d = DAY1; !d.isAfter(DAY5); d = d.plusDays(1)) {
            LeadAlertsJob.run(spark, config(lake, d, d, 30));
        }
        LeadAlertsJob.run(spark, config(lake, DAY5, DAY5, 30));
        assertThat(alerts(lake)).hasSize(4).contains("2026-03-05 crosser 50 20 rep-crosser");
    }

    @Test
    void aNewThresholdRecomputesTheAlertsOfTheRange() {
        Lake lake = lake();
        LeadAlertsJob.run(spark, config(lake, DAY1, DAY5, 30));
        LeadAlertsJob.run(spark, config(lake, DAY1, DAY5, 45));
        assertThat(alerts(lake)).containsExactly("2026-03-01 hot 45 - rep-hot", "2026-03-05 crosser 50 20 rep-crosser");
    }

    @Test
    void handoffsAreCountedInTheFunnelPerChannelAndForAll() {
        Lake lake = lake();
        List<Map<String, Object>> funnel = new ArrayList<>();
        for (LocalDate d = DAY1; !d.isAfter(DAY5); d = d.plusDays(1)) {
            for (String channel : List.of("all", "organic_search")) {
                Map<String, Object> r = new HashMap<>();
                r.put("funnel_date", d);
                r.put("source_channel", channel);
                for (String c : List.of("visitors", "identified_visitors", "new_leads", "opportunities_created",
                        "opportunities_won", "opportunities_lost", "open_opportunities")) {
                    r.put(c, 0L);
                }
                r.put("won_amount_usd", BigDecimal.ZERO.setScale(2));
                r.put("open_pipeline_usd", BigDecimal.ZERO.setScale(2));
                funnel.add(r);
            }
        }
        DeltaTables.replaceRange(spark, lake, GoldTables.FUNNEL_DAILY, "funnel_date", DAY1, DAY5,
                TestRows.of(GoldTables.FUNNEL_DAILY.schema(), funnel));
        LeadAlertsJob.Result result = LeadAlertsJob.run(spark, config(lake, DAY1, DAY5, 30));
        assertThat(result.funnelRowsUpdated()).isEqualTo(10);
        List<String> counts = DeltaTables.read(spark, lake, GoldTables.FUNNEL_DAILY)
                .orderBy("funnel_date", "source_channel")
                .selectExpr("concat_ws(' ', funnel_date, source_channel, handoff_leads)").collectAsList().stream()
                .map(r -> r.getString(0)).toList();
        // The paid_search handoff of day 1 has no channel row that day: it counts in 'all' only.
        assertThat(counts).containsExactly(
                "2026-03-01 all 1", "2026-03-01 organic_search 0",
                "2026-03-02 all 1", "2026-03-02 organic_search 1",
                "2026-03-03 all 0", "2026-03-03 organic_search 0",
                "2026-03-04 all 1", "2026-03-04 organic_search 1",
                "2026-03-05 all 1", "2026-03-05 organic_search 1");
    }

    @Test
    void datesWithoutScoresAreAClearMessage() {
        Lake lake = lake();
        assertThatThrownBy(() -> LeadAlertsJob.run(spark, config(lake, DAY5.plusDays(1), DAY5.plusDays(1), 30)))
                .hasMessage("gold_lead_scores has no rows for 2026-03-06..2026-03-06: run revlake score first");
        Lake empty = new Lake(dir.resolve("empty").toString());
        assertThatThrownBy(() -> LeadAlertsJob.run(spark, config(empty, DAY1, DAY1, 30)))
                .hasMessageStartingWith("Table gold_lead_scores does not exist in ");
    }
}
