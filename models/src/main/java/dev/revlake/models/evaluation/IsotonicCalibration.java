package dev.revlake.models.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Isotonic regression: the non-decreasing step function of the score that best fits the labels in
 * weighted least squares, found by pool-adjacent-violators. It corrects any monotone distortion of the
 * scores, but needs more data than {@link PlattScaling} to do so without noise.
 *
 * <p>The fitted calibration interpolates linearly between the centres (weighted mean scores) of the
 * pooled blocks, so it is monotone and continuous instead of jumping at block edges, and clamps scores
 * outside the fitted range to the first or last block. Outputs are clipped to [1e-6, 1 - 1e-6]: a block
 * with no positives would otherwise predict 0 and make log loss infinite.
 */
public final class IsotonicCalibration implements Calibrator {

    static final String METHOD = "isotonic";

    private static final double OUTPUT_CLIP = 1e-6;

    @Override
    public Calibration fit(double[] scores, boolean[] labels, double[] weights) {
        Inputs.binary(scores, labels, weights);
        // Tied scores start as one block, since they must get one value.
        ScoreGroups groups = ScoreGroups.of(scores, labels, weights);
        int m = groups.size();
        double[] weight = new double[m];
        double[] positives = new double[m];
        double[] weightedScore = new double[m];
        int top = -1;
        for (int g = 0; g < m; g++) {
            top++;
            weight[top] = groups.weight(g);
            positives[top] = groups.positives[g];
            weightedScore[top] = groups.weight(g) * groups.scores[g];
            // Pool with the previous block while its positive rate is higher; equal rates stay apart.
            while (top > 0 && positives[top - 1] * weight[top] > positives[top] * weight[top - 1]) {
                weight[top - 1] += weight[top];
                positives[top - 1] += positives[top];
                weightedScore[top - 1] += weightedScore[top];
                top--;
            }
        }
        int blocks = top + 1;
        double[] thresholds = new double[blocks];
        double[] values = new double[blocks];
        for (int k = 0; k < blocks; k++) {
            thresholds[k] = weightedScore[k] / weight[k];
            values[k] = positives[k] / weight[k];
        }
        return new Interpolation(thresholds, values);
    }

    /** Linear interpolation through (block centre, block positive rate) points. */
    static final class Interpolation implements Calibration {

        private final double[] thresholds;
        private final double[] values;

        Interpolation(double[] thresholds, double[] values) {
            if (thresholds.length == 0 || thresholds.length != values.length) {
                throw new IllegalArgumentException(String.format(
                        "Invalid isotonic parameters: %d thresholds and %d values", thresholds.length, values.length));
            }
            for (int k = 1; k < thresholds.length; k++) {
                if (thresholds[k] < thresholds[k - 1] || values[k] < values[k - 1]) {
                    throw new IllegalArgumentException("Invalid isotonic parameters: thresholds and values must be"
                            + " non-decreasing");
                }
            }
            this.thresholds = thresholds;
            this.values = values;
        }

        static Interpolation fromParameters(Map<String, Object> parameters) {
            return new Interpolation(Parameters.numbers(parameters, "thresholds"),
                    Parameters.numbers(parameters, "values"));
        }

        @Override
        public double apply(double score) {
            int found = Arrays.binarySearch(thresholds, score);
            int above = -found - 1;
            double value;
            if (found >= 0) {
                value = values[found];
            } else if (above == 0) {
                value = values[0];
            } else if (above == thresholds.length) {
                value = values[above - 1];
            } else {
                double t = (score - thresholds[above - 1]) / (thresholds[above] - thresholds[above - 1]);
                value = values[above - 1] + t * (values[above] - values[above - 1]);
            }
            return Math.min(Math.max(value, OUTPUT_CLIP), 1 - OUTPUT_CLIP);
        }

        @Override
        public String method() {
            return METHOD;
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("thresholds", Parameters.list(thresholds));
            parameters.put("values", Parameters.list(values));
            return parameters;
        }
    }
}
