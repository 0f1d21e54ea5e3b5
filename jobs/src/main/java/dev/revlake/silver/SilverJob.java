package dev.revlake.silver;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.ops.StepRecorder;
import dev.revlake.raw.Source;

/**
 * Runs the silver layer for a batch of ingest dates. Two independent branches run side by side:
 * people and events (accounts, contacts → identity map → events → sessions and retroactive
 * stitching) and opportunities (current state, stage history, changes). Every table is written in
 * one Delta commit per step and recorded in {@code ops_job_runs}.
 */
public final class SilverJob {

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "silver";

    private SilverJob() {
    }

    /** Runs every silver step for the batch. */
    public static List<StepRecorder.TableResult> run(SparkSession spark, SilverBatch batch) {
        StepRecorder rec = new StepRecorder(spark, batch.lake(), batch.runId(), JOB, batch.from(), batch.to());
        Map<Source, Long> read = new EnumMap<>(Source.class);
        for (Source s : Source.values()) {
            read.put(s, batch.bronze(spark, s).count());
        }
        CompletableFuture<Void> opportunities = CompletableFuture.runAsync(() -> {
            Instant started = Instant.now();
            long snapshots = read.get(Source.CRM_OPPORTUNITIES);
            SilverOpportunitiesJob.Counts counts = rec.step(SilverTables.OPPORTUNITIES, snapshots,
                    () -> SilverOpportunitiesJob.run(spark, batch), SilverOpportunitiesJob.Counts::opportunities);
            rec.done(SilverTables.OPPORTUNITY_HISTORY, snapshots, counts.historyRows(), started);
            rec.done(SilverTables.OPPORTUNITY_CHANGES, snapshots, counts.changeRows(), started);
        });
        // The identity and event rows feed the sessions and stitching steps, then are released.
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            rec.step(SilverTables.ACCOUNTS, read.get(Source.CRM_ACCOUNTS),
                    () -> SilverAccountsJob.run(spark, batch), n -> n);
            rec.step(SilverTables.CONTACTS, read.get(Source.CRM_CONTACTS),
                    () -> SilverContactsJob.run(spark, batch), n -> n);
            rec.step(SilverTables.ACCOUNT_HISTORY, read.get(Source.CRM_ACCOUNTS),
                    () -> SilverHistoryJob.runAccounts(spark, batch), n -> n);
            rec.step(SilverTables.CONTACT_HISTORY, read.get(Source.CRM_CONTACTS),
                    () -> SilverHistoryJob.runContacts(spark, batch), n -> n);
            Dataset<Row> identities = rec.step(SilverTables.IDENTITY_MAP,
                    read.get(Source.FORM_SUBMISSIONS) + read.get(Source.EMAIL_EVENTS),
                    () -> SilverIdentityJob.run(spark, batch, checkpoints), Dataset::count);
            long eventsRead = read.get(Source.WEB_PAGEVIEWS) + read.get(Source.EMAIL_EVENTS)
                    + read.get(Source.FORM_SUBMISSIONS) + read.get(Source.WEBINAR_ATTENDANCE)
                    + read.get(Source.CRM_ACTIVITIES);
            Dataset<Row> events = rec.step(SilverTables.EVENTS, eventsRead,
                    () -> SilverEventsJob.run(spark, batch, checkpoints), Dataset::count);
            rec.step(SilverTables.SESSIONS, read.get(Source.WEB_PAGEVIEWS), () -> {
                long sessions = SilverSessionsJob.run(spark, batch, events);
                SilverEventsJob.stitchEarlierEvents(spark, batch, identities);
                return sessions;
            }, n -> n);
            opportunities.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        } finally {
            opportunities.exceptionally(t -> null).join();
            rec.flush();
        }
        return rec.results();
    }
}
