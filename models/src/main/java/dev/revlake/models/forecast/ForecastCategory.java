package dev.revlake.models.forecast;

/**
 * Forecast categories of an open deal for a period, from q = win probability × probability of
 * closing within the period: commit when q ≥ 0.7, best case when q ≥ 0.4, pipeline when q ≥ 0.1,
 * omitted below. The same rule fills the deal's category in the scores and the category sums of
 * the pipeline forecast.
 */
public enum ForecastCategory {
    /** Likely to book in the period. */
    COMMIT("commit", 0.7),
    /** Could book in the period if things go well. */
    BEST_CASE("best_case", 0.4),
    /** In play, unlikely to book in the period. */
    PIPELINE("pipeline", 0.1),
    /** Not expected in the period. */
    OMITTED("omitted", 0.0);

    private final String label;
    private final double lowest;

    ForecastCategory(String label, double lowest) {
        this.label = label;
        this.lowest = lowest;
    }

    /** The category of a deal whose probability of booking in the period is {@code q}. */
    public static ForecastCategory of(double q) {
        if (Double.isNaN(q) || q < 0 || q > 1) {
            throw new IllegalArgumentException("Invalid probability of booking: " + q);
        }
        for (ForecastCategory c : values()) {
            if (q >= c.lowest) {
                return c;
            }
        }
        return OMITTED;
    }

    /** The name stored in the tables, e.g. {@code best_case}. */
    public String label() {
        return label;
    }

    /** The lowest q of the category. */
    public double lowest() {
        return lowest;
    }
}
