package dev.revlake.models.evaluation;

/** Validation shared by every metric and calibrator, so all report bad input the same way. */
final class Inputs {

    private Inputs() {}

    /** Checks probabilities in [0, 1], labels and weights for the same, non-zero number of rows. */
    static void binary(double[] probabilities, boolean[] labels, double[] weights) {
        int rows = rows(probabilities.length);
        length("labels", labels.length, rows);
        weights(weights, rows);
        for (int i = 0; i < rows; i++) {
            // Written as a negated range test so that NaN is rejected too.
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1)) {
                throw new IllegalArgumentException(
                        String.format("Invalid probability at row %d: %s", i, probabilities[i]));
            }
        }
    }

    /** Returns the row count, rejecting empty input: no metric is defined without rows. */
    static int rows(int rows) {
        if (rows == 0) {
            throw new IllegalArgumentException("No rows: at least one row is required");
        }
        return rows;
    }

    static void length(String name, int length, int rows) {
        if (length != rows) {
            throw new IllegalArgumentException(
                    String.format("Invalid %s: %d values for %d rows", name, length, rows));
        }
    }

    /** Weights must be finite and positive: a zero weight would make weighted means undefined. */
    static void weights(double[] weights, int rows) {
        length("weights", weights.length, rows);
        for (int i = 0; i < rows; i++) {
            if (!(weights[i] > 0 && Double.isFinite(weights[i]))) {
                throw new IllegalArgumentException(
                        String.format("Invalid weight at row %d: %s", i, weights[i]));
            }
        }
    }

    static void finite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        String.format("Invalid %s at row %d: %s", name, i, values[i]));
            }
        }
    }
}
