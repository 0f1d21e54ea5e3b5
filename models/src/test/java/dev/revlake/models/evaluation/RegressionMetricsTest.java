package dev.revlake.models.evaluation;

import static dev.revlake.models.evaluation.BinaryMetricsTest.ones;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

    private static final double[] PREDICTED = {1, 2, 3, 10};
    private static final double[] ACTUAL = {1, 1, 1, 1};

    @Test
    void unweightedErrors() {
        // Errors 0, 1, 2, 9.
        RegressionMetrics m = RegressionMetrics.of(PREDICTED, ACTUAL, ones(4), 1);
        assertThat(m).isEqualTo(new RegressionMetrics(4, 4, 3, 1, 3, 1, 0.5));
    }

    @Test
    void weightedErrors() {
        // Errors 0, 1, 2, 9 with weights 1, 1, 1, 5: the 9 holds more than half the weight.
        RegressionMetrics m = RegressionMetrics.of(PREDICTED, ACTUAL, new double[] {1, 1, 1, 5}, 2);
        assertThat(m).isEqualTo(new RegressionMetrics(4, 8, 48.0 / 8, 9, 48.0 / 8, 2, 3.0 / 8));
    }

    @Test
    void biasKeepsTheSign() {
        RegressionMetrics m = RegressionMetrics.of(new double[] {0, 0}, new double[] {1, 3}, new double[] {3, 1}, 0);
        assertThat(m.bias()).isEqualTo(-1.5);
        assertThat(m.meanAbsoluteError()).isEqualTo(1.5);
        assertThat(m.withinToleranceShare()).isZero();
    }

    @Test
    void toMapUsesSnakeCaseKeys() {
        assertThat(RegressionMetrics.of(PREDICTED, ACTUAL, ones(4), 1).toMap()).containsExactly(
                entry("rows", 4L), entry("weighted_rows", 4.0),
                entry("mean_absolute_error", 3.0), entry("median_absolute_error", 1.0),
                entry("bias", 3.0), entry("tolerance", 1.0),
                entry("within_tolerance_share", 0.5));
    }

    @Test
    void rejectsInvalidInput() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RegressionMetrics.of(PREDICTED, new double[] {1, 1}, ones(4), 1))
                .withMessage("Invalid actual values: 2 values for 4 rows");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RegressionMetrics.of(PREDICTED, ACTUAL, ones(3), 1))
                .withMessage("Invalid weights: 3 values for 4 rows");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RegressionMetrics.of(new double[] {1, Double.NaN, 3, 4}, ACTUAL, ones(4), 1))
                .withMessage("Invalid predicted value at row 1: NaN");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RegressionMetrics.of(PREDICTED, ACTUAL, ones(4), -1))
                .withMessage("Invalid tolerance: -1.0");
    }
}
