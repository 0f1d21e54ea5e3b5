package dev.revlake.report;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;

/**
 * The pipeline forecast as a sales leader reads it: this quarter's forecast on the latest night by
 * owner and segment with its P10–P90 band, how the forecast moved over the quarter, how past
 * forecasts compared with what was booked (and with the stage-weighted baseline), and the deals
 * likely to slip. Reads {@code gold_pipeline_forecast}, {@code gold_forecast_accuracy} and
 * {@code gold_opportunity_scores}.
 */
public final class ForecastReport {

    private static final String WRITTEN_BY = "revlake score (or revlake forecast) after revlake train";
    /** Past periods are compared at mid-period: early enough to matter, late enough to be fair. */
    private static final int COMPARE_AT_DAYS_BEFORE_END = 15;
    /** A forecast made in the last days of a period mostly counts what is already booked: not compared. */
    private static final int MIN_DAYS_BEFORE_END = 7;
    private static final int SLIPPING_DEALS = 15;

    /**
     * The company-wide (all owners, all segments) forecast of one night for the quarter.
     *
     * @param forecastDate the night
     * @param closedWonUsd booked so far in the quarter
     * @param expectedUsd the model's expected bookings
     * @param p10Usd 10th percentile of bookings
     * @param p50Usd median bookings
     * @param p90Usd 90th percentile of bookings
     * @param stageWeightedUsd the stage-weighted baseline
     */
    public record Night(LocalDate forecastDate, double closedWonUsd, double expectedUsd, double p10Usd,
                        double p50Usd, double p90Usd, double stageWeightedUsd) {
    }

    /**
     * A closed period (company-wide) against the forecast made closest to mid-period.
     *
     * @param periodType month or quarter
     * @param periodStart first day of the period
     * @param forecastDate the night of the forecast compared
     * @param actualUsd booked in the period
     * @param expectedUsd the model's forecast that night
     * @param stageWeightedUsd the stage-weighted baseline that night
     * @param p10Usd P10 that night
     * @param p90Usd P90 that night
     */
    public record ClosedPeriod(String periodType, LocalDate periodStart, LocalDate forecastDate, double actualUsd,
                               double expectedUsd, double stageWeightedUsd, double p10Usd, double p90Usd) {
    }

    private final LocalDate forecastDate;
    private final LocalDate quarterStart;
    private final LocalDate quarterEnd;
    private final List<Night> nights;
    private final List<ClosedPeriod> closedMonths;
    private final ReportTable byOwnerAndSegment;
    private final ReportTable accuracy;
    private final ReportTable slippingDeals;

    private ForecastReport(LocalDate forecastDate, LocalDate quarterStart, LocalDate quarterEnd, List<Night> nights,
                           List<ClosedPeriod> closedMonths, ReportTable byOwnerAndSegment, ReportTable accuracy,
                           ReportTable slippingDeals) {
        this.forecastDate = forecastDate;
        this.quarterStart = quarterStart;
        this.quarterEnd = quarterEnd;
        this.nights = List.copyOf(nights);
        this.closedMonths = List.copyOf(closedMonths);
        this.byOwnerAndSegment = byOwnerAndSegment;
        this.accuracy = accuracy;
        this.slippingDeals = slippingDeals;
    }

