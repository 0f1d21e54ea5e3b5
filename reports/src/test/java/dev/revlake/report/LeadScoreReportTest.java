package dev.revlake.report;

import static dev.revlake.report.ReportLakes.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadScoreReportTest {

    private static final LocalDate MATURED = LocalDate.of(2026, 10, 1);
    private static final LocalDate TONIGHT = LocalDate.of(2026, 11, 28);
    private LeadScoreReport report;

    @BeforeAll
    void writeScoresLabelsAndAlerts(@TempDir Path dir) {
        Lake lake = new Lake(dir.resolve("lake").toString());
        List<Map<String, Object>> scores = new ArrayList<>();
        List<Map<String, Object>> labels = new ArrayList<>();
        // 100 matured lead-nights with probabilities 0.005 .. 0.995: lead k converts when k % 10 < k / 10,
        // so decile d (leads 10(d-1) .. 10d-1) converts at the rate (d-1)/10 ... rising with the score.
        for (int k = 0; k < 100; k++) {
            double p = (k + 0.5) / 100;
            scores.add(score(MATURED, "lead_" + k, p, null));
            labels.add(values("snapshot_date", MATURED, "contact_id", "lead_" + k, "lead_status", "open",
                    "converted_within_30d", k % 10 < k / 10));
        }
        // Tonight: not matured (no label yet); scores 95, 42, 42 and 7.
        scores.add(score(TONIGHT, "hot", 0.95, 30));
        scores.add(score(TONIGHT, "warm_rising", 0.42, 20));
        scores.add(score(TONIGHT, "warm_flat", 0.42, 0));
        scores.add(score(TONIGHT, "cold", 0.07, null));
        labels.add(values("snapshot_date", TONIGHT, "contact_id", "hot", "lead_status", "open",
                "converted_within_30d", null));
        ReportLakes.write(lake, ScoreTables.LEAD_SCORES, scores);
        ReportLakes.write(lake, GoldTables.LEAD_FEATURES, labels);
        ReportLakes.write(lake, ScoreTables.LEAD_ALERTS, List.of(
                values("alert_date", TONIGHT.minusDays(1), "contact_id", "old", "route_to", "rep_1", "score", 40,
                        "threshold", 30, "tier", "B", "source_channel", "email", "model_version", "v0001"),
                values("alert_date", TONIGHT, "contact_id", "hot", "route_to", "rep_2", "score", 95,
                        "threshold", 30, "tier", "A", "source_channel", "paid_search", "model_version", "v0001",
                        "top_reasons", List.of("visited pricing 4 times this week"))));
        report = LeadScoreReport.load(ReportLakes.spark(), lake);
    }

    private static Map<String, Object> score(LocalDate date, String lead, double p, Integer change) {
        int score = (int) Math.max(1, Math.min(99, Math.round(p * 100)));
        return values("score_date", date, "contact_id", lead, "lead_status", "open", "segment", "smb",
                "source_channel", "email", "conversion_probability", p, "score", score, "tier", "C",
                "score_change_7d", change, "model_name", "lead_conversion", "model_version", "v0001", "run_id", "t",
                "top_reasons", List.of("opened 3 e-mails"));
    }

    @Test
    void conversionRisesWithTheScoreDecile() {
        assertThat(report.maturedScores()).isEqualTo(100);
        assertThat(report.deciles()).hasSize(10);
        for (int d = 1; d <= 10; d++) {
            LeadScoreReport.Decile decile = report.deciles().get(d - 1);
            assertThat(decile.decile()).isEqualTo(d);
            assertThat(decile.leads()).isEqualTo(10);
            assertThat(decile.observedRate()).isCloseTo((d - 1) / 10.0, within(1e-9));
            assertThat(decile.meanPredicted()).isCloseTo((10 * d - 5) / 100.0, within(1e-9));
        }
    }

    @Test
    void tonightsScoresAreCountedInFivePointBands() {
        assertThat(report.scoreDate()).isEqualTo(TONIGHT);
        assertThat(report.distribution()).containsExactly(new LeadScoreReport.ScoreBand(5, 1),
                new LeadScoreReport.ScoreBand(40, 2), new LeadScoreReport.ScoreBand(95, 1));
    }

    @Test
    void hottestLeadsComeFirstAndTiesGoToTheRisingOne() {
        assertThat(report.hottestLeads().rows()).extracting(r -> r.get(0))
                .containsExactly("hot", "warm_rising", "warm_flat", "cold");
        assertThat(report.hottestLeads().rows().get(0).get(7)).isEqualTo("opened 3 e-mails");
    }

    @Test
    void onlyTheNewestDaysAlertsAreListed() {
        assertThat(report.newAlerts().rows()).hasSize(1);
        assertThat(report.newAlerts().rows().get(0)).startsWith("hot", "rep_2", "paid_search");
        assertThat(report.newAlerts().title()).contains(TONIGHT.toString());
    }

    @Test
    void theDecileChartComparesObservedWithPredicted() {
        var chart = report.conversionByDecileChart();
        assertThat(chart.getSeriesMap()).containsOnlyKeys("observed", "predicted");
        assertThat(chart.getSeriesMap().get("observed").getYData()).hasSize(10);
        assertThat(Charts.png(report.scoreDistributionChart())).hasSizeGreaterThan(1000);
    }
}
