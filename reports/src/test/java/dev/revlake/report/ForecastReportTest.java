package dev.revlake.report;

import static dev.revlake.report.ReportLakes.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForecastReportTest {

    private static final LocalDate Q4 = LocalDate.of(2026, 10, 1);
    private static final LocalDate Q4_END = LocalDate.of(2026, 12, 31);
    private static final LocalDate NOV_27 = LocalDate.of(2026, 11, 27);
    private static final LocalDate NOV_28 = LocalDate.of(2026, 11, 28);

    private Path dir;
    private ForecastReport report;

    @BeforeAll
    void writeTheForecastTables(@TempDir Path tmp) {
        dir = tmp;
        Lake lake = new Lake(dir.resolve("lake").toString());
        List<Map<String, Object>> forecast = new ArrayList<>();
        forecast.add(quarter(NOV_27, "all", "all", 100_000, 180_000, 150_000, 120_000, 260_000));
        forecast.add(quarter(NOV_28, "all", "all", 110_000, 190_000, 160_000, 130_000, 250_000));
        forecast.add(quarter(NOV_28, "rep_2", "smb", 10_000, 40_000, 30_000, 20_000, 60_000));
        forecast.add(quarter(NOV_28, "all", "smb", 20_000, 70_000, 50_000, 40_000, 90_000));
        // Last quarter's rows and a month row must stay out of the quarter trend.
        Map<String, Object> oldQuarter = quarter(LocalDate.of(2026, 9, 30), "all", "all", 1, 2, 2, 1, 3);
        oldQuarter.put("period_start", LocalDate.of(2026, 7, 1));
        oldQuarter.put("period_end", LocalDate.of(2026, 9, 30));
        forecast.add(oldQuarter);
        Map<String, Object> month = quarter(NOV_28, "all", "all", 5, 6, 6, 5, 7);
        month.put("period_type", "month");
        month.put("period_start", LocalDate.of(2026, 11, 1));
        month.put("period_end", LocalDate.of(2026, 11, 30));
        forecast.add(month);
        ReportLakes.write(lake, ScoreTables.PIPELINE_FORECAST, forecast);

        // October: forecasts made 20, 14 and 5 days before the end; the mid-month one (14) is compared.
        // September: only a forecast 3 days before the end, which mostly counts what was booked: not compared.
        Map<String, Object> september = new java.util.HashMap<>(accuracy(3, 50_000, 50_000, 50_000, 0.0, 0.0, true));
        september.put("period_start", LocalDate.of(2026, 9, 1));
        september.put("period_end", LocalDate.of(2026, 9, 30));
        september.put("forecast_date", LocalDate.of(2026, 9, 27));
        ReportLakes.write(lake, ScoreTables.FORECAST_ACCURACY, List.of(
                accuracy(20, 100_000, 80_000, 60_000, 0.2, 0.4, true),
                accuracy(14, 100_000, 95_000, 70_000, 0.05, 0.3, true),
                accuracy(5, 100_000, 99_000, 90_000, 0.01, 0.1, false), september));

        ReportLakes.write(lake, ScoreTables.OPPORTUNITY_SCORES, List.of(
                deal(NOV_28, "opp_small", 5_000, true),
                deal(NOV_28, "opp_big", 90_000, true),
                deal(NOV_28, "opp_on_time", 200_000, false),
                deal(NOV_27, "opp_yesterday", 500_000, true)));
        report = ForecastReport.load(ReportLakes.spark(), lake);
    }

    private static Map<String, Object> quarter(LocalDate night, String owner, String segment, double won,
                                               double expected, double p50, double p10, double p90) {
        return new java.util.HashMap<>(values("forecast_date", night, "period_type", "quarter", "period_start", Q4,
                "period_end", Q4_END, "owner_id", owner, "segment", segment, "closed_won_usd", won,
                "expected_bookings_usd", expected, "p10_bookings_usd", p10, "p50_bookings_usd", p50,
                "p90_bookings_usd", p90, "stage_weighted_usd", expected * 1.2, "run_id", "test"));
    }

    private static Map<String, Object> accuracy(int daysBeforeEnd, double actual, double expected, double baseline,
                                                double modelError, double baselineError, boolean withinBand) {
        return values("period_type", "month", "period_start", LocalDate.of(2026, 10, 1), "period_end",
                LocalDate.of(2026, 10, 31), "owner_id", "all", "segment", "all", "forecast_date",
                LocalDate.of(2026, 10, 31).minusDays(daysBeforeEnd), "days_before_period_end", daysBeforeEnd,
                "actual_bookings_usd", actual, "expected_bookings_usd", expected, "stage_weighted_usd", baseline,
                "p10_bookings_usd", expected * 0.8, "p90_bookings_usd", expected * 1.2,
                "model_absolute_percentage_error", modelError, "baseline_absolute_percentage_error", baselineError,
                "is_actual_within_p10_p90", withinBand);
    }

    private static Map<String, Object> deal(LocalDate night, String id, double amount, boolean slips) {
        return values("score_date", night, "opportunity_id", id, "amount_usd", amount, "is_slip_risk", slips,
                "win_probability", 0.5, "close_date", LocalDate.of(2026, 12, 1),
                "predicted_close_date", LocalDate.of(2026, 12, 20));
    }

    @Test
    void theQuarterTrendIsTheCompanyRowOfEachNight() {
        assertThat(report.forecastDate()).isEqualTo(NOV_28);
        assertThat(report.quarterStart()).isEqualTo(Q4);
        assertThat(report.quarterEnd()).isEqualTo(Q4_END);
        assertThat(report.nights()).containsExactly(
                new ForecastReport.Night(NOV_27, 100_000, 180_000, 120_000, 150_000, 260_000, 216_000),
                new ForecastReport.Night(NOV_28, 110_000, 190_000, 130_000, 160_000, 250_000, 228_000));
    }

    @Test
    void ownersAndSegmentsListTheRollUpsFirst() {
        assertThat(report.byOwnerAndSegment().rows()).extracting(r -> r.get(0) + "/" + r.get(1))
                .containsExactly("all/all", "all/smb", "rep_2/smb");
        assertThat(report.byOwnerAndSegment().rows().get(0).get(3)).isEqualTo("190,000");
        assertThat(report.rollUps().rows()).extracting(r -> r.get(0) + "/" + r.get(1))
                .containsExactly("all/all", "all/smb");
    }

    @Test
    void aClosedMonthIsComparedAtMidMonthAndItsErrorAveragedOverEveryNight() {
        assertThat(report.closedMonths()).hasSize(1);
        ForecastReport.ClosedPeriod october = report.closedMonths().get(0);
        assertThat(october.forecastDate()).isEqualTo(LocalDate.of(2026, 10, 17));
        assertThat(october.expectedUsd()).isEqualTo(95_000);
        assertThat(october.stageWeightedUsd()).isEqualTo(70_000);
        assertThat(report.accuracy().rows()).hasSize(2);
        List<String> row = report.accuracy().rows().get(1);
        assertThat(report.accuracy().columns()).containsExactly("period_type", "period_start", "period_end", "nights",
                "actual_bookings_usd", "model_mape", "baseline_mape", "share_within_p10_p90");
        assertThat(row).containsExactly("month", "2026-10-01", "2026-10-31", "3", "100,000", "0.087", "0.267",
                "0.667");
    }

    @Test
    void slippingDealsAreTheLatestNightsLargestFirst() {
        assertThat(report.slippingDeals().rows()).extracting(r -> r.get(0)).containsExactly("opp_big", "opp_small");
    }

    @Test
    void chartsDrawTheBandTheBaselineAndTheActuals() {
        XYChart forecast = report.forecastChart();
        assertThat(forecast.getSeriesMap()).containsOnlyKeys("P90", "expected (model)", "P10",
                "stage-weighted (baseline)", "closed won so far");
        assertThat(forecast.getSeriesMap().get("P10").getYData()).containsExactly(120.0, 130.0);
        CategoryChart versus = report.forecastVersusActualChart();
        assertThat(versus.getSeriesMap()).containsOnlyKeys("actual", "model", "stage-weighted");
        assertThat(versus.getSeriesMap().get("model").getYData()).hasSize(1);
        assertThat(versus.getSeriesMap().get("model").getYData().iterator().next().doubleValue())
                .isCloseTo(95.0, within(1e-9));
        byte[] png = Charts.png(forecast);
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void aLakeWithoutAForecastSaysWhichCommandWritesIt() {
        Lake empty = new Lake(dir.resolve("empty").toString());
        assertThatThrownBy(() -> ForecastReport.load(ReportLakes.spark(), empty))
                .isInstanceOf(MissingDataException.class)
                .hasMessageContaining("No gold_pipeline_forecast in")
                .hasMessageContaining("revlake score");
    }
}
