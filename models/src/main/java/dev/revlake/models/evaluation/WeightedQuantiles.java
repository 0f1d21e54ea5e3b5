package dev.revlake.models.evaluation;

/**
 * Weighted quantiles, used for error summaries and residual bands (for example the P10 and P90 of
 * out-of-sample residuals around a point prediction).
 */
public final class WeightedQuantiles {

    /**
     * Relative slack on the cumulative-weight comparison, so that rounding in summing weights such as
     * 0.1 does not push a quantile that lands exactly on a boundary to the next value.
     */
    private static final double ROUNDING_SLACK = 1e-12;

    private WeightedQuantiles() {}

    /**
     * The smallest value whose cumulative weight share (the weight of all values at or below it over
     * the total weight) is at least {@code q}. No interpolation: the result is always one of the values,
     * {@code q = 0} gives the minimum and, for an even number of equally weighted values, {@code q = 0.5}
     * gives the lower of the two middle values.
     *
     * @param q quantile level in [0, 1]
     * @throws IllegalArgumentException on empty or mismatched arrays, a non-finite value, a weight that
     *     is not finite and positive, or {@code q} outside [0, 1]
     */
    public static double quantile(double[] values, double[] weights, double q) {
        int rows = Inputs.rows(values.length);
        Inputs.weights(weights, rows);
        Inputs.finite("value", values);
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException(String.format("Invalid quantile: %s (must be in [0, 1])", q));
        }
        int[] order = Order.ascending(values);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double target = q * total * (1 - ROUNDING_SLACK);
        double cumulative = 0;
        for (int i : order) {
            cumulative += weights[i];
            if (cumulative >= target) {
                return values[i];
            }
        }
        // Reached only if rounding left the running sum just short of the target: q is then 1.
        return values[order[rows - 1]];
    }
}
