package dev.revlake.models.evaluation;

import static dev.revlake.models.evaluation.BinaryMetricsTest.ones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class WeightedQuantilesTest {

    @Test
    void smallestValueReachingTheWeightShare() {
        // Sorted: 1 (weight 1), 2 (weight 2), 3 (weight 1); cumulative shares 0.25, 0.75, 1.
        double[] values = {3, 1, 2};
        double[] weights = {1, 1, 2};
        assertThat(WeightedQuantiles.quantile(values, weights, 0)).isEqualTo(1);
        assertThat(WeightedQuantiles.quantile(values, weights, 0.25)).isEqualTo(1);
        assertThat(WeightedQuantiles.quantile(values, weights, 0.26)).isEqualTo(2);
        assertThat(WeightedQuantiles.quantile(values, weights, 0.5)).isEqualTo(2);
        assertThat(WeightedQuantiles.quantile(values, weights, 0.75)).isEqualTo(2);
        assertThat(WeightedQuantiles.quantile(values, weights, 0.76)).isEqualTo(3);
        assertThat(WeightedQuantiles.quantile(values, weights, 1)).isEqualTo(3);
    }

    @Test
    void medianOfAnEvenCountIsTheLowerMiddleValue() {
        assertThat(WeightedQuantiles.quantile(new double[] {4, 1, 3, 2}, ones(4), 0.5)).isEqualTo(2);
    }

    @Test
    void weightedMedianFollowsTheHeavyValue() {
        assertThat(WeightedQuantiles.quantile(new double[] {1, 2, 3, 100}, new double[] {1, 1, 1, 4}, 0.5))
                .isEqualTo(100);
    }

    @Test
    void roundingInTheWeightSumDoesNotMoveABoundaryQuantile() {
        // 1 holds exactly 75% of the weight, but in doubles 0.75 * (0.3 + 0.1) = 0.30000000000000004 > 0.3.
        assertThat(WeightedQuantiles.quantile(new double[] {1, 2}, new double[] {0.3, 0.1}, 0.75)).isEqualTo(1);
    }

    @Test
    void rejectsInvalidInput() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WeightedQuantiles.quantile(new double[] {1, 2}, ones(2), 1.5))
                .withMessage("Invalid quantile: 1.5 (must be in [0, 1])");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WeightedQuantiles.quantile(new double[] {1, 2}, ones(3), 0.5))
                .withMessage("Invalid weights: 3 values for 2 rows");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WeightedQuantiles.quantile(new double[] {1, Double.NaN}, ones(2), 0.5))
                .withMessage("Invalid value at row 1: NaN");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WeightedQuantiles.quantile(new double[0], new double[0], 0.5))
                .withMessage("No rows: at least one row is required");
    }
}
