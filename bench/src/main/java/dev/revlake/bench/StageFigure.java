package dev.revlake.bench;

import java.util.Objects;

/**
 * One timed stage of a bench run.
 *
 * @param name            stage name, e.g. {@code ingest} or {@code train lead_conversion}
 * @param status          {@code ok}, {@code refused} (a model the data cannot train) or {@code skipped}
 *                        (nothing to do, e.g. no champion to score with)
 * @param seconds         wall seconds of the stage
 * @param rowsIn          rows the stage read, or -1 when the stage reads none (simulate)
 * @param rowsOut         rows the stage wrote
 * @param peakHeapBytes   the highest JVM heap use seen during the stage
 * @param liveHeapBytes   the most heap in use right after a collection during the stage (what the
 *                        stage kept alive), 0 when no collection ran
 * @param note            what the rows are, or why a stage was refused or skipped; may be empty
 */
public record StageFigure(String name, String status, double seconds, long rowsIn, long rowsOut, long peakHeapBytes,
                          long liveHeapBytes, String note) {

    /** Status of a stage that ran. */
    public static final String OK = "ok";
    /** Status of a model the data cannot train. */
    public static final String REFUSED = "refused";
    /** Status of a stage that had nothing to work on. */
    public static final String SKIPPED = "skipped";

    /** Stage names the targets look for. */
    public static final String INGEST = "ingest";
    /** The lead scoring stage (lead scores only, without alerts). */
    public static final String SCORE_LEADS = "score leads";
    /**
     * The lead scoring job over the latest snapshot dates that hold at least
     * {@link BenchRun#RESCORE_LEADS} leads (a re-score after a new champion): the scoring rate at volume,
     * where one night's scoring is mostly a fixed cost.
     */
    public static final String RESCORE_LEADS = "re-score leads";
    /** The nightly incremental run of one new day through {@code revlake_nightly}. */
    public static final String NIGHTLY = "nightly (1 new day)";

    public StageFigure {
        Objects.requireNonNull(name, "name");
        if (!OK.equals(status) && !REFUSED.equals(status) && !SKIPPED.equals(status)) {
            throw new IllegalArgumentException("Invalid stage status: " + status);
        }
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("Invalid stage seconds: " + seconds);
        }
        if (rowsIn < -1 || rowsOut < 0 || peakHeapBytes < 0 || liveHeapBytes < 0) {
            throw new IllegalArgumentException("Invalid stage figures for " + name + ": rows in " + rowsIn
                    + ", rows out " + rowsOut + ", peak heap " + peakHeapBytes);
        }
        note = note == null ? "" : note;
    }

    /**
     * Rows per second: rows in per second, or rows out per second for a stage that reads none; 0 for
     * a stage shorter than a millisecond.
     */
    public double rowsPerSecond() {
        long rows = rowsIn >= 0 ? rowsIn : rowsOut;
        return seconds < 0.001 ? 0 : rows / seconds;
    }
}
