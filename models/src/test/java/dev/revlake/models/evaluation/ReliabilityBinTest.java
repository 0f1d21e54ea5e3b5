package dev.revlake.models.evaluation;

import static dev.revlake.models.evaluation.BinaryMetricsTest.ones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReliabilityBinTest {

    @Test
    void equalMassBinsReportMeanPredictionAndObservedRate() {
        // Group k: 20 rows at p = 0.05 + 0.1 k, of which 1 + 2 k are positive.
        double[] p = new double[200];
        boolean[] labels = new boolean[200];
        for (int i = 0; i < 200; i++) {
            p[i] = 0.05 + 0.1 * (i / 20);
            labels[i] = i % 20 < 1 + 2 * (i / 20);
        }
        List<ReliabilityBin> bins = ReliabilityBin.reliability(p, labels, ones(200), 10);
        assertThat(bins).hasSize(10);
        for (int k = 0; k < 10; k++) {
            assertThat(bins.get(k).meanPredicted()).isCloseTo(0.05 + 0.1 * k, within(1e-12));
            assertThat(bins.get(k).observedRate()).isCloseTo(0.05 + 0.1 * k, within(1e-12));
            assertThat(bins.get(k).weight()).isEqualTo(20);
            assertThat(bins.get(k).rows()).isEqualTo(20);
        }
    }

    @Test
    void binsHoldEqualWeightNotEqualRowCounts() {
        // Five rows, the last weighing as much as the other four: two bins split at the heavy row.
        List<ReliabilityBin> bins = ReliabilityBin.reliability(new double[] {0.1, 0.2, 0.3, 0.4, 0.9},
                new boolean[] {false, false, true, false, true}, new double[] {1, 1, 1, 1, 4}, 2);
        assertThat(bins).containsExactly(new ReliabilityBin(0.25, 0.25, 4, 4), new ReliabilityBin(0.9, 1, 4, 1));
    }

    @Test
    void tiedProbabilitiesShareOneBin() {
        // 25 distinct low scores, 50 rows tied at 0.5, 25 distinct high scores.
        double[] p = new double[100];
        for (int i = 0; i < 100; i++) {
            p[i] = i < 25 ? i / 100.0 : i < 75 ? 0.5 : 0.6 + (i - 75) / 100.0;
        }
        List<ReliabilityBin> bins = ReliabilityBin.reliability(p, new boolean[100], ones(100), 10);
        assertThat(bins).extracting(ReliabilityBin::rows).containsExactly(10L, 10L, 5L, 50L, 5L, 10L, 10L);
        assertThat(bins.get(3).meanPredicted()).isEqualTo(0.5);
    }

    @Test
    void rejectsANonPositiveBinCount() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReliabilityBin.reliability(new double[] {0.5}, new boolean[] {true}, ones(1), 0))
                .withMessage("Invalid bin count: 0");
    }
}
