package dev.revlake.models.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weighted error summary of a regressor (for example days to close).
 *
 * @param rows number of rows
 * @param weightedRows total weight
 * @param meanAbsoluteError weighted mean of |predicted - actual|
 * @param medianAbsoluteError weighted median of |predicted - actual| (see {@link WeightedQuantiles})
 * @param bias weighted mean of predicted - actual: positive means the model predicts too high
 * @param tolerance the absolute error counted as close enough
 * @param withinToleranceShare weighted share of rows with |predicted - actual| &le; tolerance
 */
public record RegressionMetrics(long rows, double weightedRows, double meanAbsoluteError, double medianAbsoluteError,
                                double bias, double tolerance, double withinToleranceShare) {

    /**
     * Evaluates predictions against actual values; each row counts as {@code weight} copies of itself.
     *
     * @throws IllegalArgumentException if arrays differ in length or are empty, a value is not finite, a
     *     weight is not finite and positive, or the tolerance is negative or not finite
     */
    public static RegressionMetrics of(double[] predicted, double[] actual, double[] weights, double tolerance) {
        int rows = Inputs.rows(predicted.length);
        Inputs.length("actual values", actual.length, rows);
        Inputs.weights(weights, rows);
        Inputs.finite("predicted value", predicted);
        Inputs.finite("actual value", actual);
        if (!(tolerance >= 0 && Double.isFinite(tolerance))) {
            throw new IllegalArgumentException(String.format("Invalid tolerance: %s", tolerance));
        }
        double[] absoluteErrors = new double[rows];
        double total = 0;
        double absolute = 0;
        double signed = 0;
        double within = 0;
        for (int i = 0; i < rows; i++) {
            double error = predicted[i] - actual[i];
            absoluteErrors[i] = Math.abs(error);
            total += weights[i];
            absolute += weights[i] * absoluteErrors[i];
            signed += weights[i] * error;
            if (absoluteErrors[i] <= tolerance) {
                within += weights[i];
            }
        }
        return new RegressionMetrics(rows, total, absolute / total,
                WeightedQuantiles.quantile(absoluteErrors, weights, 0.5), signed / total, tolerance, within / total);
    }

    /** The metrics under snake_case keys, in a stable order, for a JSON report. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rows", rows);
        map.put("weighted_rows", weightedRows);
        map.put("mean_absolute_error", meanAbsoluteError);
        map.put("median_absolute_error", medianAbsoluteError);
        map.put("bias", bias);
        map.put("tolerance", tolerance);
        map.put("within_tolerance_share", withinToleranceShare);
        return map;
    }
}
