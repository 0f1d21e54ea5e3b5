package dev.revlake.forecast;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.ops.StepRecorder;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;

/**
 * A hand-made March 2026. Won deals (silver): w1 rep1 smb 1,000, close first seen 03-10 (closed_at
 * backdated to February); w3 rep1 smb 500 won 02-15; w4 rep1 smb 700 won 03-05 but reopened 03-20;
 * w2 2,000 owned by rep1 until rep2 wins it, first seen won 03-31 (account a2: mid_market).
 *
 * <p>Open deals (scores on 03-30 and 03-31; none on 03-29), as (q month, q quarter):
 * o1 rep1 smb 1,000, stage 50 %, CRM close 03-31, win 0.75 × (1, 1) → commit;
 * o2 rep1 enterprise 4,000, stage 25 %, CRM close 04-15, win 0.5 × (0.125, 0.25) → (none, pipeline);
 * o3 rep2 smb 2,000, no stage probability, CRM close 03-20, win 0.5 × (1, 1) → best_case;
 * w2 (03-30 only) rep2 mid_market 2,000, stage 75 %, CRM close 03-31, win 0.5 × (0.5, 0.5) → pipeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineForecastJobTest {

    private static final LocalDate MAR_29 = LocalDate.of(2026, 3, 29);
    private static final LocalDate MAR_30 = LocalDate.of(2026, 3, 30);
    private static final LocalDate MAR_31 = LocalDate.of(2026, 3, 31);
    private static final int DRAWS = 2_000;

    @TempDir
    static Path dir;

    private final SparkSession spark = SharedSpark.get();
    private Lake lake;
    private List<StepRecorder.TableResult> firstRun;

    @BeforeAll
    void buildLakeAndForecast() {
        lake = new Lake(dir.resolve("lake").toString());
        List<Map<String, Object>> history = new ArrayList<>();
        history.add(interval("w1", 1, "proposal", "2026-02-01T09:00:00Z", LocalDate.of(2026, 2, 1), "rep1", "1000"));
        // closed_at backdated into February; the close is dated by the snapshot that first showed it.
        history.add(interval("w1", 2, "closed_won", "2026-02-27T09:00:00Z", LocalDate.of(2026, 3, 10), "rep1",
                "1000"));
        history.add(interval("w3", 1, "closed_won", "2026-02-15T09:00:00Z", LocalDate.of(2026, 2, 15), "rep1",
                "500"));
        history.add(interval("w4", 1, "closed_won", "2026-03-05T09:00:00Z", LocalDate.of(2026, 3, 5), "rep1",
                "700"));
        history.add(interval("w4", 2, "negotiation", "2026-03-20T09:00:00Z", LocalDate.of(2026, 3, 20), "rep1",
                "700"));
        history.add(interval("w2", 1, "negotiation", "2026-03-01T09:00:00Z", LocalDate.of(2026, 3, 1), "rep1",
                "2000"));
        history.add(interval("w2", 2, "closed_won", "2026-03-31T15:00:00Z", MAR_31, "rep2", "2000"));
        write(SilverTables.OPPORTUNITY_HISTORY, history);
        write(SilverTables.OPPORTUNITIES, List.of(opportunity("w1", "a1"), opportunity("w2", "a2"),
                opportunity("w3", "a1"), opportunity("w4", "a1")));
        write(SilverTables.ACCOUNT_HISTORY, List.of(account("a1", 50, "2026-01-01T00:00:00Z"),
                account("a2", 120, "2026-01-01T00:00:00Z"),
                // a2 grows to mid_market before w2's close; a later version must not matter.
                account("a2", 500, "2026-03-15T00:00:00Z"), account("a2", 5000, "2026-04-10T00:00:00Z")));
        List<Map<String, Object>> scores = new ArrayList<>();
        for (LocalDate night : List.of(MAR_30, MAR_31)) {
            scores.add(score(night, "o1", "rep1", "smb", 50, "1000", LocalDate.of(2026, 3, 31), 0.75, 1, 1, "win-3"));
            scores.add(score(night, "o2", "rep1", "enterprise", 25, "4000", LocalDate.of(2026, 4, 15), 0.5, 0.125,
                    0.25, "win-3"));
            scores.add(score(night, "o3", "rep2", "smb", null, "2000", LocalDate.of(2026, 3, 20), 0.5, 1, 1,
                    "win-3"));
        }
        scores.add(score(MAR_30, "w2", "rep2", "mid_market", 75, "2000", MAR_31, 0.5, 0.5, 0.5, "win-2"));
        write(ScoreTables.OPPORTUNITY_SCORES, scores);

        firstRun = PipelineForecastJob.run(spark, config("run-1"));
    }

    private PipelineForecastJob.Config config(String runId) {
        return new PipelineForecastJob.Config(lake, MAR_29, MAR_31, DRAWS, 42L, runId);
    }

    // ------------------------------------------------------------------ forecast

    @Test
    void writesTenGroupsPerPeriodForTheNightsWithScoresOnly() {
        assertThat(firstRun).singleElement().satisfies(r -> {
            assertThat(r.table()).isEqualTo("gold_pipeline_forecast");
            assertThat(r.rowsWritten()).isEqualTo(40);
        });
        Map<String, Row> rows = forecast();
        assertThat(rows).hasSize(40);
        // 4 leaves (rep1 smb, rep1 enterprise, rep2 smb, rep2 mid_market), 2 owners, 3 segments, all x all
        assertThat(rows.keySet()).filteredOn(k -> k.startsWith("2026-03-30 month ")).containsExactlyInAnyOrder(
                "2026-03-30 month rep1 smb", "2026-03-30 month rep1 enterprise", "2026-03-30 month rep2 smb",
                "2026-03-30 month rep2 mid_market", "2026-03-30 month rep1 all", "2026-03-30 month rep2 all",
                "2026-03-30 month all smb", "2026-03-30 month all enterprise", "2026-03-30 month all mid_market",
                "2026-03-30 month all all");
    }

    @Test
    void monthFiguresOfTheFirstNight() {
        Map<String, Row> rows = forecast();
        // closed, open deals, CRM pipeline, stage weighted, expected, commit, best case, pipeline
        assertFigures(rows.get("2026-03-30 month all all"), 1000, 3, 5000, 3000, 3500, 2000, 4000, 6000);
        assertFigures(rows.get("2026-03-30 month rep1 smb"), 1000, 1, 1000, 1500, 1750, 2000, 2000, 2000);
        // o2 closes in April per CRM and its q (0.0625) is below every category, but still expected.
        assertFigures(rows.get("2026-03-30 month rep1 enterprise"), 0, 0, 0, 0, 250, 0, 0, 0);
        // o3 has no stage probability: 0 in the baseline.
        assertFigures(rows.get("2026-03-30 month rep2 smb"), 0, 1, 2000, 0, 1000, 0, 2000, 2000);
        assertFigures(rows.get("2026-03-30 month rep2 all"), 0, 2, 4000, 1500, 1500, 0, 2000, 4000);
        assertFigures(rows.get("2026-03-30 month all smb"), 1000, 2, 3000, 1500, 2750, 2000, 4000, 4000);
        Row all = rows.get("2026-03-30 month all all");
        assertThat(all.<String>getAs("win_model_version")).isEqualTo("win-3");
        assertThat(all.<String>getAs("close_date_model_version")).isEqualTo("cd-1");
        assertThat(all.<Integer>getAs("simulation_draws")).isEqualTo(DRAWS);
        assertThat(all.<LocalDate>getAs("period_start")).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(all.<LocalDate>getAs("period_end")).isEqualTo(MAR_31);
    }

    @Test
    void quarterFiguresCountFebruaryWinsAndModelClosesOutsideTheCrmDate() {
        Map<String, Row> rows = forecast();
        // closed: w1 + w3 (w4 was reopened); o2 is in pipeline (q 0.125) though its CRM close is April.
        assertFigures(rows.get("2026-03-30 quarter all all"), 1500, 4, 5000, 3500, 4250, 2500, 4500, 10500);
        Row all = rows.get("2026-03-30 quarter all all");
        assertThat(all.<LocalDate>getAs("period_start")).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(all.<Long>getAs("simulation_seed"))
                .isEqualTo(PipelineForecastJob.seedFor(42L, MAR_30, "quarter"))
                .isNotEqualTo(rows.get("2026-03-30 month all all").<Long>getAs("simulation_seed"));
    }

    @Test
    void aDealWonOnTheNightCountsForItsOwnerAtCloseAndTheSegmentThen() {
        Map<String, Row> rows = forecast();
        assertFigures(rows.get("2026-03-31 month all all"), 3000, 2, 3000, 3500, 5000, 4000, 6000, 6000);
        Row rep2 = rows.get("2026-03-31 month rep2 mid_market");
        assertFigures(rep2, 2000, 0, 0, 2000, 2000, 2000, 2000, 2000);
        assertThat(money(rep2, "p10_bookings_usd")).isEqualTo(2000);
        assertThat(money(rep2, "p90_bookings_usd")).isEqualTo(2000);
        assertThat(rows).doesNotContainKey("2026-03-31 month rep1 mid_market");
    }

    @Test
    void monteCarloQuantilesAreOrderedAndStartAtClosedWon() {
        for (Row r : forecast().values()) {
            double closed = money(r, "closed_won_usd");
            double p10 = money(r, "p10_bookings_usd");
            double p50 = money(r, "p50_bookings_usd");
            double p90 = money(r, "p90_bookings_usd");
            assertThat(p10).isGreaterThanOrEqualTo(closed).isLessThanOrEqualTo(p50);
            assertThat(p50).isLessThanOrEqualTo(p90).isLessThanOrEqualTo(money(r, "pipeline_usd")
                    + money(r, "open_pipeline_usd") + 4000);
        }
        // rep1 smb: o1 (1,000 at q 0.75) on top of 1,000 won: P10 books nothing, P50 and P90 book it.
        Row rep1 = forecast().get("2026-03-30 month rep1 smb");
        assertThat(money(rep1, "p10_bookings_usd")).isEqualTo(1000);
        assertThat(money(rep1, "p50_bookings_usd")).isEqualTo(2000);
        assertThat(money(rep1, "p90_bookings_usd")).isEqualTo(2000);
    }

    @Test
    void reRunningTheRangeReplacesItWithTheSameFigures() {
        Map<String, Row> before = forecast();
        PipelineForecastJob.run(spark, config("run-2"));
        Map<String, Row> after = forecast();
        assertThat(after).hasSameSizeAs(before);
        for (Map.Entry<String, Row> e : before.entrySet()) {
            Row a = after.get(e.getKey());
            for (String c : List.of("closed_won_usd", "open_deals", "expected_bookings_usd", "stage_weighted_usd",
                    "p10_bookings_usd", "p50_bookings_usd", "p90_bookings_usd", "commit_usd", "pipeline_usd",
                    "simulation_seed")) {
                assertThat((Object) a.getAs(c)).as(e.getKey() + " " + c).isEqualTo(e.getValue().getAs(c));
            }
            assertThat(a.<String>getAs("run_id")).isEqualTo("run-2");
        }
    }

    @Test
    void missingScoresAreAClearError() {
        Lake empty = new Lake(dir.resolve("empty").toString());
        assertThatThrownBy(() -> PipelineForecastJob.run(spark,
                new PipelineForecastJob.Config(empty, MAR_29, MAR_31, DRAWS, 42L, "run-x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("gold_opportunity_scores has no rows for 2026-03-29..2026-03-31: run revlake score first");
        assertThatThrownBy(() -> new PipelineForecastJob.Config(empty, MAR_29, MAR_31, 10, 42L, "r"))
                .hasMessage("Invalid draws: 10 (at least 100)");
        assertThatThrownBy(() -> PipelineForecastJob.forecastNight(MAR_30, List.of(new OpenDeal("o9", "rep1", "smb",
                10, new BigDecimal("-5.00"), MAR_31, 0.5, 0.5, 0.5, "w", "c")), List.of(), DRAWS, 42L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("o9 on 2026-03-30 has amount_usd -5.00");
    }

    // ------------------------------------------------------------------ accuracy

    @Test
    void accuracyOfTheClosedMonthAndQuarter() {
        List<StepRecorder.TableResult> result = ForecastAccuracyJob.run(spark,
                new ForecastAccuracyJob.Config(lake, LocalDate.of(2026, 4, 2), "acc-1"));
        Dataset<Row> accuracy = DeltaTables.read(spark, lake, ScoreTables.FORECAST_ACCURACY);
        assertThat(result.get(0).rowsWritten()).isEqualTo(40);
        Map<String, Row> rows = keyed(accuracy, "forecast_date");

        // March actual: w1 1,000 + w2 2,000 (w4 reopened).
        Row first = rows.get("2026-03-30 month all all");
        assertThat(money(first, "actual_bookings_usd")).isEqualTo(3000);
        assertThat(first.<Double>getAs("model_absolute_percentage_error")).isCloseTo(500.0 / 3000, within(1e-9));
        assertThat(money(first, "model_bias_usd")).isEqualTo(500);
        assertThat(first.<Double>getAs("baseline_absolute_percentage_error")).isEqualTo(0.0);
        assertThat(first.<Integer>getAs("days_before_period_end")).isEqualTo(1);
        assertThat(first.<Boolean>getAs("is_actual_within_p10_p90")).isTrue();
        Row last = rows.get("2026-03-31 month all all");
        assertThat(last.<Double>getAs("model_absolute_percentage_error")).isCloseTo(2000.0 / 3000, within(1e-9));
        assertThat(money(last, "baseline_bias_usd")).isEqualTo(500);
        assertThat(last.<Integer>getAs("days_before_period_end")).isZero();

        // rep2 mid_market: w2 booked 2,000 against 500 expected; rep1 enterprise booked nothing.
        Row rep2 = rows.get("2026-03-30 month rep2 mid_market");
        assertThat(rep2.<Double>getAs("model_absolute_percentage_error")).isCloseTo(0.75, within(1e-9));
        assertThat(money(rep2, "model_bias_usd")).isEqualTo(-1500);
        Row nothing = rows.get("2026-03-30 month rep1 enterprise");
        assertThat(nothing.isNullAt(nothing.fieldIndex("model_absolute_percentage_error"))).isTrue();
        assertThat(money(nothing, "model_bias_usd")).isEqualTo(250);

        // Q1 actual: w3 500 + w1 1,000 + w2 2,000.
        Row quarter = rows.get("2026-03-31 quarter all all");
        assertThat(money(quarter, "actual_bookings_usd")).isEqualTo(3500);
        assertThat(money(quarter, "expected_bookings_usd")).isEqualTo(5750);
        assertThat(money(quarter, "stage_weighted_usd")).isEqualTo(4000);

        List<AccuracySummary> summary = ForecastAccuracyJob.summarize(accuracy);
        assertThat(summary).extracting(AccuracySummary::periodType).containsExactly("month", "quarter");
        AccuracySummary march = summary.get(0);
        assertThat(march.nights()).isEqualTo(2);
        assertThat(march.meanModelError()).isCloseTo((500.0 / 3000 + 2000.0 / 3000) / 2, within(1e-9));
        assertThat(march.meanBaselineError()).isCloseTo((0 + 500.0 / 3000) / 2, within(1e-9));
        assertThat(march.describe()).isEqualTo(
                "March 2026: model error 41.7 % vs stage-weighted 8.3 %; actual inside P10–P90 on 100 % of nights");
        assertThat(summary.get(1).describe()).startsWith("Q1 2026: model error 42.9 % vs stage-weighted 7.1 %");

        // Idempotent: a re-run leaves the same rows.
        ForecastAccuracyJob.run(spark, new ForecastAccuracyJob.Config(lake, LocalDate.of(2026, 4, 2), "acc-2"));
        Dataset<Row> again = DeltaTables.read(spark, lake, ScoreTables.FORECAST_ACCURACY);
        assertThat(again.count()).isEqualTo(40);
        assertThat(again.filter(col("run_id").equalTo("acc-2")).count()).isEqualTo(40);
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Row> forecast() {
        return keyed(DeltaTables.read(spark, lake, ScoreTables.PIPELINE_FORECAST), "forecast_date");
    }

    private static Map<String, Row> keyed(Dataset<Row> rows, String date) {
        Map<String, Row> out = new HashMap<>();
        for (Row r : rows.collectAsList()) {
            out.put(r.getAs(date) + " " + r.getAs("period_type") + " " + r.getAs("owner_id") + " "
                    + r.getAs("segment"), r);
        }
        return out;
    }

    private static void assertFigures(Row r, double closed, long open, double crmPipeline, double stageWeighted,
                                      double expected, double commit, double bestCase, double pipeline) {
        assertThat(r).as("row").isNotNull();
        assertThat(new double[] {money(r, "closed_won_usd"), r.<Long>getAs("open_deals"),
                money(r, "open_pipeline_usd"), money(r, "stage_weighted_usd"), money(r, "expected_bookings_usd"),
                money(r, "commit_usd"), money(r, "best_case_usd"), money(r, "pipeline_usd")})
                .as(r.toString())
                .containsExactly(closed, open, crmPipeline, stageWeighted, expected, commit, bestCase, pipeline);
    }

    private static double money(Row r, String column) {
        return r.<BigDecimal>getAs(column).doubleValue();
    }

    @Test
    void aYoungLakeWhoseFirstPeriodIsStillOpenForecastsAndHasNoAccuracyYet() {
        // The first nights after the first deal model: no forecast period has closed, so the
        // accuracy job writes nothing and gold_forecast_accuracy does not exist yet.
        Lake young = new Lake(dir.resolve("young").toString());
        write(young, ScoreTables.OPPORTUNITY_SCORES, List.of(
                score(MAR_30, "o1", "rep1", "smb", 50, "1000", LocalDate.of(2026, 3, 31), 0.75, 1, 1, "win-3")));
        List<AccuracySummary> accuracy = new Pipeline(spark, young, dir.resolve("raw").toString(), line -> { })
                .forecast(MAR_30, MAR_30, DRAWS, 42L, "young-1");
        assertThat(accuracy).isEmpty();
        assertThat(DeltaTables.exists(spark, young, ScoreTables.FORECAST_ACCURACY)).isFalse();
        assertThat(DeltaTables.read(spark, young, ScoreTables.PIPELINE_FORECAST).count()).isPositive();
    }

    private void write(TableContract table, List<Map<String, Object>> rows) {
        write(lake, table, rows);
    }

    private static void write(Lake lake, TableContract table, List<Map<String, Object>> rows) {
        TestRows.of(table.schema(), rows).write().format("delta")
                .partitionBy(table.partitionColumns().toArray(String[]::new)).save(lake.path(table));
    }

    private static Map<String, Object> interval(String opp, int seq, String stage, String enteredAt,
                                                LocalDate firstSnapshot, String owner, String amount) {
        BigDecimal a = new BigDecimal(amount);
        return values("opportunity_id", opp, "stage_sequence", seq, "stage", stage,
                "stage_order", stage.startsWith("closed") ? 5 : 3, "entered_at", at(enteredAt),
                "first_snapshot_date", firstSnapshot, "last_snapshot_date", firstSnapshot, "is_regression", false,
                "owner_id", owner, "amount_usd_at_entry", a, "amount_usd_at_exit", a,
                "close_date_at_entry", MAR_31, "close_date_at_exit", MAR_31, "close_date_push_count", 0,
                "close_date_pushed_days", 0, "amount_change_count", 0);
    }

    private static Map<String, Object> opportunity(String opp, String account) {
        return values("opportunity_id", opp, "account_id", account, "owner_id", "rep1", "stage", "closed_won",
                "amount_usd", BigDecimal.TEN, "close_date", MAR_31, "created_at", at("2026-01-05T10:00:00Z"),
                "is_closed", true, "is_won", true, "first_snapshot_date", LocalDate.of(2026, 1, 5),
                "last_snapshot_date", MAR_31);
    }

    private static Map<String, Object> account(String account, int employees, String updatedAt) {
        return values("account_id", account, "account_name", account, "employee_count", employees,
                "created_at", at("2025-12-01T00:00:00Z"), "updated_at", at(updatedAt));
    }

    private static Map<String, Object> score(LocalDate night, String opp, String owner, String segment,
                                             Integer stagePercent, String amount, LocalDate close, double win,
                                             double month, double quarter, String winVersion) {
        return values("score_date", night, "opportunity_id", opp, "account_id", "a-" + opp, "owner_id", owner,
                "segment", segment, "stage", "proposal", "stage_probability_percent", stagePercent,
                "amount_usd", new BigDecimal(amount), "close_date", close, "win_probability", win,
                "win_score", 50, "predicted_close_date", close, "predicted_close_low_date", close,
                "predicted_close_high_date", close, "close_in_month_probability", month,
                "close_in_quarter_probability", quarter, "is_slip_risk", false, "forecast_category", "pipeline",
                "top_reasons", List.of(), "negative_reasons", List.of(), "win_model_version", winVersion,
                "close_date_model_version", "cd-1", "scored_at", at("2026-04-01T02:00:00Z"), "run_id", "score-1");
    }
}
