package dev.revlake.score;

import java.time.LocalDate;
import java.util.Objects;

import dev.revlake.lake.Lake;

/**
 * One scoring run: the snapshot dates to score, the tier and handoff thresholds.
 *
 * <p>Scores are percent probabilities (1..99). Tiers: A at or above {@code tierA}, B at or above
 * {@code tierB}, C at or above {@code tierC}, D below. A lead is handed to sales when its score
 * reaches {@code handoffThreshold}; leads without an owner are routed to {@code unassignedQueue}.
 *
 * @param lake             the lake
 * @param from             first snapshot date to score
 * @param to               last snapshot date to score (the night of a nightly run)
 * @param tierA            lowest score of tier A
 * @param tierB            lowest score of tier B
 * @param tierC            lowest score of tier C
 * @param handoffThreshold lowest score that hands a lead to sales
 * @param unassignedQueue  where alerts of leads without an owner go
 * @param runId            the run id written with every row
 */
public record ScoringConfig(Lake lake, LocalDate from, LocalDate to, int tierA, int tierB, int tierC,
                            int handoffThreshold, String unassignedQueue, String runId) {

    /** Default lowest score of tier A (also the default handoff threshold). */
    public static final int DEFAULT_TIER_A = 30;
    /** Default lowest score of tier B. */
    public static final int DEFAULT_TIER_B = 15;
    /** Default lowest score of tier C. */
    public static final int DEFAULT_TIER_C = 5;
    /** Default queue of leads without an owner. */
    public static final String DEFAULT_UNASSIGNED_QUEUE = "unassigned-leads";

    public ScoringConfig {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Invalid date range: " + from + " is after " + to);
        }
        if (!(tierC >= 1 && tierC < tierB && tierB < tierA && tierA <= 99)) {
            throw new IllegalArgumentException(String.format("Invalid tier thresholds: A %d, B %d, C %d (need 1 <= C"
                    + " < B < A <= 99)", tierA, tierB, tierC));
        }
        if (handoffThreshold < 1 || handoffThreshold > 99) {
            throw new IllegalArgumentException("Invalid handoff threshold: " + handoffThreshold + " (1..99)");
        }
        if (unassignedQueue == null || unassignedQueue.isBlank()) {
            throw new IllegalArgumentException("Invalid unassigned queue: " + unassignedQueue);
        }
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("Invalid run id: " + runId);
        }
    }

    /** The defaults for one range of dates. */
    public static ScoringConfig defaults(Lake lake, LocalDate from, LocalDate to, String runId) {
        return new ScoringConfig(lake, from, to, DEFAULT_TIER_A, DEFAULT_TIER_B, DEFAULT_TIER_C, DEFAULT_TIER_A,
                DEFAULT_UNASSIGNED_QUEUE, runId);
    }

    /** The same run with another handoff threshold. */
    public ScoringConfig withHandoffThreshold(int threshold) {
        return new ScoringConfig(lake, from, to, tierA, tierB, tierC, threshold, unassignedQueue, runId);
    }

    /** The tier of a score. */
    public String tier(int score) {
        return score >= tierA ? "A" : score >= tierB ? "B" : score >= tierC ? "C" : "D";
    }
}
