package dev.revlake.ops;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.revlake.lake.Layer;
import dev.revlake.lake.TableContract;

/** Contracts of the bookkeeping tables every job writes to. */
public final class OpsTables {

    /**
     * One row per job run per target table: what was read, written, quarantined and dropped, and
     * the Delta version written. For bronze, {@code rows_read = rows_written + rows_quarantined +
     * duplicates_dropped} holds exactly.
     */
    public static final TableContract JOB_RUNS = new TableContract(
            "ops_job_runs", Layer.OPS,
            "one row per job run per target table",
            new StructType()
                    .add("run_id", DataTypes.StringType, false)
                    .add("job", DataTypes.StringType, false)
                    .add("table_name", DataTypes.StringType, false)
                    .add("logical_date", DataTypes.DateType, false)
                    .add("date_from", DataTypes.DateType, false)
                    .add("date_to", DataTypes.DateType, false)
                    .add("rows_read", DataTypes.LongType, false)
                    .add("rows_written", DataTypes.LongType, false)
                    .add("rows_quarantined", DataTypes.LongType, false)
                    .add("duplicates_dropped", DataTypes.LongType, false)
                    .add("delta_version", DataTypes.LongType, true)
                    .add("started_at", DataTypes.TimestampType, false)
                    .add("ended_at", DataTypes.TimestampType, false)
                    .add("status", DataTypes.StringType, false)
                    .add("message", DataTypes.StringType, true),
            List.of("run_id", "table_name"), List.of(),
            Map.of("status_known", "status IN ('succeeded', 'failed')",
                    "counts_not_negative", "rows_read >= 0 AND rows_written >= 0 AND rows_quarantined >= 0 "
                            + "AND duplicates_dropped >= 0"));

    /** One row per raw file ever ingested: lets a nightly run find files that landed late. */
    public static final TableContract INGESTED_FILES = new TableContract(
            "ops_ingested_files", Layer.OPS,
            "one row per raw file ingested (first ingest wins)",
            new StructType()
                    .add("source", DataTypes.StringType, false)
                    .add("delivery_date", DataTypes.DateType, false)
                    .add("source_file", DataTypes.StringType, false)
                    .add("file_size_bytes", DataTypes.LongType, false)
                    .add("records_read", DataTypes.LongType, false)
                    .add("run_id", DataTypes.StringType, false)
                    .add("ingested_at", DataTypes.TimestampType, false),
            List.of("source_file"), List.of(), Map.of());

    /**
     * One row per model per training run: the data it read, how it measured on the held-out newest
     * period beside its baseline (and the simulator's oracle when known), and whether it became
     * champion. The full report is {@code report.json} beside the model in the registry.
     */
    public static final TableContract MODEL_RUNS = new TableContract(
            "ops_model_runs", Layer.OPS,
            "one row per model per training run",
            new StructType()
                    .add("run_id", DataTypes.StringType, false)
                    .add("model_name", DataTypes.StringType, false)
                    .add("model_version", DataTypes.StringType, true, "null when training was refused")
                    .add("status", DataTypes.StringType, false)
                    .add("message", DataTypes.StringType, true)
                    .add("trained_at", DataTypes.TimestampType, false)
                    .add("algorithm", DataTypes.StringType, true)
                    .add("feature_table", DataTypes.StringType, false)
                    .add("feature_table_version", DataTypes.LongType, true)
                    .add("rows_before_sampling", DataTypes.LongType, true)
                    .add("rows_train", DataTypes.LongType, true)
                    .add("rows_validation", DataTypes.LongType, true)
                    .add("rows_test", DataTypes.LongType, true)
                    .add("data_from", DataTypes.DateType, true)
                    .add("validation_from", DataTypes.DateType, true)
                    .add("test_from", DataTypes.DateType, true)
                    .add("data_to", DataTypes.DateType, true)
                    .add("train_seconds", DataTypes.DoubleType, true)
                    .add("roc_auc", DataTypes.DoubleType, true)
                    .add("pr_auc", DataTypes.DoubleType, true)
                    .add("log_loss", DataTypes.DoubleType, true)
                    .add("brier_score", DataTypes.DoubleType, true)
                    .add("expected_calibration_error", DataTypes.DoubleType, true)
                    .add("top_decile_lift", DataTypes.DoubleType, true)
                    .add("top_decile_capture", DataTypes.DoubleType, true)
                    .add("mean_absolute_error_days", DataTypes.DoubleType, true)
                    .add("within_14_days_share", DataTypes.DoubleType, true)
                    .add("p10_p90_band_coverage", DataTypes.DoubleType, true)
                    .add("baseline_name", DataTypes.StringType, true)
                    .add("baseline_roc_auc", DataTypes.DoubleType, true)
                    .add("baseline_pr_auc", DataTypes.DoubleType, true)
                    .add("baseline_log_loss", DataTypes.DoubleType, true)
                    .add("baseline_brier_score", DataTypes.DoubleType, true)
                    .add("baseline_expected_calibration_error", DataTypes.DoubleType, true)
                    .add("baseline_top_decile_lift", DataTypes.DoubleType, true)
                    .add("baseline_top_decile_capture", DataTypes.DoubleType, true)
                    .add("baseline_mean_absolute_error_days", DataTypes.DoubleType, true)
                    .add("baseline_within_14_days_share", DataTypes.DoubleType, true)
                    .add("oracle_roc_auc", DataTypes.DoubleType, true, "AUC of the true probabilities (simulator)")
                    .add("model_roc_auc_on_oracle_rows", DataTypes.DoubleType, true)
                    .add("champion_before_version", DataTypes.StringType, true)
                    .add("champion_before_metric", DataTypes.DoubleType, true,
                            "the previous champion's test log loss (MAE days for durations) on the same rows")
                    .add("is_champion", DataTypes.BooleanType, false)
                    .add("decision", DataTypes.StringType, true)
                    .add("report_path", DataTypes.StringType, true),
            List.of("run_id", "model_name"), List.of(),
            Map.of("status_known", "status IN ('trained', 'refused')"));

