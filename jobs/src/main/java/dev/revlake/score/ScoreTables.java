package dev.revlake.score;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import dev.revlake.lake.Columns;
import dev.revlake.lake.Layer;
import dev.revlake.lake.TableContract;

/**
 * Contracts of the prediction tables: scores, handoff alerts, pipeline forecasts and their
 * accuracy. Scores and forecasts keep every night as a snapshot (what RevLake said that night is
 * never rewritten by a later model), and record Delta's change data feed for the CRM export.
 */
public final class ScoreTables {

    private static final DataType MONEY = DataTypes.createDecimalType(18, 2);
    private static final DataType TEXTS = DataTypes.createArrayType(StringType, false);

    /** Every open lead's conversion score per scoring night. */
    public static final TableContract LEAD_SCORES = new TableContract("gold_lead_scores", Layer.GOLD,
            "one row per open lead per score_date (the snapshot_date of the features scored)",
            new Columns()
                    .add("score_date", DateType, false, "the feature snapshot date scored (end of day, UTC)")
                    .add("contact_id", StringType, false, "CRM lead id")
                    .add("account_id", StringType, true, "account at the snapshot")
                    .add("owner_id", StringType, true, "lead owner at the snapshot")
                    .add("lead_status", StringType, false, "CRM status at the snapshot")
                    .add("segment", StringType, false, "smb, mid_market, enterprise or unknown")
                    .add("source_channel", StringType, false, "first-touch channel, else the lead source mapped to"
                            + " the channel vocabulary (Channels), else unknown")
                    .add("conversion_probability", DoubleType, false,
                            "calibrated probability that the lead converts within 30 days")
                    .add("score", IntegerType, false, "conversion probability in percent, rounded, limited to 1..99")
                    .add("tier", StringType, false, "A, B, C or D by score (thresholds in ScoringConfig)")
                    .add("top_reasons", TEXTS, false, "up to three factors raising the score, strongest first")
                    .add("negative_reasons", TEXTS, false, "up to two factors lowering the score, strongest first")
                    .add("score_7d_ago", IntegerType, true, "the lead's score on score_date - 7; null when not"
                            + " scored then")
                    .add("score_change_7d", IntegerType, true, "score - score_7d_ago")
                    .add("model_name", StringType, false, "registry name of the model")
                    .add("model_version", StringType, false, "registry version of the model (the champion)")
                    .add("scored_at", TimestampType, false, "when the scoring run wrote the row (UTC)")
                    .add("run_id", StringType, false, "scoring run id")
                    .schema(),
            List.of("score_date", "contact_id"), List.of("score_date"),
            Map.of("score_in_range", "score BETWEEN 1 AND 99",
                    "probability_in_range", "conversion_probability BETWEEN 0 AND 1"),
            TableContract.CHANGE_DATA_FEED);

