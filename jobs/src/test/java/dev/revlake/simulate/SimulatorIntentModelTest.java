package dev.revlake.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact conversion truth must agree with the chain it is computed from. */
class SimulatorIntentModelTest {

    @Test
    void transitionRowsAreDistributions() {
        double initial = 0;
        for (int s = 0; s < IntentModel.STATES; s++) {
            double row = 0;
            for (int j = 0; j < IntentModel.STATES; j++) {
                row += IntentModel.transition(s, j);
            }
            assertThat(row).isCloseTo(1.0, within(1e-12));
            initial += IntentModel.initial(s);
        }
        assertThat(initial).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void oneDayHorizonIsTheExpectedHazardAndLongerHorizonsGrow() {
        double fit = 1.3;
        double[] one = IntentModel.convertWithin(1, fit);
        for (int s = 0; s < IntentModel.STATES; s++) {
            double expected = 0;
            for (int j = 0; j < IntentModel.STATES; j++) {
                expected += IntentModel.transition(s, j) * IntentModel.convertHazard(j, fit);
            }
            assertThat(one[s]).isCloseTo(expected, within(1e-15));
        }
        double[] thirty = IntentModel.convertWithin(30, fit);
        double[] sixty = IntentModel.convertWithin(60, fit);
        assertThat(IntentModel.convertWithin(0, fit)).containsOnly(0.0);
        for (int s = 0; s < IntentModel.STATES; s++) {
            assertThat(thirty[s]).isGreaterThan(one[s]).isLessThan(sixty[s]).isLessThan(1.0);
        }
        // Warmer states convert more.
        for (int s = 1; s < IntentModel.STATES; s++) {
            assertThat(thirty[s]).isGreaterThan(thirty[s - 1]);
        }
    }

    @Test
    void dynamicProgrammeMatchesMonteCarlo() {
        double fit = 2.0;
        int start = IntentModel.EVALUATING;
        double exact = IntentModel.convertWithin(30, fit)[start];
        SplittableRandom r = new SplittableRandom(3);
        int n = 200_000;
        int converted = 0;
        for (int i = 0; i < n; i++) {
            int s = start;
            for (int d = 0; d < 30; d++) {
                s = IntentModel.next(s, r.nextDouble());
                double u = r.nextDouble();
                double h = IntentModel.convertHazard(s, fit);
                if (u < h) {
                    converted++;
                    break;
                }
                if (u < h + IntentModel.disqualifyHazard(s)) {
                    break;
                }
            }
        }
        double se = Math.sqrt(exact * (1 - exact) / n);
        assertThat(converted / (double) n).isCloseTo(exact, within(4 * se));
    }
}
