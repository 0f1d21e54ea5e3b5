package dev.revlake.models.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted evaluation of a binary classifier's probabilities: ranking quality (ROC AUC, PR AUC,
 * top-decile lift), proper scoring rules (log loss, Brier score) and calibration (ECE). Metrics that
 * are undefined for the data, such as ROC AUC when only one class is present, are {@code NaN}.
 *
 * @param rows number of rows
 * @param weightedRows total weight
 * @param weightedPositives total weight of positive rows
 * @param baseRate weighted share of positives
 * @param rocAuc probability that a random positive scores above a random negative, ties counting 1/2
 * @param prAuc average precision: the sum over thresholds of recall gained times precision
 * @param logLoss weighted mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]
 * @param brierScore weighted mean squared difference between probability and outcome
 * @param expectedCalibrationError weighted mean |predicted - observed| over 10 equal-mass bins
 * @param topDecileLift positive rate in the top 10% of weight by probability, over the base rate
 * @param topDecileCapture share of all positive weight found in that top 10%
 */
public record BinaryMetrics(long rows, double weightedRows, double weightedPositives, double baseRate, double rocAuc,
                            double prAuc, double logLoss, double brierScore, double expectedCalibrationError,
                            double topDecileLift, double topDecileCapture) {

    private static final double LOG_LOSS_CLIP = 1e-15;
    private static final int CALIBRATION_BINS = 10;
    private static final double TOP_SHARE = 0.1;

    /**
     * Evaluates probabilities against labels. Each row counts as {@code weight} copies of itself.
     * Calibration error uses the equal-mass bins of {@link ReliabilityBin#reliability}: at a 10% base
     * rate equal-width bins would put almost every row into the first bin and measure nothing.
     *
     * @throws IllegalArgumentException if arrays differ in length or are empty, a probability is
     *     outside [0, 1] or a weight is not finite and positive
     */
    public static BinaryMetrics of(double[] probabilities, boolean[] labels, double[] weights) {
        Inputs.binary(probabilities, labels, weights);
        ScoreGroups groups = ScoreGroups.of(probabilities, labels, weights);
        double total = groups.totalWeight();
        double positives = groups.totalPositives;
        double logLoss = 0;
        double brier = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(Math.max(probabilities[i], LOG_LOSS_CLIP), 1 - LOG_LOSS_CLIP);
            double error = probabilities[i] - (labels[i] ? 1 : 0);
            logLoss -= weights[i] * Math.log(labels[i] ? p : 1 - p);
            brier += weights[i] * error * error;
        }
        double capture = topPositives(groups, TOP_SHARE * total) / positives;
        return new BinaryMetrics(probabilities.length, total, positives, positives / total, rocAuc(groups),
                prAuc(groups), logLoss / total, brier / total,
                calibrationError(ReliabilityBin.of(groups, CALIBRATION_BINS), total),
                // Lift = (captured positives / top weight) / (positives / total) = capture / top share.
                capture / TOP_SHARE, capture);
    }

    /** Weighted Mann-Whitney statistic in one ascending pass: each positive beats the negatives below it. */
    private static double rocAuc(ScoreGroups groups) {
        double negativesBelow = 0;
        double wins = 0;
        for (int g = 0; g < groups.size(); g++) {
            wins += groups.positives[g] * (negativesBelow + groups.negatives[g] / 2);
            negativesBelow += groups.negatives[g];
        }
        double pairs = groups.totalPositives * groups.totalNegatives;
        return pairs > 0 ? wins / pairs : Double.NaN;
    }

    /** Average precision with thresholds descending; a tied group is one threshold. */
    private static double prAuc(ScoreGroups groups) {
        double truePositives = 0;
        double falsePositives = 0;
        double sum = 0;
        for (int g = groups.size() - 1; g >= 0; g--) {
            truePositives += groups.positives[g];
            falsePositives += groups.negatives[g];
            sum += groups.positives[g] * truePositives / (truePositives + falsePositives);
        }
        return groups.totalPositives > 0 ? sum / groups.totalPositives : Double.NaN;
    }

    private static double calibrationError(List<ReliabilityBin> bins, double total) {
        return bins.stream()
                .mapToDouble(b -> b.weight() / total * Math.abs(b.meanPredicted() - b.observedRate()))
                .sum();
    }

    /**
     * Positive weight among the highest-scored {@code budget} of weight. The boundary group contributes
     * pro rata, so the result is exact for weights and does not depend on how ties are ordered.
     */
    static double topPositives(ScoreGroups groups, double budget) {
        double remaining = budget;
        double captured = 0;
        for (int g = groups.size() - 1; g >= 0 && remaining > 0; g--) {
            double taken = Math.min(1, remaining / groups.weight(g));
            captured += taken * groups.positives[g];
            remaining -= groups.weight(g);
        }
        return captured;
    }

    /** The metrics under snake_case keys, in a stable order, for a JSON report. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rows", rows);
        map.put("weighted_rows", weightedRows);
        map.put("weighted_positives", weightedPositives);
        map.put("base_rate", baseRate);
        map.put("roc_auc", rocAuc);
        map.put("pr_auc", prAuc);
        map.put("log_loss", logLoss);
        map.put("brier_score", brierScore);
        map.put("expected_calibration_error", expectedCalibrationError);
        map.put("top_decile_lift", topDecileLift);
        map.put("top_decile_capture", topDecileCapture);
        return map;
    }
}
