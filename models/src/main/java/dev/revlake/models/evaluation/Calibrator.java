package dev.revlake.models.evaluation;

/**
 * Fits a {@link Calibration} that maps a classifier's probabilities to calibrated ones. Fit it on
 * out-of-sample scores (a validation fold), never on the rows the classifier was trained on, whose
 * scores are over-confident.
 */
public interface Calibrator {

    /**
     * Fits a calibration; each row counts as {@code weight} copies of itself.
     *
     * @param scores the classifier's positive-class probabilities, in [0, 1]
     * @throws IllegalArgumentException if arrays differ in length or are empty, a score is outside
     *     [0, 1] or a weight is not finite and positive
     */
    Calibration fit(double[] scores, boolean[] labels, double[] weights);
}
