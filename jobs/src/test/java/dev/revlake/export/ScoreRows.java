package dev.revlake.export;

import static dev.revlake.testing.TestRows.values;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.score.ScoreTables;
import dev.revlake.testing.TestRows;

/** Hand-made score and forecast rows, written the way the scoring jobs write them. */
final class ScoreRows {

    static final LocalDate NIGHT1 = LocalDate.of(2026, 3, 1);
    static final LocalDate NIGHT2 = LocalDate.of(2026, 3, 2);

    private ScoreRows() {
    }

    static Map<String, Object> lead(LocalDate day, String contact, int score, String... reasons) {
        return values("score_date", day, "contact_id", contact, "account_id", "acc-" + contact, "owner_id", "rep1",
                "lead_status", "open", "segment", "smb", "source_channel", "paid_search",
                "conversion_probability", score / 100.0, "score", score, "tier", score >= 50 ? "A" : "C",
                "top_reasons", List.of(reasons), "negative_reasons", List.of(), "score_7d_ago", null,
                "score_change_7d", null, "model_name", "lead_conversion", "model_version", "v1",
                "scored_at", Instant.parse(day + "T02:15:00Z"), "run_id", "run-" + day);
    }

    static Map<String, Object> opportunity(LocalDate day, String id, int winScore, boolean slip) {
        return values("score_date", day, "opportunity_id", id, "account_id", "acc", "owner_id", "rep1",
                "segment", "mid_market", "stage", "proposal", "stage_probability_percent", 60,
                "amount_usd", new BigDecimal("12000.00"), "close_date", LocalDate.of(2026, 3, 31),
                "win_probability", winScore / 100.0, "win_score", winScore,
                "predicted_close_date", LocalDate.of(2026, 4, 10), "predicted_close_low_date", LocalDate.of(2026, 3, 25),
                "predicted_close_high_date", LocalDate.of(2026, 5, 2), "close_in_month_probability", 0.2,
                "close_in_quarter_probability", 0.7, "is_slip_risk", slip, "forecast_category", "best_case",
                "top_reasons", List.of("Champion engaged"), "negative_reasons", List.of("Close date pushed twice"),
                "win_probability_7d_ago", null, "win_model_version", "w3", "close_date_model_version", "c2",
                "scored_at", Instant.parse(day + "T02:20:00Z"), "run_id", "run-" + day);
    }

    static Map<String, Object> forecast(LocalDate day, String owner, String expected) {
        return values("forecast_date", day, "period_type", "quarter", "period_start", LocalDate.of(2026, 1, 1),
                "period_end", LocalDate.of(2026, 3, 31), "owner_id", owner, "segment", "all",
                "closed_won_usd", new BigDecimal("1000.00"), "open_deals", 3L,
                "open_pipeline_usd", new BigDecimal("50000.00"), "stage_weighted_usd", new BigDecimal("20000.00"),
                "expected_bookings_usd", new BigDecimal(expected), "p10_bookings_usd", new BigDecimal("5000.00"),
                "p50_bookings_usd", new BigDecimal("15000.00"), "p90_bookings_usd", new BigDecimal("30000.00"),
                "commit_usd", new BigDecimal("9000.00"), "best_case_usd", new BigDecimal("19000.00"),
                "pipeline_usd", new BigDecimal("51000.00"), "simulation_draws", 1000, "simulation_seed", 7L,
                "win_model_version", "w3", "close_date_model_version", "c2",
                "forecast_at", Instant.parse(day + "T02:30:00Z"), "run_id", "run-" + day);
    }

    /** Replaces the rows of one night, as the scoring and forecast jobs do; returns the new version. */
    @SafeVarargs
    static long night(SparkSession spark, Lake lake, TableContract table, LocalDate day, Map<String, Object>... rows) {
        String dateColumn = table == ScoreTables.PIPELINE_FORECAST ? "forecast_date" : "score_date";
        Dataset<Row> data = TestRows.table(table, rows);
        DeltaTables.replaceRange(spark, lake, table, dateColumn, day, day, data);
        return DeltaTables.version(spark, lake, table);
    }
}
