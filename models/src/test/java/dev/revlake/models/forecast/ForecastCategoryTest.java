package dev.revlake.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForecastCategoryTest {

    @Test
    void thresholdsAreInclusiveFromBelow() {
        assertThat(ForecastCategory.of(1.0)).isEqualTo("commit");
        assertThat(ForecastCategory.of(0.7)).isEqualTo("commit");
        assertThat(ForecastCategory.of(0.6999)).isEqualTo("best_case");
        assertThat(ForecastCategory.of(0.4)).isEqualTo("best_case");
        assertThat(ForecastCategory.of(0.3999)).isEqualTo("pipeline");
        assertThat(ForecastCategory.of(0.1)).isEqualTo("pipeline");
        assertThat(ForecastCategory.of(0.0999)).isNull();
        assertThat(ForecastCategory.of(0)).isNull();
        assertThat(ForecastCategory.labelOrOmitted(0.05)).isEqualTo("omitted");
        assertThat(ForecastCategory.categorize(0.8)).isEqualTo(ForecastCategory.COMMIT);
    }

    @Test
    void bookingProbabilityMultipliesAndChecksRanges() {
        assertThat(ForecastCategory.bookingProbability(0.5, 0.8)).isEqualTo(0.4);
        assertThat(ForecastCategory.of(ForecastCategory.bookingProbability(0.5, 0.8))).isEqualTo("best_case");
        assertThatThrownBy(() -> ForecastCategory.bookingProbability(1.2, 0.5))
                .hasMessage("Invalid probability: 1.2 (must be in [0, 1])");
        assertThatThrownBy(() -> ForecastCategory.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
