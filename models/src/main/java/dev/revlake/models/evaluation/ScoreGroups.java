package dev.revlake.models.evaluation;

import java.util.Arrays;

/**
  * Weighted rows aggregated by distinct score, in ascending score order. Ranking metrics, binning and
  * isotonic regression all treat tied scores as one threshold, so they work on these groups: that
  * makes them independent of the order of tied rows and exact for weights.
  */
final class ScoreGroups {

    final double[] scores;
    final double[] positives;
    final double[] negatives;
    final long[] rows;
    final double totalPositives;
    final double totalNegatives;

    private ScoreGroups(double[] scores, double[] positives, double[] negatives, long[] rows) {
        this.scores = scores;
        this.positives = positives;
        this.negatives = negatives;
        this.rows = rows;
        this.totalPositives = Arrays.stream(positives).sum();
        this.totalNegatives = Arrays.stream(negatives).sum();
    }

    /** Groups validated input (see {@link Inputs#binary}). */
    static ScoreGroups of(double[] scores, boolean[] labels, double[] weights) {
        int n = scores.length;
        double[] distinct = new double[n];
        double[] positives = new double[n];
        double[] negatives = new double[n];
        long[] rows = new long[n];
        int g = -1;
        for (int i : Order.ascending(scores)) {
            if (g < 0 || scores[i] != distinct[g]) {
                distinct[++g] = scores[i];
            }
            if (labels[i]) {
                positives[g] += weights[i];
            } else {
                negatives[g] += weights[i];
            }
            rows[g]++;
        }
        int size = g + 1;
        return new ScoreGroups(
                Arrays.copyOf(distinct, size),
                Arrays.copyOf(positives, size),
                Arrays.copyOf(negatives, size),
                Arrays.copyOf(rows, size));
    }

    int size() {
        return scores.length;
    }

    double weight(int group) {
        return positives[group] + negatives[group];
    }

    double totalWeight() {
        return totalPositives + totalNegatives;
    }
}
