package dev.revlake.models.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

class BinaryMetricsTest {

    static double[] ones(int n) {
        double[] weights = new double[n];
        Arrays.fill(weights, 1);
        return weights;
    }

    @Test
    void rocAucCountsTiedPairsAsHalf() {
        // Pairs (positive, negative): (.9,.8) win, (.9,.3) win, (.8,.8) tie, (.8,.3) win -> 3.5 / 4.
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.9, 0.8, 0.8, 0.3}, new boolean[] {true, false, true, false},
                ones(4));
        assertThat(m.rocAuc()).isEqualTo(0.875);
    }

    @Test
    void rocAucIsOneWhenScoresSeparateZeroWhenReversedAndNaNForOneClass() {
        boolean[] labels = {true, true, false, false};
        assertThat(BinaryMetrics.of(new double[] {0.9, 0.7, 0.4, 0.1}, labels, ones(4)).rocAuc()).isEqualTo(1);
        assertThat(BinaryMetrics.of(new double[] {0.1, 0.4, 0.7, 0.9}, labels, ones(4)).rocAuc()).isEqualTo(0);
        assertThat(BinaryMetrics.of(new double[] {0.1, 0.4}, new boolean[] {false, false}, ones(2)).rocAuc()).isNaN();
    }

    @Test
    void prAucIsAveragePrecisionOverDistinctThresholds() {
        // Threshold .9: recall 1/2 at precision 1; threshold .8 (tied): recall 1 at precision 2/3.
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.9, 0.8, 0.8, 0.3}, new boolean[] {true, false, true, false},
                ones(4));
        assertThat(m.prAuc()).isCloseTo(0.5 * 1 + 0.5 * 2.0 / 3, within(1e-15));
        assertThat(BinaryMetrics.of(new double[] {0.2}, new boolean[] {false}, ones(1)).prAuc()).isNaN();
    }

    @Test
    void logLossAndBrierScoreAreWeightedMeans() {
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.8, 0.4}, new boolean[] {true, false}, new double[] {1, 3});
        assertThat(m.logLoss()).isCloseTo((-Math.log(0.8) - 3 * Math.log(0.6)) / 4, within(1e-15));
        assertThat(m.brierScore()).isCloseTo((0.2 * 0.2 + 3 * 0.4 * 0.4) / 4, within(1e-15));
        assertThat(m.weightedRows()).isEqualTo(4);
        assertThat(m.weightedPositives()).isEqualTo(1);
        assertThat(m.baseRate()).isEqualTo(0.25);
    }

    @Test
    void logLossClipsCertainMistakes() {
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.0}, new boolean[] {true}, ones(1));
        assertThat(m.logLoss()).isCloseTo(-Math.log(1e-15), within(1e-9));
    }

    /** 10 groups of 20 rows; group k predicts 0.05 + 0.1 k + shift and has 1 + 2 k positives (rate 0.05 + 0.1 k). */
    static BinaryMetrics binned(double shift) {
        double[] p = new double[200];
        boolean[] labels = new boolean[200];
        for (int k = 0; k < 10; k++) {
            for (int j = 0; j < 20; j++) {
                p[20 * k + j] = 0.05 + 0.1 * k + shift;
                labels[20 * k + j] = j < 1 + 2 * k;
            }
        }
        return BinaryMetrics.of(p, labels, ones(200));
    }

    @Test
    void calibrationErrorIsZeroWhenEveryBinMatchesItsRateAndTheShiftOtherwise() {
        assertThat(binned(0).expectedCalibrationError()).isCloseTo(0, within(1e-12));
        assertThat(binned(0.03).expectedCalibrationError()).isCloseTo(0.03, within(1e-12));
    }

    @Test
    void topDecileLiftAndCaptureWhenAllPositivesAreOnTop() {
        double[] p = new double[100];
        boolean[] labels = new boolean[100];
        for (int i = 0; i < 100; i++) {
            p[i] = i / 100.0;
            labels[i] = i >= 90;
        }
        BinaryMetrics m = BinaryMetrics.of(p, labels, ones(100));
        assertThat(m.topDecileLift()).isCloseTo(10, within(1e-12));
        assertThat(m.topDecileCapture()).isCloseTo(1, within(1e-12));
        assertThat(m.rocAuc()).isEqualTo(1);
        assertThat(m.prAuc()).isEqualTo(1);
    }

    @Test
    void topDecileTakesThePartOfTheBoundaryRowThatFits() {
        // Total weight 20, so the top decile is weight 2: the .9 row and a third of the .8 row (weight 3).
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.1, 0.8, 0.9}, new boolean[] {false, true, true},
                new double[] {16, 3, 1});
        assertThat(m.topDecileCapture()).isCloseTo(2.0 / 4, within(1e-12));
        assertThat(m.topDecileLift()).isCloseTo((2.0 / 2) / (4.0 / 20), within(1e-12));
    }

    @Test
    void topDecileSplitsTiedRowsProRataWhateverTheirOrder() {
        // Ten rows: the top decile (one row of weight) is half of the tied pair at .9, one of which is positive.
        double[] p = {0.9, 0.9, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        for (boolean[] labels : new boolean[][] {
                {true, false, true, false, false, false, false, false, false, false},
                {false, true, true, false, false, false, false, false, false, false}}) {
            BinaryMetrics m = BinaryMetrics.of(p, labels, ones(10));
            assertThat(m.topDecileCapture()).isCloseTo(0.25, within(1e-12));
            assertThat(m.topDecileLift()).isCloseTo(2.5, within(1e-12));
        }
    }

    @Test
    void weightsActLikeDuplicatedRows() {
        Random random = new Random(7);
        int n = 500;
        double[] p = new double[n];
        boolean[] labels = new boolean[n];
        double[] weights = new double[n];
        int copies = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.round(random.nextDouble() * 50) / 50.0; // many ties
            labels[i] = random.nextDouble() < p[i];
            weights[i] = 1 + random.nextInt(3);
            copies += (int) weights[i];
        }
        double[] pCopies = new double[copies];
        boolean[] labelCopies = new boolean[copies];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < weights[i]; c++, k++) {
                pCopies[k] = p[i];
                labelCopies[k] = labels[i];
            }
        }
        Map<String, Object> weighted = BinaryMetrics.of(p, labels, weights).toMap();
        Map<String, Object> duplicated = BinaryMetrics.of(pCopies, labelCopies, ones(copies)).toMap();
        assertThat(weighted.get("rows")).isEqualTo((long) n);
        assertThat(duplicated.get("rows")).isEqualTo((long) copies);
        for (String key : weighted.keySet()) {
            if (!key.equals("rows")) {
                assertThat((double) weighted.get(key)).as(key).isCloseTo((double) duplicated.get(key), within(1e-12));
            }
        }
    }

    @Test
    void rankingMetricsMatchTribuoOnARandomSample() {
        Random random = new Random(2024);
        int n = 2000;
        double[] continuous = new double[n];
        double[] rounded = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            continuous[i] = random.nextDouble();
            rounded[i] = Math.round(continuous[i] * 20) / 20.0;
            labels[i] = random.nextDouble() < 0.1 + 0.5 * continuous[i];
        }
        for (double[] p : new double[][] {continuous, rounded}) {
            BinaryMetrics m = BinaryMetrics.of(p, labels, ones(n));
            assertThat(m.rocAuc()).isCloseTo(LabelEvaluationUtil.binaryAUCROC(labels, p), within(1e-9));
            assertThat(m.prAuc()).isCloseTo(LabelEvaluationUtil.averagedPrecision(labels, p), within(1e-9));
        }
    }

    @Test
    void toMapUsesSnakeCaseKeysInOrder() {
        assertThat(binned(0).toMap()).containsOnlyKeys("rows", "weighted_rows", "weighted_positives", "base_rate",
                "roc_auc", "pr_auc", "log_loss", "brier_score", "expected_calibration_error", "top_decile_lift",
                "top_decile_capture");
        assertThat(binned(0).toMap().keySet()).first().isEqualTo("rows");
        assertThat(binned(0).toMap()).containsEntry("rows", 200L).containsEntry("weighted_rows", 200.0);
    }

    @Test
    void rejectsInvalidInput() {
        boolean[] labels = {true, false, true, false};
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BinaryMetrics.of(new double[] {0.1, 0.2, 0.3, 0.4}, labels, ones(3)))
                .withMessage("Invalid weights: 3 values for 4 rows");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BinaryMetrics.of(new double[] {0.1, 0.2, 0.3}, labels, ones(3)))
                .withMessage("Invalid labels: 4 values for 3 rows");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BinaryMetrics.of(new double[] {0.1, 1.5, 0.3, 0.4}, labels, ones(4)))
                .withMessage("Invalid probability at row 1: 1.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BinaryMetrics.of(new double[] {0.1, Double.NaN, 0.3, 0.4}, labels, ones(4)))
                .withMessage("Invalid probability at row 1: NaN");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BinaryMetrics.of(new double[] {0.1, 0.2, 0.3, 0.4}, labels,
                        new double[] {1, 1, -1, 1}))
                .withMessage("Invalid weight at row 2: -1.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BinaryMetrics.of(new double[] {0.1, 0.2, 0.3, 0.4}, labels,
                        new double[] {1, 0, 1, Double.POSITIVE_INFINITY}))
                .withMessage("Invalid weight at row 1: 0.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BinaryMetrics.of(new double[0], new boolean[0], new double[0]))
                .withMessage("No rows: at least one row is required");
    }
}