    /**
     * Loads the report as of the latest forecast night.
     *
     * @throws MissingDataException when the lake has no forecast yet
     */
    public static ForecastReport load(SparkSession spark, Lake lake) {
        Dataset<Row> forecast = Frames.require(spark, lake, ScoreTables.PIPELINE_FORECAST, WRITTEN_BY);
        LocalDate last = Frames.latest(forecast, "forecast_date", ScoreTables.PIPELINE_FORECAST.name(), WRITTEN_BY);
        Dataset<Row> quarter = forecast.filter(col("period_type").equalTo("quarter"));
        Row period = quarter.filter(col("forecast_date").equalTo(lit(last))).select("period_start", "period_end")
                .first();
        LocalDate start = period.getAs("period_start");
        LocalDate end = period.getAs("period_end");
        Dataset<Row> inQuarter = quarter.filter(col("period_start").equalTo(lit(start)));

        List<Night> nights = new ArrayList<>();
        for (Row r : company(inQuarter).orderBy("forecast_date").collectAsList()) {
            nights.add(new Night(r.getAs("forecast_date"), Frames.number(r, "closed_won_usd"),
                    Frames.number(r, "expected_bookings_usd"), Frames.number(r, "p10_bookings_usd"),
                    Frames.number(r, "p50_bookings_usd"), Frames.number(r, "p90_bookings_usd"),
                    Frames.number(r, "stage_weighted_usd")));
        }
        Dataset<Row> latest = inQuarter.filter(col("forecast_date").equalTo(lit(last)))
                .orderBy(when(col("owner_id").equalTo("all"), 0).otherwise(1), col("owner_id"),
                        when(col("segment").equalTo("all"), 0).otherwise(1), col("segment"))
                .select(col("owner_id"), col("segment"), col("closed_won_usd"), col("expected_bookings_usd"),
                        col("p10_bookings_usd"), col("p50_bookings_usd"), col("p90_bookings_usd"),
                        col("stage_weighted_usd"), col("commit_usd"), col("best_case_usd"), col("open_deals"));
        ReportTable byOwner = ReportTable.of(String.format("Quarter %s to %s as of %s, by owner and segment (USD)",
                start, end, last), latest, 500);

        List<ClosedPeriod> months = new ArrayList<>();
        ReportTable accuracy;
        if (DeltaTables.exists(spark, lake, ScoreTables.FORECAST_ACCURACY)) {
            Dataset<Row> evaluated = company(DeltaTables.read(spark, lake, ScoreTables.FORECAST_ACCURACY));
            for (Row r : midPeriod(evaluated.filter(col("period_type").equalTo("month"))).collectAsList()) {
                months.add(new ClosedPeriod("month", r.getAs("period_start"), r.getAs("forecast_date"),
                        Frames.number(r, "actual_bookings_usd"), Frames.number(r, "expected_bookings_usd"),
                        Frames.number(r, "stage_weighted_usd"), Frames.number(r, "p10_bookings_usd"),
                        Frames.number(r, "p90_bookings_usd")));
            }
            accuracy = ReportTable.of("Closed periods, company-wide: mean absolute percentage error over every"
                    + " night's forecast, model against the stage-weighted baseline", evaluated
                    .groupBy("period_type", "period_start", "period_end")
                    .agg(count(lit(1)).as("nights"),
                            org.apache.spark.sql.functions.max("actual_bookings_usd").as("actual_bookings_usd"),
                            round(avg("model_absolute_percentage_error"), 3).as("model_mape"),
                            round(avg("baseline_absolute_percentage_error"), 3).as("baseline_mape"),
                            round(avg(when(col("is_actual_within_p10_p90"), 1.0).otherwise(0.0)), 3)
                                    .as("share_within_p10_p90"))
                    .orderBy("period_type", "period_start"), 200);
        } else {
            accuracy = new ReportTable("Closed periods: none yet (gold_forecast_accuracy is written once a"
                    + " forecast period has ended)", List.of("period_type"), List.of());
        }

        ReportTable slipping = slippingDeals(spark, lake);
        return new ForecastReport(last, start, end, nights, months, byOwner, accuracy, slipping);
    }

    private static Dataset<Row> company(Dataset<Row> rows) {
        return rows.filter(col("owner_id").equalTo("all").and(col("segment").equalTo("all")));
    }

    /**
     * Per period, the forecast night closest to {@link #COMPARE_AT_DAYS_BEFORE_END} (earlier on ties),
     * among those made at least {@link #MIN_DAYS_BEFORE_END} days before the end.
     */
    private static Dataset<Row> midPeriod(Dataset<Row> evaluated) {
        return evaluated.filter(col("days_before_period_end").geq(MIN_DAYS_BEFORE_END))
                .withColumn("pick", row_number().over(Window.partitionBy("period_start").orderBy(
                        abs(col("days_before_period_end").minus(COMPARE_AT_DAYS_BEFORE_END)),
                        col("forecast_date"))))
                .filter(col("pick").equalTo(1)).drop("pick").orderBy("period_start");
    }

    private static ReportTable slippingDeals(SparkSession spark, Lake lake) {
        if (!DeltaTables.exists(spark, lake, ScoreTables.OPPORTUNITY_SCORES)) {
            return new ReportTable("Slipping deals: no deal scores yet", List.of("opportunity_id"), List.of());
        }
        Dataset<Row> scores = DeltaTables.read(spark, lake, ScoreTables.OPPORTUNITY_SCORES);
        LocalDate last = Frames.latest(scores, "score_date", ScoreTables.OPPORTUNITY_SCORES.name(), WRITTEN_BY);
        return ReportTable.of(String.format("Deals likely to slip on %s: the predicted close is later than the CRM"
                + " close date (largest first)", last), scores
                .filter(col("score_date").equalTo(lit(last)).and(col("is_slip_risk")))
                .orderBy(col("amount_usd").desc(), col("opportunity_id"))
                .select(col("opportunity_id"), col("owner_id"), col("segment"), col("stage"), col("amount_usd"),
                        col("close_date"), col("predicted_close_date"), col("predicted_close_high_date"),
                        round(col("win_probability"), 3).as("win_probability"), col("top_reasons")),
                SLIPPING_DEALS);
    }