    /** Every open opportunity's win and close-date prediction per scoring night. */
    public static final TableContract OPPORTUNITY_SCORES = new TableContract("gold_opportunity_scores", Layer.GOLD,
            "one row per open opportunity per score_date (the snapshot_date of the features scored)",
            new Columns()
                    .add("score_date", DateType, false, "the feature snapshot date scored (end of day, UTC)")
                    .add("opportunity_id", StringType, false, "CRM opportunity id")
                    .add("account_id", StringType, false, "account of the opportunity")
                    .add("owner_id", StringType, false, "owning rep at the snapshot")
                    .add("segment", StringType, false, "smb, mid_market, enterprise or unknown")
                    .add("stage", StringType, false, "stage at the snapshot")
                    .add("stage_probability_percent", IntegerType, true, "the CRM's stage probability")
                    .add("amount_usd", MONEY, false, "amount at the snapshot")
                    .add("close_date", DateType, false, "the CRM close date at the snapshot")
                    .add("win_probability", DoubleType, false, "calibrated probability that the deal is won")
                    .add("win_score", IntegerType, false, "win probability in percent, limited to 1..99")
                    .add("predicted_close_date", DateType, false, "score_date + predicted days to close (median)")
                    .add("predicted_close_low_date", DateType, false, "P10 of the close date")
                    .add("predicted_close_high_date", DateType, false, "P90 of the close date")
                    .add("close_in_month_probability", DoubleType, false,
                            "probability that the deal closes by the end of score_date's calendar month")
                    .add("close_in_quarter_probability", DoubleType, false,
                            "probability that it closes by the end of score_date's calendar quarter")
                    .add("is_slip_risk", BooleanType, false, "predicted_close_date is later than the CRM close_date")
                    .add("forecast_category", StringType, false, "commit, best_case, pipeline or omitted for the current"
                            + " quarter (rules in PipelineForecastJob)")
                    .add("top_reasons", TEXTS, false, "up to three factors raising the win probability")
                    .add("negative_reasons", TEXTS, false, "up to two factors lowering it")
                    .add("win_probability_7d_ago", DoubleType, true, "win probability on score_date - 7")
                    .add("win_model_version", StringType, false, "version of the opportunity_win champion")
                    .add("close_date_model_version", StringType, false, "version of the close_date champion")
                    .add("scored_at", TimestampType, false, "when the scoring run wrote the row (UTC)")
                    .add("run_id", StringType, false, "scoring run id")
                    .schema(),
            List.of("score_date", "opportunity_id"), List.of("score_date"),
            Map.of("win_probability_in_range", "win_probability BETWEEN 0 AND 1",
                    "close_window_ordered", "predicted_close_low_date <= predicted_close_high_date"),
            TableContract.CHANGE_DATA_FEED);

    /** One alert each time a lead crosses the handoff threshold. */
    public static final TableContract LEAD_ALERTS = new TableContract("gold_lead_alerts", Layer.GOLD,
            "one row per lead per alert_date on which its score crossed the handoff threshold from below (or"
                    + " was first scored at or above it)",
            new Columns()
                    .add("alert_date", DateType, false, "score_date of the crossing")
                    .add("contact_id", StringType, false, "CRM lead id")
                    .add("account_id", StringType, true, "account of the lead")
                    .add("owner_id", StringType, true, "rep to route to: the lead owner; null when unassigned")
                    .add("route_to", StringType, false, "owner_id, or the configured queue for unassigned leads")
                    .add("source_channel", StringType, false, "the lead's source channel, as in gold_lead_scores")
                    .add("score", IntegerType, false, "score on alert_date")
                    .add("previous_score", IntegerType, true, "the lead's last score before alert_date; null when"
                            + " first scored")
                    .add("threshold", IntegerType, false, "handoff threshold in force")
                    .add("tier", StringType, false, "tier on alert_date")
                    .add("top_reasons", TEXTS, false, "why the lead is ready, strongest first")
                    .add("model_version", StringType, false, "version of the lead model that scored it")
                    .add("alerted_at", TimestampType, false, "when the alert was written (UTC)")
                    .add("run_id", StringType, false, "run id")
                    .schema(),
            List.of("alert_date", "contact_id"), List.of(), Map.of("score_reaches_threshold", "score >= threshold"),
            TableContract.CHANGE_DATA_FEED);

