package dev.revlake.ops;

import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;

/** Appends job runs to {@code ops_job_runs} and logs one line per run and table. */
public final class JobRunLog {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunLog.class);

    private JobRunLog() {
    }

    /** Records the runs in one Delta commit. */
    public static void record(SparkSession spark, Lake lake, List<JobRun> runs) {
        if (runs.isEmpty()) {
            return;
        }
        DeltaTables.ensure(spark, lake, OpsTables.JOB_RUNS);
        List<Row> rows = runs.stream().map(r -> RowFactory.create(r.runId(), r.job(), r.tableName(),
                r.logicalDate(), r.dateFrom(), r.dateTo(), r.rowsRead(), r.rowsWritten(), r.rowsQuarantined(),
                r.duplicatesDropped(), r.deltaVersion(), r.startedAt(), r.endedAt(), r.status(), r.message()))
                .toList();
        dev.revlake.lake.WriteConflict.guard(OpsTables.JOB_RUNS.name(), () -> spark.createDataFrame(rows,
                OpsTables.JOB_RUNS.schema()).write().format("delta").mode("append").save(lake.path(OpsTables.JOB_RUNS)));
        for (JobRun r : runs) {
            LOG.info("job={} table={} dates={}..{} version={} read={} written={} quarantined={} duplicates={} "
                            + "status={} seconds={}",
                    r.job(), r.tableName(), r.dateFrom(), r.dateTo(), r.deltaVersion(), r.rowsRead(),
                    r.rowsWritten(), r.rowsQuarantined(), r.duplicatesDropped(), r.status(),
                    java.time.Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1000.0);
        }
    }
}
