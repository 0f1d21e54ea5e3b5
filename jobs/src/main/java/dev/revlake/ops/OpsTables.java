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

    private OpsTables() {
    }
}
