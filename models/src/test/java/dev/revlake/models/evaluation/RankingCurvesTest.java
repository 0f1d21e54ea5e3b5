package dev.revlake.models.evaluation;

import static dev.revlake.models.evaluation.BinaryMetricsTest.ones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.revlake.models.evaluation.RankingCurves.Gain;
import dev.revlake.models.evaluation.RankingCurves.Point;

class RankingCurvesTest {

    @Test
    void aPerfectRankingHugsTheTopLeftCorner() {
        // Scores 0.1 .. 1.0; the top three are the positives.
        double[] p = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
        boolean[] y = {false, false, false, false, false, false, false, true, true, true};
        RankingCurves curves = RankingCurves.of(p, y, ones(10), 10);
        assertThat(curves.roc()).first().isEqualTo(new Point(0, 0));
        assertThat(curves.roc()).contains(new Point(0, 1)).last().isEqualTo(new Point(1, 1));
        assertThat(curves.precisionRecall().get(2)).isEqualTo(new Point(1, 1));
        // The top 30 % hold every positive: lift 1 / 0.3; all of the population captures all.
        assertThat(curves.gains()).hasSize(10);
        assertThat(curves.gains().get(2).capture()).isCloseTo(1.0, within(1e-12));
        assertThat(curves.gains().get(2).lift()).isCloseTo(1 / 0.3, within(1e-12));
        Gain top = curves.gains().get(0);
        assertThat(top.populationShare()).isEqualTo(0.1);
        assertThat(top.capture()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(top.lift()).isCloseTo(10.0 / 3, within(1e-12));
        assertThat(curves.gains().get(9).lift()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void curvesAgreeWithTheMetricsTheyDraw() {
        Random random = new Random(5);
        int n = 5_000;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.round(random.nextDouble() * 200) / 200.0;
            y[i] = random.nextDouble() < p[i] * 0.5;
            w[i] = 1 + random.nextInt(3);
        }
        RankingCurves curves = RankingCurves.of(p, y, w, 50);
        BinaryMetrics metrics = BinaryMetrics.of(p, y, w);
        // The trapezoid area under the thinned ROC is close to the exact AUC.
        double area = 0;
        for (int i = 1; i < curves.roc().size(); i++) {
            Point a = curves.roc().get(i - 1);
            Point b = curves.roc().get(i);
            area += (b.x() - a.x()) * (a.y() + b.y()) / 2;
        }
        assertThat(area).isCloseTo(metrics.rocAuc(), within(0.005));
        assertThat(curves.roc()).hasSizeLessThanOrEqualTo(52);
        assertThat(curves.precisionRecall()).hasSizeLessThanOrEqualTo(51);
        assertThat(curves.gains().get(0).lift()).isCloseTo(metrics.topDecileLift(), within(1e-9));
        assertThat(curves.gains().get(0).capture()).isCloseTo(metrics.topDecileCapture(), within(1e-9));
        for (int i = 1; i < curves.roc().size(); i++) {
            assertThat(curves.roc().get(i).x()).isGreaterThanOrEqualTo(curves.roc().get(i - 1).x());
            assertThat(curves.roc().get(i).y()).isGreaterThanOrEqualTo(curves.roc().get(i - 1).y());
        }
        for (int k = 1; k < 10; k++) {
            assertThat(curves.gains().get(k).capture()).isGreaterThanOrEqualTo(curves.gains().get(k - 1).capture());
        }
    }

    @Test
    void oneClassOrTooFewPointsIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RankingCurves.of(new double[] {0.1, 0.2}, new boolean[] {true, true}, ones(2), 10))
                .withMessageContaining("both classes");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RankingCurves.of(new double[] {0.1, 0.2}, new boolean[] {true, false}, ones(2), 1))
                .withMessage("Invalid point count: 1 (at least 2)");
    }
}
