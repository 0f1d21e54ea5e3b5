package dev.revlake.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DurationEstimateTest {

    private final DurationEstimate estimate = new DurationEstimate(30, 10, 90,
            new double[] {10, 15, 20, 25, 30, 40, 50, 70, 90});

    @Test
    void readsProbabilitiesOffTheDeciles() {
        assertThat(estimate.probabilityWithin(-1)).isZero();
        assertThat(estimate.probabilityWithin(0)).isZero();
        assertThat(estimate.probabilityWithin(5)).isCloseTo(0.05, within(1e-12));
        assertThat(estimate.probabilityWithin(10)).isCloseTo(0.1, within(1e-12));
        assertThat(estimate.probabilityWithin(30)).isCloseTo(0.5, within(1e-12));
        assertThat(estimate.probabilityWithin(35)).isCloseTo(0.55, within(1e-12));
        assertThat(estimate.probabilityWithin(90)).isCloseTo(0.9, within(1e-12));
        assertThat(estimate.probabilityWithin(120)).isCloseTo(0.95, within(1e-12));
        assertThat(estimate.probabilityWithin(1_000)).isEqualTo(1.0);
    }

    @Test
    void isMonotoneWithTiedDeciles() {
        DurationEstimate ties = new DurationEstimate(0, 0, 5, new double[] {0, 0, 0, 0, 0, 1, 1, 3, 5});
        assertThat(ties.probabilityWithin(0)).isCloseTo(0.5, within(1e-12));
        double last = 0;
        for (double h = 0; h < 20; h += 0.25) {
            double p = ties.probabilityWithin(h);
            assertThat(p).isGreaterThanOrEqualTo(last).isBetween(0.0, 1.0);
            last = p;
        }
    }

    @Test
    void refusesDecilesOutOfOrder() {
        assertThatThrownBy(() -> new DurationEstimate(1, 1, 1, new double[] {1, 2, 3, 4, 5, 6, 7, 9, 8}))
                .hasMessageStartingWith("Invalid deciles, not non-decreasing");
    }
}
