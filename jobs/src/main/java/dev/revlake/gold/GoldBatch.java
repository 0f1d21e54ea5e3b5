package dev.revlake.gold;

import java.time.LocalDate;
import java.util.Objects;

import dev.revlake.lake.Lake;

/**
 * The snapshot dates one gold run (re)computes. A backfill covers a whole range in one batch; a
 * nightly run covers its date plus a few days before it, so that late-arriving events are folded
 * into the day they happened. The last date is the run's logical date: labels count as matured
 * only when their window ends on or before it.
 *
 * @param lake  the lake
 * @param from  first snapshot date to compute
 * @param to    last snapshot date to compute, the logical date of the run
 * @param runId the run, for {@code ops_job_runs}
 */
public record GoldBatch(Lake lake, LocalDate from, LocalDate to, String runId) {

    /** Days before the nightly date that a nightly run recomputes (late events land in them). */
    public static final int DEFAULT_REFOLD_DAYS = 7;

    public GoldBatch {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(runId, "runId");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Invalid date range: " + from + " is after " + to);
        }
    }

    /** The batch of a nightly run for {@code date}, refolding {@code refoldDays} days before it. */
    public static GoldBatch nightly(Lake lake, LocalDate date, int refoldDays, String runId) {
        if (refoldDays < 0) {
            throw new IllegalArgumentException("Invalid refold days: " + refoldDays);
        }
        return new GoldBatch(lake, date.minusDays(refoldDays), date, runId);
    }

    /** The logical date of the run: nothing after its end is known. */
    public LocalDate asOf() {
        return to;
    }

    /**
     * The date up to which labels count as matured: the run's date, or the last date the lake has
     * data for if that is later (re-running an old date by hand must not hide labels that later
     * runs already matured).
     */
    public LocalDate labelsKnownThrough(LocalDate lastDataDate) {
        return lastDataDate != null && lastDataDate.isAfter(to) ? lastDataDate : to;
    }
}
