package dev.revlake.export;

import java.util.List;
import java.util.Objects;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.score.ScoreTables;

/**
 * What a downstream system sees of a snapshot table: the current row of every entity (its row of
 * the latest date), and the columns whose change makes the entity worth sending again. A lead
 * scored again tonight with the same score, tier and reasons is not a change; its new
 * {@code score_date} and {@code scored_at} are not compared.
 *
 * @param name           short name used in file names and watermarks, e.g. {@code lead_scores}
 * @param table          the snapshot table
 * @param entityKey      columns identifying the entity (without the date)
 * @param dateColumn     the snapshot date; the latest one holds the current row
 * @param comparedColumns columns compared with the last exported row
 */
public record ExportView(String name, TableContract table, List<String> entityKey, String dateColumn,
                         List<String> comparedColumns) {

    public ExportView {
        Objects.requireNonNull(table, "table");
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Invalid export view name: " + name);
        }
        entityKey = List.copyOf(entityKey);
        comparedColumns = List.copyOf(comparedColumns);
        List<String> columns = table.columns();
        for (String c : concat(entityKey, comparedColumns, List.of(dateColumn))) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("Invalid export view " + name + ": column " + c + " is not in "
                        + table.name());
            }
        }
    }

    /** Every lead's current score. */
    public static final ExportView LEAD_SCORES = new ExportView("lead_scores", ScoreTables.LEAD_SCORES,
            List.of("contact_id"), "score_date",
            List.of("score", "tier", "top_reasons", "negative_reasons", "owner_id", "model_version"));

    /** Every open deal's current win and close-date prediction. */
    public static final ExportView OPPORTUNITY_SCORES = new ExportView("opportunity_scores",
            ScoreTables.OPPORTUNITY_SCORES, List.of("opportunity_id"), "score_date",
            List.of("win_score", "predicted_close_date", "predicted_close_low_date", "predicted_close_high_date",
                    "is_slip_risk", "forecast_category", "top_reasons", "negative_reasons", "win_model_version",
                    "close_date_model_version"));

    /** The latest forecast of every period, owner and segment. */
    public static final ExportView PIPELINE_FORECAST = new ExportView("pipeline_forecast",
            ScoreTables.PIPELINE_FORECAST, List.of("period_type", "period_start", "owner_id", "segment"),
            "forecast_date",
            List.of("closed_won_usd", "open_deals", "open_pipeline_usd", "stage_weighted_usd", "expected_bookings_usd",
                    "p10_bookings_usd", "p50_bookings_usd", "p90_bookings_usd", "commit_usd", "best_case_usd",
                    "pipeline_usd"));

    /** The views exported to CRMs, in export order. */
    public static List<ExportView> all() {
        return List.of(LEAD_SCORES, OPPORTUNITY_SCORES, PIPELINE_FORECAST);
    }

    /**
     * The views whose tables exist; each missing one is added to {@code missing} with what to run.
     *
     * @throws IllegalStateException when none exists
     */
    public static List<ExportView> existing(SparkSession spark, Lake lake, List<String> missing) {
        List<ExportView> present = present(spark, lake, missing);
        if (present.isEmpty()) {
            throw new IllegalStateException("No score tables in " + lake.root() + " (gold_lead_scores,"
                    + " gold_opportunity_scores, gold_pipeline_forecast): run revlake score first"
                    + " before revlake export");
        }
        return present;
    }

    /** The views whose tables exist, possibly none; each missing one is added to {@code missing}. */
    public static List<ExportView> present(SparkSession spark, Lake lake, List<String> missing) {
        List<ExportView> present = new java.util.ArrayList<>();
        for (ExportView v : all()) {
            if (DeltaTables.exists(spark, lake, v.table())) {
                present.add(v);
            } else {
                missing.add(v.name() + " (table " + v.table().name() + " does not exist: run revlake score)");
            }
        }
        return present;
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return java.util.stream.Stream.of(a, b, c).flatMap(List::stream).toList();
    }
}
