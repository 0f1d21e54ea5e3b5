package dev.revlake.gold;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaTables;
import dev.revlake.ops.StepRecorder;
import dev.revlake.silver.SilverTables;

/**
 * Runs the gold layer for a batch of snapshot dates. First the attributed touches are brought up
 * to date (from the day after the last touches computed, or from the first silver event on a new
 * lake, so a backfill never starts from a gap); then two branches run side by side: lead and
 * opportunity features (which read the touches), and the funnel and contact-activity tables.
 * Each table is written in one Delta commit per step and recorded in {@code ops_job_runs}.
 */
public final class GoldJob {

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "gold";

    private GoldJob() {
    }

    /**
     * Runs every gold step for the batch. Dates before the first silver event are skipped: the lake
     * knows nothing about them, so a snapshot there would only show that (a nightly run early in a
     * lake's life, or a refold window reaching before its start).
     */
    public static List<StepRecorder.TableResult> run(SparkSession spark, GoldBatch requested) {
        LocalDate dataStart = DeltaTables.exists(spark, requested.lake(), SilverTables.EVENTS)
                ? DeltaTables.extremeDate(DeltaTables.read(spark, requested.lake(), SilverTables.EVENTS),
                        col("event_date"), false)
                : null;
        if (dataStart == null || requested.to().isBefore(dataStart)) {
            return List.of();
        }
        GoldBatch batch = requested.from().isBefore(dataStart)
                ? new GoldBatch(requested.lake(), dataStart, requested.to(), requested.runId()) : requested;
        StepRecorder rec = new StepRecorder(spark, batch.lake(), batch.runId(), JOB, batch.from(), batch.to());
        try {
            LocalDate touchesFrom = touchesFrom(spark, batch, dataStart);
            rec.step(GoldTables.CONTACT_TOUCHES_DAILY, 0,
                    () -> GoldContactTouchesJob.run(spark, batch.lake(), touchesFrom, batch.to()), n -> n);
            CompletableFuture<Void> reports = CompletableFuture.runAsync(() -> {
                rec.step(GoldTables.FUNNEL_DAILY, 0, () -> GoldFunnelDailyJob.run(spark, batch), n -> n);
                rec.step(GoldTables.CONTACT_ACTIVITY_DAILY, 0, () -> GoldContactActivityDailyJob.run(spark, batch),
                        n -> n);
            });
            try {
                rec.step(GoldTables.LEAD_FEATURES, 0, () -> GoldLeadFeaturesJob.run(spark, batch), n -> n);
                rec.step(GoldTables.OPPORTUNITY_FEATURES, 0, () -> GoldOpportunityFeaturesJob.run(spark, batch),
                        n -> n);
                reports.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            } finally {
                reports.exceptionally(t -> null).join();
            }
        } finally {
            rec.flush();
        }
        return rec.results();
    }

    /**
     * The first known date whose touches this run must (re)compute: the batch's first date, or
     * earlier when the touches stop before it (a new lake, or a gap since the last run).
     */
    static LocalDate touchesFrom(SparkSession spark, GoldBatch batch, LocalDate dataStart) {
        LocalDate next = dataStart;
        if (DeltaTables.exists(spark, batch.lake(), GoldTables.CONTACT_TOUCHES_DAILY)) {
            LocalDate last = DeltaTables.extremeDate(
                    DeltaTables.read(spark, batch.lake(), GoldTables.CONTACT_TOUCHES_DAILY), col("known_date"), true);
            if (last != null) {
                next = last.plusDays(1);
            }
        }
        return next.isBefore(batch.from()) ? next : batch.from();
    }
}
