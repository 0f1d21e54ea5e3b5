package dev.revlake.models.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * One point of a reliability (calibration) plot: the weighted mean predicted probability of a bin
 * against the weighted share of positives observed in it.
 *
 * @param meanPredicted weighted mean probability of the rows in the bin
 * @param observedRate weighted share of positive rows in the bin
 * @param weight total weight of the bin
 * @param rows number of rows in the bin
 */
public record ReliabilityBin(double meanPredicted, double observedRate, double weight, long rows) {

    /**
     * Splits rows, sorted by probability, into equal-mass bins: each holds about {@code 1/bins} of
     * the total weight rather than an equal slice of [0, 1], because at a low base rate equal-width
     * bins would put almost every row into the first bin. Rows with the same probability always share
     * a bin, so heavy ties can yield fewer than {@code bins} bins; empty bins are left out.
     *
     * @return the non-empty bins in ascending order of probability
     * @throws IllegalArgumentException on invalid input or {@code bins < 1}
     */
    public static List<ReliabilityBin> reliability(double[] probabilities, boolean[] labels, double[] weights,
                                                   int bins) {
        Inputs.binary(probabilities, labels, weights);
        return of(ScoreGroups.of(probabilities, labels, weights), bins);
    }

    static List<ReliabilityBin> of(ScoreGroups groups, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException(String.format("Invalid bin count: %d", bins));
        }
        List<ReliabilityBin> result = new ArrayList<>(bins);
        double total = groups.totalWeight();
        double before = 0;
        int current = 0;
        double weight = 0;
        double weightedScore = 0;
        double positives = 0;
        long rows = 0;
        for (int g = 0; g < groups.size(); g++) {
            double w = groups.weight(g);
            // A group of tied rows goes to the bin that holds the midpoint of its weight.
            int bin = Math.min(bins - 1, (int) ((before + w / 2) / total * bins));
            if (bin != current && rows > 0) {
                result.add(new ReliabilityBin(weightedScore / weight, positives / weight, weight, rows));
                weight = 0;
                weightedScore = 0;
                positives = 0;
                rows = 0;
            }
            current = bin;
            weight += w;
            weightedScore += w * groups.scores[g];
            positives += groups.positives[g];
            rows += groups.rows[g];
            before += w;
        }
        result.add(new ReliabilityBin(weightedScore / weight, positives / weight, weight, rows));
        return result;
    }
}
