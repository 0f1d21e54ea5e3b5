package dev.revlake.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final Path RAW = Path.of("raw");
    private static final Path TRUTH = Path.of("truth");

    @Test
    void acceptsSensibleValues() {
        SimulatorConfig c = new SimulatorConfig(1, 3660, START, 1L, RAW, TRUTH, 0.5);
        assertThat(c.contacts()).isEqualTo(1);
        assertThat(new SimulatorConfig(5000, 1, START, 1L, RAW, TRUTH, 0).dirtRate()).isZero();
    }

    @Test
    void rejectsBadValuesWithClearMessages() {
        assertThatThrownBy(() -> new SimulatorConfig(-5, 60, START, 1L, RAW, TRUTH, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid contacts: -5 (must be >= 1)");
        assertThatThrownBy(() -> new SimulatorConfig(10, 0, START, 1L, RAW, TRUTH, 0.01))
                .hasMessage("Invalid days: 0 (must be between 1 and 3660)");
        assertThatThrownBy(() -> new SimulatorConfig(10, 3661, START, 1L, RAW, TRUTH, 0.01))
                .hasMessage("Invalid days: 3661 (must be between 1 and 3660)");
        assertThatThrownBy(() -> new SimulatorConfig(10, 5, START, 1L, RAW, TRUTH, 0.6))
                .hasMessage("Invalid dirtRate: 0.6 (must be between 0 and 0.5)");
        assertThatThrownBy(() -> new SimulatorConfig(10, 5, START, 1L, RAW, TRUTH, Double.NaN))
                .hasMessage("Invalid dirtRate: NaN (must be between 0 and 0.5)");
        assertThatThrownBy(() -> new SimulatorConfig(10, 5, null, 1L, RAW, TRUTH, 0.01))
                .isInstanceOf(NullPointerException.class).hasMessage("start must not be null");
        assertThatThrownBy(() -> new SimulatorConfig(10, 5, START, 1L, RAW, RAW, 0.01))
                .hasMessageStartingWith("Invalid truthDir: raw (must differ from rawDir");
    }
}