    /** The latest forecast night. */
    public LocalDate forecastDate() {
        return forecastDate;
    }

    /** First day of the quarter forecast. */
    public LocalDate quarterStart() {
        return quarterStart;
    }

    /** Last day of the quarter forecast. */
    public LocalDate quarterEnd() {
        return quarterEnd;
    }

    /** Company-wide quarter forecast of every night of the quarter so far, oldest first. */
    public List<Night> nights() {
        return nights;
    }

    /** Closed months against their mid-month forecast, oldest first. */
    public List<ClosedPeriod> closedMonths() {
        return closedMonths;
    }

    /** The latest night's quarter forecast per owner and segment, with roll-ups first. */
    public ReportTable byOwnerAndSegment() {
        return byOwnerAndSegment;
    }

    /** The roll-ups of {@link #byOwnerAndSegment()} only: the company, each owner, each segment. */
    public ReportTable rollUps() {
        int owner = byOwnerAndSegment.columns().indexOf("owner_id");
        int segment = byOwnerAndSegment.columns().indexOf("segment");
        return new ReportTable(byOwnerAndSegment.title().replace("by owner and segment", "per owner and per segment"),
                byOwnerAndSegment.columns(), byOwnerAndSegment.rows().stream()
                        .filter(r -> "all".equals(r.get(owner)) || "all".equals(r.get(segment))).toList());
    }

    /** Forecast error of closed periods, model against baseline. */
    public ReportTable accuracy() {
        return accuracy;
    }

    /** The largest open deals whose predicted close is later than the CRM's. */
    public ReportTable slippingDeals() {
        return slippingDeals;
    }

    /**
     * The quarter's forecast night by night: expected bookings with the P10–P90 band (dashed), the
     * stage-weighted baseline and what is booked so far, in thousands of USD.
     */
    public XYChart forecastChart() {
        XYChart chart = Charts.xy(String.format("Bookings forecast, quarter %s to %s", quarterStart, quarterEnd),
                "forecast night", "k USD");
        chart.getStyler().setDatePattern("MM-dd");
        chart.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
        List<Date> x = nights.stream().map(n -> Frames.plotDate(n.forecastDate())).toList();
        XYSeries p90 = chart.addSeries("P90", x, nights.stream().map(n -> Charts.thousands(n.p90Usd())).toList());
        XYSeries expected = chart.addSeries("expected (model)", x,
                nights.stream().map(n -> Charts.thousands(n.expectedUsd())).toList());
        XYSeries p10 = chart.addSeries("P10", x, nights.stream().map(n -> Charts.thousands(n.p10Usd())).toList());
        XYSeries baseline = chart.addSeries("stage-weighted (baseline)", x,
                nights.stream().map(n -> Charts.thousands(n.stageWeightedUsd())).toList());
        XYSeries won = chart.addSeries("closed won so far", x,
                nights.stream().map(n -> Charts.thousands(n.closedWonUsd())).toList());
        Charts.line(p90, Charts.BAND, false, true);
        Charts.line(p10, Charts.BAND, false, true);
        Charts.line(expected, Charts.MODEL, true, false);
        Charts.line(baseline, Charts.BASELINE, false, false);
        Charts.line(won, Charts.ACTUAL, false, false);
        return chart;
    }

    /** Closed months: what was booked against the model's and the baseline's mid-month forecast. */
    public CategoryChart forecastVersusActualChart() {
        CategoryChart chart = Charts.bars("Forecast at mid-month against actual bookings", "month", "k USD");
        if (closedMonths.isEmpty()) {
            chart.setTitle("Forecast against actual: no closed month yet");
            chart.addSeries("actual", List.of("none"), List.of(0));
            return chart;
        }
        List<String> x = closedMonths.stream().map(m -> m.periodStart().toString().substring(0, 7)).toList();
        chart.addSeries("actual", x, closedMonths.stream().map(m -> Charts.thousands(m.actualUsd())).toList())
                .setFillColor(Charts.ACTUAL);
        chart.addSeries("model", x, closedMonths.stream().map(m -> Charts.thousands(m.expectedUsd())).toList())
                .setFillColor(Charts.MODEL);
        chart.addSeries("stage-weighted", x,
                closedMonths.stream().map(m -> Charts.thousands(m.stageWeightedUsd())).toList())
                .setFillColor(Charts.BASELINE);
        return chart;
    }
}
