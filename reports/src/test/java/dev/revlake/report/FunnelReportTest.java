package dev.revlake.report;

import static dev.revlake.report.ReportLakes.values;
import static org.assertj.core.api.Assertions.assertThat;

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

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunnelReportTest {

    private static final LocalDate LAST = LocalDate.of(2026, 11, 28);
    private FunnelReport report;

    @BeforeAll
    void writeFortyDaysOfFunnel(@TempDir Path dir) {
        Lake lake = new Lake(dir.resolve("lake").toString());
        List<Map<String, Object>> daily = new ArrayList<>();
        // 40 days; day i (0 = oldest) has 100 + i visitors, 10 identified, 4 new leads (3 search, 1 e-mail),
        // 1 handoff, and one won deal every 10 days. Only the last 30 days count.
        for (int i = 0; i < 40; i++) {
            LocalDate day = LAST.minusDays(39 - i);
            Map<String, Object> all = values("funnel_date", day, "source_channel", "all", "visitors", 100L + i,
                    "identified_visitors", 10L, "new_leads", 4L, "handoff_leads", 1L, "opportunities_created", 2L,
                    "opportunities_won", i % 10 == 0 ? 1L : 0L, "win_rate_90d", 0.25, "average_cycle_days_90d", 60.0,
                    "pipeline_velocity_usd_per_day", 1500.0 + i, "prospecting_to_discovery_rate_90d", 0.6,
                    "discovery_to_proposal_rate_90d", 0.5, "proposal_to_negotiation_rate_90d", 0.4,
                    "negotiation_to_won_rate_90d", 0.7);
            daily.add(all);
            daily.add(values("funnel_date", day, "source_channel", "paid_search", "new_leads", 3L));
            daily.add(values("funnel_date", day, "source_channel", "email", "new_leads", 1L));
        }
        ReportLakes.write(lake, GoldTables.FUNNEL_DAILY, daily);
        ReportLakes.write(lake, GoldTables.CONTACT_ACTIVITY_DAILY, List.of(
                values("activity_date", LAST, "contact_id", "c1", "full_name", "Ada Reader", "page_views", 9L,
                        "web_sessions", 1L, "top_pages", List.of("/blog/a")),
                values("activity_date", LAST, "contact_id", "c2", "full_name", "Bo Buyer", "page_views", 2L,
                        "web_sessions", 1L, "has_pricing_view", true, "top_pages", List.of("/pricing")),
                values("activity_date", LAST.minusDays(1), "contact_id", "c3", "full_name", "Yesterday",
                        "page_views", 50L, "web_sessions", 2L)));
        report = FunnelReport.load(ReportLakes.spark(), lake);
    }

    @Test
    void theFunnelCountsTheLastThirtyDaysCompanyWide() {
        assertThat(report.day()).isEqualTo(LAST);
        // Days 10..39: visitors 110 .. 139.
        long visitors = 0;
        for (int i = 10; i < 40; i++) {
            visitors += 100 + i;
        }
        assertThat(report.funnel()).containsExactly(Map.entry("visitors", visitors),
                Map.entry("identified visitors", 300L), Map.entry("new leads", 120L),
                Map.entry("handoff leads", 30L), Map.entry("opportunities created", 60L),
                Map.entry("opportunities won", 3L));
    }

    @Test
    void leadsByChannelLeaveOutTheRollUp() {
        assertThat(report.leadsByChannel()).containsExactly(Map.entry("paid_search", 90L), Map.entry("email", 30L));
    }

    @Test
    void todayIsComparedWithTheWeekBefore() {
        List<String> visitors = report.today().rows().get(0);
        assertThat(visitors).containsExactly("visitors", "139", "135.0");
    }

    @Test
    void knownVisitorsOnPricingComeFirstAndOnlyForTheLatestDay() {
        assertThat(report.knownVisitors().rows()).extracting(r -> r.get(0)).containsExactly("Bo Buyer", "Ada Reader");
    }

    @Test
    void stageConversionAndVelocityAreCharted() {
        assertThat(report.stageConversion()).containsEntry("negotiation → won", 0.7)
                .containsEntry("win rate (won / closed)", 0.25);
        assertThat(report.trend()).hasSize(40);
        // 40 days are too few to leave out a 30-day warm-up: every day is drawn.
        assertThat(report.velocityChart().getSeriesMap().get("velocity").getYData()).hasSize(40).contains(1.5, 1.539);
        assertThat(report.cycleLengthChart().getSeriesMap().get("average cycle").getYData()).hasSize(40);
        assertThat(report.funnelChart().getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(Charts.png(report.funnelChart())).hasSizeGreaterThan(1000);
    }
}
