package dev.revlake.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The record of one job run against one target table, as stored in {@code ops_job_runs}.
 *
 * @param runId              identifies the run (shared by all tables a run writes)
 * @param job                job name, e.g. {@code bronze_ingest}
 * @param tableName          the table written
 * @param logicalDate        the date the run is for (the last date of a backfill range)
 * @param dateFrom           first date processed
 * @param dateTo             last date processed
 * @param rowsRead           records read from the input
 * @param rowsWritten        rows newly written (or merged) into the table
 * @param rowsQuarantined    records rejected into the quarantine
 * @param duplicatesDropped  records dropped because the same key was already delivered
 * @param deltaVersion       the table version after the run (null when the run failed)
 * @param startedAt          start (UTC)
 * @param endedAt            end (UTC)
 * @param status             {@code succeeded} or {@code failed}
 * @param message            failure reason or a note, never row contents
 */
public record JobRun(String runId, String job, String tableName, LocalDate logicalDate, LocalDate dateFrom,
                     LocalDate dateTo, long rowsRead, long rowsWritten, long rowsQuarantined,
                     long duplicatesDropped, Long deltaVersion, Instant startedAt, Instant endedAt,
                     String status, String message) {

    public JobRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(logicalDate, "logicalDate");
        Objects.requireNonNull(dateFrom, "dateFrom");
        Objects.requireNonNull(dateTo, "dateTo");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        if (!"succeeded".equals(status) && !"failed".equals(status)) {
            throw new IllegalArgumentException("Invalid run status: " + status);
        }
        if (rowsRead < 0 || rowsWritten < 0 || rowsQuarantined < 0 || duplicatesDropped < 0) {
            throw new IllegalArgumentException("Invalid negative row count in run " + runId + " for " + tableName);
        }
    }
}