    /** The pipeline forecast of every night, per period, owner and segment (with roll-ups). */
    public static final TableContract PIPELINE_FORECAST = new TableContract("gold_pipeline_forecast", Layer.GOLD,
            "one row per forecast_date per period_type per period_start per owner_id per segment ('all' rows"
                    + " roll up owners, segments or both)",
            new Columns()
                    .add("forecast_date", DateType, false, "the night the forecast was made (score_date)")
                    .add("period_type", StringType, false, "month or quarter")
                    .add("period_start", DateType, false, "first day of the period")
                    .add("period_end", DateType, false, "last day of the period")
                    .add("owner_id", StringType, false, "owning rep, or 'all'")
                    .add("segment", StringType, false, "smb, mid_market, enterprise, unknown, or 'all'")
                    .add("closed_won_usd", MONEY, false, "amount won in the period up to forecast_date")
                    .add("open_deals", LongType, false, "open deals considered (closing in the period per CRM or"
                            + " model)")
                    .add("open_pipeline_usd", MONEY, false, "amount of open deals whose CRM close date is in the"
                            + " period")
                    .add("stage_weighted_usd", MONEY, false, "Sales 1.0 baseline: closed_won_usd + sum of amount x"
                            + " stage probability over open deals whose CRM close date is in the period")
                    .add("expected_bookings_usd", MONEY, false, "closed_won_usd + sum of win probability x"
                            + " probability of closing in the period x amount over open deals")
                    .add("p10_bookings_usd", MONEY, false, "10th percentile of bookings (Monte Carlo)")
                    .add("p50_bookings_usd", MONEY, false, "median bookings (Monte Carlo)")
                    .add("p90_bookings_usd", MONEY, false, "90th percentile of bookings (Monte Carlo)")
                    .add("commit_usd", MONEY, false, "closed_won_usd + amount of commit deals")
                    .add("best_case_usd", MONEY, false, "commit_usd + amount of best-case deals")
                    .add("pipeline_usd", MONEY, false, "best_case_usd + amount of pipeline deals")
                    .add("simulation_draws", IntegerType, false, "Monte Carlo draws")
                    .add("simulation_seed", LongType, false, "seed of the draws (same inputs, same figures)")
                    .add("win_model_version", StringType, true, "opportunity_win version used")
                    .add("close_date_model_version", StringType, true, "close_date version used")
                    .add("forecast_at", TimestampType, false, "when the row was written (UTC)")
                    .add("run_id", StringType, false, "run id")
                    .schema(),
            List.of("forecast_date", "period_type", "period_start", "owner_id", "segment"), List.of("forecast_date"),
            Map.of("quantiles_ordered", "p10_bookings_usd <= p50_bookings_usd AND p50_bookings_usd <= p90_bookings_usd",
                    "period_ordered", "period_start <= period_end"),
            TableContract.CHANGE_DATA_FEED);

    /** Every stored forecast of a closed period against what was actually booked. */
    public static final TableContract FORECAST_ACCURACY = new TableContract("gold_forecast_accuracy", Layer.GOLD,
            "one row per closed period (period_type, period_start) per owner_id per segment per forecast_date",
            new Columns()
                    .add("period_type", StringType, false, "month or quarter")
                    .add("period_start", DateType, false, "first day of the period")
                    .add("period_end", DateType, false, "last day of the period")
                    .add("owner_id", StringType, false, "owning rep, or 'all'")
                    .add("segment", StringType, false, "segment, or 'all'")
                    .add("forecast_date", DateType, false, "the night the forecast was made")
                    .add("days_before_period_end", IntegerType, false, "period_end - forecast_date")
                    .add("actual_bookings_usd", MONEY, false, "amount won with a close in the period")
                    .add("expected_bookings_usd", MONEY, false, "the model's forecast that night")
                    .add("stage_weighted_usd", MONEY, false, "the stage-weighted baseline that night")
                    .add("p10_bookings_usd", MONEY, false, "P10 that night")
                    .add("p90_bookings_usd", MONEY, false, "P90 that night")
                    .add("model_absolute_percentage_error", DoubleType, true,
                            "|expected - actual| / actual; null when actual is 0")
                    .add("model_bias_usd", MONEY, false, "expected - actual (positive: over-forecast)")
                    .add("baseline_absolute_percentage_error", DoubleType, true,
                            "|stage weighted - actual| / actual; null when actual is 0")
                    .add("baseline_bias_usd", MONEY, false, "stage weighted - actual")
                    .add("is_actual_within_p10_p90", BooleanType, false, "P10 <= actual <= P90")
                    .add("evaluated_at", TimestampType, false, "when the row was written (UTC)")
                    .add("run_id", StringType, false, "run id")
                    .schema(),
            List.of("period_type", "period_start", "owner_id", "segment", "forecast_date"), List.of(), Map.of());

    private ScoreTables() {
    }

    /** Every prediction table. */
    public static List<TableContract> all() {
        return List.of(LEAD_SCORES, OPPORTUNITY_SCORES, LEAD_ALERTS, PIPELINE_FORECAST, FORECAST_ACCURACY);
    }
}
