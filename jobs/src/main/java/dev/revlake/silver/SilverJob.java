package dev.revlake.silver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.TableContract;
import dev.revlake.ops.JobRun;
import dev.revlake.ops.JobRunLog;
import dev.revlake.raw.Source;

/**
 * Runs the silver layer for a batch of ingest dates, in dependency order: accounts and contacts,
 * identity map, events, sessions, retroactive stitching, opportunities. Each table is written in
 * one Delta commit per step and recorded in {@code ops_job_runs}.
 */
public final class SilverJob {

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "silver";

    private SilverJob() {
    }

    /** What one silver table received in a run. */
    public record TableResult(String table, long rowsRead, long rowsWritten, long deltaVersion) {
    }

    /** Runs every silver step for the batch. */
    public static List<TableResult> run(SparkSession spark, SilverBatch batch) {
        List<TableResult> results = new ArrayList<>();
        List<JobRun> runs = new ArrayList<>();
        step(spark, batch, SilverTables.ACCOUNTS, count(spark, batch, Source.CRM_ACCOUNTS),
                () -> SilverAccountsJob.run(spark, batch), results, runs);
        step(spark, batch, SilverTables.CONTACTS, count(spark, batch, Source.CRM_CONTACTS),
                () -> SilverContactsJob.run(spark, batch), results, runs);
        Dataset<Row>[] identities = holder();
        step(spark, batch, SilverTables.IDENTITY_MAP,
                count(spark, batch, Source.FORM_SUBMISSIONS) + count(spark, batch, Source.EMAIL_EVENTS), () -> {
                    identities[0] = SilverIdentityJob.run(spark, batch);
                    return identities[0].count();
                }, results, runs);
        Dataset<Row>[] events = holder();
        long eventsRead = count(spark, batch, Source.WEB_PAGEVIEWS) + count(spark, batch, Source.EMAIL_EVENTS)
                + count(spark, batch, Source.FORM_SUBMISSIONS) + count(spark, batch, Source.WEBINAR_ATTENDANCE)
                + count(spark, batch, Source.CRM_ACTIVITIES);
        step(spark, batch, SilverTables.EVENTS, eventsRead, () -> {
            events[0] = SilverEventsJob.run(spark, batch);
            return events[0].count();
        }, results, runs);
        step(spark, batch, SilverTables.SESSIONS, count(spark, batch, Source.WEB_PAGEVIEWS), () -> {
            long sessions = SilverSessionsJob.run(spark, batch, events[0]);
            SilverEventsJob.stitchEarlierEvents(spark, batch, identities[0]);
            return sessions;
        }, results, runs);
        long snapshots = count(spark, batch, Source.CRM_OPPORTUNITIES);
        long[] historyRows = new long[1];
        step(spark, batch, SilverTables.OPPORTUNITIES, snapshots, () -> {
            historyRows[0] = SilverOpportunitiesJob.run(spark, batch);
            return historyRows[0];
        }, results, runs);
        for (TableContract t : List.of(SilverTables.OPPORTUNITY_HISTORY, SilverTables.OPPORTUNITY_CHANGES)) {
            Instant now = Instant.now();
            long version = DeltaTables.version(spark, batch.lake(), t);
            results.add(new TableResult(t.name(), snapshots, historyRows[0], version));
            runs.add(new JobRun(batch.runId(), JOB, t.name(), batch.to(), batch.from(), batch.to(), snapshots,
                    historyRows[0], 0, 0, version, now, now, "succeeded",
                    "rows_written counts the snapshots of the recomputed opportunities"));
        }
        JobRunLog.record(spark, batch.lake(), runs);
        return results;
    }

    @SuppressWarnings("unchecked")
    private static Dataset<Row>[] holder() {
        return (Dataset<Row>[]) new Dataset[1];
    }

    private static long count(SparkSession spark, SilverBatch batch, Source source) {
        return batch.bronze(spark, source).count();
    }

    private static void step(SparkSession spark, SilverBatch batch, TableContract table, long read,
                             Supplier<Long> body, List<TableResult> results, List<JobRun> runs) {
        Instant started = Instant.now();
        try {
            long written = body.get();
            long version = DeltaTables.version(spark, batch.lake(), table);
            results.add(new TableResult(table.name(), read, written, version));
            runs.add(new JobRun(batch.runId(), JOB, table.name(), batch.to(), batch.from(), batch.to(), read, written,
                    0, 0, version, started, Instant.now(), "succeeded", null));
        } catch (RuntimeException e) {
            runs.add(new JobRun(batch.runId(), JOB, table.name(), batch.to(), batch.from(), batch.to(), read, 0, 0, 0,
                    null, started, Instant.now(), "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            JobRunLog.record(spark, batch.lake(), runs);
            throw e;
        }
    }
}
