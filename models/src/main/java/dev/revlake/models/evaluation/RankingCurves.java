package dev.revlake.models.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * The curves behind the ranking metrics of {@link BinaryMetrics}, thinned to a fixed number of
 * points so that a report can draw them without the rows: ROC (false positive rate against true
 * positive rate), precision against recall, and cumulative gains by decile (share of all positive
 * weight found in the top k tenths of weight, and the lift that is).
 *
 * @param roc ROC points from (0, 0) to (1, 1), ascending false positive rate
 * @param precisionRecall precision against recall, ascending recall, one point per kept threshold
 * @param gains one entry per decile of weight, highest scores first
 */
public record RankingCurves(List<Point> roc, List<Point> precisionRecall, List<Gain> gains) {

    private static final int DECILES = 10;

    /**
     * One point of a curve.
     *
     * @param x false positive rate (ROC) or recall (precision-recall)
     * @param y true positive rate (ROC) or precision (precision-recall)
     */
    public record Point(double x, double y) {
    }

    /**
     * Cumulative gains of the top {@code populationShare} of weight.
     *
     * @param populationShare share of all weight taken from the top: 0.1, 0.2, … 1.0
     * @param capture share of all positive weight found in it
     * @param lift capture over population share: how many times better than picking at random
     */
    public record Gain(double populationShare, double capture, double lift) {
    }

    /**
     * Curves of probabilities (or any scores: only their order matters) against labels. Tied scores
     * are one threshold, as in {@link BinaryMetrics}. A curve keeps a point each time another
     * {@code 1/points} of the weight has been passed, plus both ends, so its size is bounded by
     * {@code points + 2} whatever the number of rows.
     *
     * @throws IllegalArgumentException on invalid input (see {@link BinaryMetrics#of}), a single
     *     class, or {@code points < 2}
     */
    public static RankingCurves of(double[] scores, boolean[] labels, double[] weights, int points) {
        Inputs.binary(scores, labels, weights);
        if (points < 2) {
            throw new IllegalArgumentException(String.format("Invalid point count: %d (at least 2)", points));
        }
        ScoreGroups groups = ScoreGroups.of(scores, labels, weights);
        if (groups.totalPositives <= 0 || groups.totalNegatives <= 0) {
            throw new IllegalArgumentException("Curves need both classes: the labels have one class only");
        }
        double total = groups.totalWeight();
        List<Point> roc = new ArrayList<>();
        List<Point> pr = new ArrayList<>();
        roc.add(new Point(0, 0));
        double truePositives = 0;
        double falsePositives = 0;
        double passed = 0;
        double nextMark = total / points;
        for (int g = groups.size() - 1; g >= 0; g--) {
            truePositives += groups.positives[g];
            falsePositives += groups.negatives[g];
            passed += groups.weight(g);
            if (passed >= nextMark || g == 0) {
                roc.add(new Point(falsePositives / groups.totalNegatives, truePositives / groups.totalPositives));
                pr.add(new Point(truePositives / groups.totalPositives,
                        truePositives / (truePositives + falsePositives)));
                while (nextMark <= passed) {
                    nextMark += total / points;
                }
            }
        }
        List<Gain> gains = new ArrayList<>(DECILES);
        for (int k = 1; k <= DECILES; k++) {
            double share = (double) k / DECILES;
            double capture = BinaryMetrics.topPositives(groups, share * total) / groups.totalPositives;
            gains.add(new Gain(share, capture, capture / share));
        }
        return new RankingCurves(List.copyOf(roc), List.copyOf(pr), List.copyOf(gains));
    }
}
