/**
 * Weighted evaluation metrics and probability calibration for the RevLake predictors, in plain Java.
 *
 * <p>Every function takes parallel arrays plus row weights (for example inverse sampling rates of a
 * down-sampled training set); a weight {@code w} counts exactly like {@code w} copies of the row, so
 * metrics measured on a sample estimate the metrics of the full population. Tied scores are always
 * treated as one threshold, so results do not depend on row order.
 *
 * <ul>
 *   <li>{@link dev.revlake.models.evaluation.BinaryMetrics} and {@link
 *       dev.revlake.models.evaluation.ReliabilityBin}: discrimination, proper scoring rules and
 *       calibration of a binary classifier's probabilities.
 *   <li>{@link dev.revlake.models.evaluation.RegressionMetrics} and {@link
 *       dev.revlake.models.evaluation.WeightedQuantiles}: error summaries and residual bands of a
 *       regressor.
 *   <li>{@link dev.revlake.models.evaluation.Calibrator} and {@link
 *       dev.revlake.models.evaluation.Calibration}: Platt scaling and isotonic regression fitted on
 *       out-of-sample scores, saved as plain JSON-friendly parameters.
 * </ul>
 */
package dev.revlake.models.evaluation;
