package dev.revlake.models.forecast;

/**
 * The forecast category of an open deal in a period, from its booking probability
 * {@code q = win probability × probability of closing in the period}:
 * <ul>
 *   <li>{@code commit} when q ≥ 0.7,</li>
 *   <li>{@code best_case} when 0.4 ≤ q &lt; 0.7,</li>
 *   <li>{@code pipeline} when 0.1 ≤ q &lt; 0.4,</li>
 *   <li>no category (omitted) when q &lt; 0.1.</li>
 * </ul>
 * The scoring job applies it to the current quarter for {@code gold_opportunity_scores}, the
 * forecast job to the current month and quarter, so both always agree.
 */
public enum ForecastCategory {

    /** q ≥ 0.7. */
    COMMIT("commit", 0.7),
    /** 0.4 ≤ q &lt; 0.7. */
    BEST_CASE("best_case", 0.4),
    /** 0.1 ≤ q &lt; 0.4. */
    PIPELINE("pipeline", 0.1);

    /** Label of a deal below every threshold, for columns that cannot be null (CRM "Omitted"). */
    public static final String OMITTED = "omitted";

    private final String label;
    private final double threshold;

    ForecastCategory(String label, double threshold) {
        this.label = label;
        this.threshold = threshold;
    }

    /** The lowercase label written to tables: commit, best_case or pipeline. */
    public String label() {
        return label;
    }

    /** The lowest booking probability of the category. */
    public double threshold() {
        return threshold;
    }

    /** The category of a booking probability, or null when it is below 0.1. */
    public static ForecastCategory categorize(double q) {
        checkProbability(q);
        for (ForecastCategory c : values()) {
            if (q >= c.threshold) {
                return c;
            }
        }
        return null;
    }

    /** The label of a booking probability's category: "commit", "best_case", "pipeline", or null below 0.1. */
    public static String of(double q) {
        ForecastCategory c = categorize(q);
        return c == null ? null : c.label;
    }

    /** As {@link #of}, but {@value #OMITTED} instead of null (for non-null columns). */
    public static String labelOrOmitted(double q) {
        String label = of(q);
        return label == null ? OMITTED : label;
    }

    /**
     * The booking probability of a deal in a period: win probability × probability of closing in
     * the period, both in [0, 1].
     */
    public static double bookingProbability(double winProbability, double closeInPeriodProbability) {
        checkProbability(winProbability);
        checkProbability(closeInPeriodProbability);
        return winProbability * closeInPeriodProbability;
    }

    private static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(String.format("Invalid probability: %s (must be in [0, 1])", p));
        }
    }
}