    /**
     * One row per export target per view per published batch: the version range of the view's table
     * that the batch carries. The watermark of a (target, view) is the {@code to_version} of its last
     * published row; the next export sends the changes after it ({@code dev.revlake.export}).
     */
    public static final TableContract EXPORT_BATCHES = new TableContract(
            "ops_export_batches", Layer.OPS,
            "one row per target per view per published export batch",
            new StructType()
                    .add("target", DataTypes.StringType, false,
                            "files:salesforce, files:hubspot, files:jsonl or jdbc:<host:port/db> (no credentials)")
                    .add("view_name", DataTypes.StringType, false, "export view, e.g. lead_scores")
                    .add("table_name", DataTypes.StringType, false, "the view's table")
                    .add("batch_id", DataTypes.StringType, false, "batch folder name (files) or push id (jdbc)")
                    .add("from_version", DataTypes.LongType, false, "watermark before the batch (exclusive); -1 for none")
                    .add("to_version", DataTypes.LongType, false, "table version sent up to (inclusive)")
                    .add("rows", DataTypes.LongType, false, "rows sent")
                    .add("status", DataTypes.StringType, false)
                    .add("published_at", DataTypes.TimestampType, false)
                    .add("location", DataTypes.StringType, true, "batch folder, or null when nothing was written")
                    .add("run_id", DataTypes.StringType, false),
            List.of("target", "view_name", "batch_id"), List.of(),
            Map.of("status_known", "status IN ('published')"));

    /**
     * One row per data-quality check per table per check run ({@code dev.revlake.quality}): what
     * was expected, what was observed and whether it passed. A failed {@code error} check stops the
     * nightly DAG at its gate task.
     */
    public static final TableContract QUALITY_CHECKS = new TableContract(
            "ops_quality_checks", Layer.OPS,
            "one row per check per table per run",
            new StructType()
                    .add("run_id", DataTypes.StringType, false)
                    .add("checked_at", DataTypes.TimestampType, false)
                    .add("run_date", DataTypes.DateType, false)
                    .add("stage", DataTypes.StringType, false, "bronze, silver, gold or scores")
                    .add("table_name", DataTypes.StringType, false)
                    .add("check_name", DataTypes.StringType, false)
                    .add("check_type", DataTypes.StringType, false,
                            "not_null, unique_key, value_range, referential_integrity, freshness, volume_change"
                                    + " or quarantine_rate")
                    .add("severity", DataTypes.StringType, false, "error stops the pipeline, warn only records")
                    .add("status", DataTypes.StringType, false)
                    .add("observed_value", DataTypes.DoubleType, true, "e.g. null count, rows, rate; null when skipped")
                    .add("threshold_value", DataTypes.DoubleType, true, "the limit the observed value was held to")
                    .add("message", DataTypes.StringType, false),
            List.of("run_id", "table_name", "check_name"), List.of(),
            Map.of("status_known", "status IN ('passed', 'failed', 'warned', 'skipped')",
                    "severity_known", "severity IN ('error', 'warn')"));

    /**
     * One row per erasure request ({@code revlake erase}): what was removed where, in counts only.
     * It never holds the e-mail, name or ids of the person, nor a hash of them (a hash of an e-mail
     * is found again by hashing candidate addresses).
     */
    public static final TableContract ERASURES = new TableContract(
            "ops_erasures", Layer.OPS,
            "one row per erasure request",
            new StructType()
                    .add("erasure_id", DataTypes.StringType, false, "random id of this erasure run")
                    .add("request_reference", DataTypes.StringType, true, "--request-id: the ticket of the request")
                    .add("requested_at", DataTypes.TimestampType, false, "when the erasure started (UTC)")
                    .add("completed_at", DataTypes.TimestampType, false, "when it finished (UTC)")
                    .add("subject_contact_count", DataTypes.IntegerType, false, "CRM contact or lead ids resolved")
                    .add("subject_anonymous_id_count", DataTypes.IntegerType, false, "browser ids resolved")
                    .add("subject_email_count", DataTypes.IntegerType, false, "e-mail addresses resolved")
                    .add("rows_deleted", DataTypes.LongType, false, "rows deleted over all tables")
                    .add("rows_unlinked", DataTypes.LongType, false,
                            "rows kept with the person's contact_id set to null (opportunities)")
                    .add("rows_by_table_json", DataTypes.StringType, false,
                            "JSON object: table name -> rows deleted or unlinked")
                    .add("raw_files_rewritten", DataTypes.IntegerType, false, "landing files rewritten (--raw)")
                    .add("export_files_rewritten", DataTypes.IntegerType, false, "CRM export files rewritten")
                    .add("model_files_rewritten", DataTypes.IntegerType, false, "model registry files rewritten")
                    .add("tables_vacuumed", DataTypes.IntegerType, false, "tables vacuumed after the deletes")
                    .add("vacuum_retain_hours", DataTypes.DoubleType, true,
                            "retention the VACUUM used; null for each table's own (Delta default 168 h)"),
            List.of("erasure_id"), List.of(), Map.of());

    private OpsTables() {
    }
}
