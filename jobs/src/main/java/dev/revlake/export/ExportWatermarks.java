package dev.revlake.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max_by;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.ops.OpsTables;

/**
 * Reads and advances export watermarks in {@code ops_export_batches}. A watermark moves only after
 * its batch is published (files renamed into view, or the JDBC transaction committed), so a crash
 * in between re-sends the same range on the next run: never a skipped change.
 */
public final class ExportWatermarks {

    private static final Logger LOG = LoggerFactory.getLogger(ExportWatermarks.class);

    /** The watermark of a (target, view) that never exported: every current row is sent. */
    public static final long NONE = -1L;

    private ExportWatermarks() {
    }

    /** The {@code to_version} of the last published batch of every view of a target, by view name (absent: none). */
    public static Map<String, Long> of(SparkSession spark, Lake lake, String target) {
        Map<String, Long> out = new HashMap<>();
        if (!DeltaTables.exists(spark, lake, OpsTables.EXPORT_BATCHES)) {
            return out;
        }
        // The last published row, not the highest version: a rebuilt table restarts its versions, and
        // the batch that resent it from scratch must become the watermark.
        for (Row r : DeltaTables.read(spark, lake, OpsTables.EXPORT_BATCHES)
                .filter(col("target").equalTo(target).and(col("status").equalTo(ExportBatch.PUBLISHED)))
                .groupBy("view_name").agg(max_by(col("to_version"), col("published_at"))).collectAsList()) {
            out.put(r.getString(0), r.getLong(1));
        }
        return out;
    }

    /** The watermark of one (target, view), or {@link #NONE}. */
    public static long of(SparkSession spark, Lake lake, String target, ExportView view) {
        return of(spark, lake, target).getOrDefault(view.name(), NONE);
    }

    /** Records published batches in one Delta commit. */
    public static void record(SparkSession spark, Lake lake, List<ExportBatch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        DeltaTables.ensure(spark, lake, OpsTables.EXPORT_BATCHES);
        List<Row> rows = batches.stream().map(b -> RowFactory.create(b.target(), b.viewName(), b.tableName(),
                b.batchId(), b.fromVersion(), b.toVersion(), b.rows(), ExportBatch.PUBLISHED, b.publishedAt(),
                b.location(), b.runId())).toList();
        spark.createDataFrame(rows, OpsTables.EXPORT_BATCHES.schema())
                .write().format("delta").mode("append").save(lake.path(OpsTables.EXPORT_BATCHES));
        long version = DeltaTables.version(spark, lake, OpsTables.EXPORT_BATCHES);
        for (ExportBatch b : batches) {
            LOG.info("table={} version={} target={} view={} batch={} watermark={}->{} rows={}",
                    OpsTables.EXPORT_BATCHES.name(), version, b.target(), b.viewName(), b.batchId(),
                    b.fromVersion(), b.toVersion(), b.rows());
        }
    }
}
