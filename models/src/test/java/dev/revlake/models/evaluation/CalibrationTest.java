package dev.revlake.models.evaluation;

import static dev.revlake.models.evaluation.BinaryMetricsTest.ones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    /** Scores with labels drawn from a known true probability of the score. */
    record Sample(double[] scores, boolean[] labels, double[] truth) {

        static Sample draw(long seed, int n, DoubleUnaryOperator trueProbability) {
            Random random = new Random(seed);
            double[] scores = new double[n];
            boolean[] labels = new boolean[n];
            double[] truth = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = 0.01 + 0.98 * random.nextDouble();
                truth[i] = trueProbability.applyAsDouble(scores[i]);
                labels[i] = random.nextDouble() < truth[i];
            }
            return new Sample(scores, labels, truth);
        }

        double[] calibrated(Calibration calibration) {
            double[] p = new double[scores.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = calibration.apply(scores[i]);
            }
            return p;
        }
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void plattRecoversAKnownSigmoidOfTheLogit() {
        // True p = sigmoid(2 logit(s) - 1), i.e. a = -2, b = 1 in Platt's sign convention.
        Sample sample = Sample.draw(11, 20_000, s -> sigmoid(2 * logit(s) - 1));
        double[] weights = ones(20_000);
        Calibration calibration = new PlattScaling().fit(sample.scores(), sample.labels(), weights);

        assertThat(calibration.method()).isEqualTo("platt");
        assertThat((double) calibration.parameters().get("a")).isCloseTo(-2, within(0.15));
        assertThat((double) calibration.parameters().get("b")).isCloseTo(1, within(0.15));
        double[] calibrated = sample.calibrated(calibration);
        double error = 0;
        for (int i = 0; i < calibrated.length; i++) {
            error += Math.abs(calibrated[i] - sample.truth()[i]);
        }
        assertThat(error / calibrated.length).isLessThan(0.02);
        assertThat(BinaryMetrics.of(calibrated, sample.labels(), weights).logLoss())
                .isLessThan(BinaryMetrics.of(sample.scores(), sample.labels(), weights).logLoss() - 0.01);
    }

    @Test
    void plattKeepsCalibratedScoresAlmostUnchanged() {
        Sample sample = Sample.draw(12, 20_000, s -> s);
        Calibration calibration = new PlattScaling().fit(sample.scores(), sample.labels(), ones(20_000));
        for (double s = 0.05; s < 1; s += 0.1) {
            assertThat(calibration.apply(s)).isCloseTo(s, within(0.02));
        }
    }

    @Test
    void plattFitsSmoothedTargetsSoSeparableDataStaysFinite() {
        // Two parameters fit two points exactly: the targets (3 + 1) / (3 + 2) and 1 / (1 + 2), from weighted counts.
        Calibration calibration = new PlattScaling().fit(new double[] {0.2, 0.8}, new boolean[] {false, true},
                new double[] {1, 3});
        assertThat(calibration.apply(0.8)).isCloseTo(0.8, within(1e-9));
        assertThat(calibration.apply(0.2)).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void isotonicPoolsAdjacentViolators() {
        // Rates 0, 1, 0, 1: the middle pair pools to 1/2 at centre 0.25.
        Calibration calibration = new IsotonicCalibration().fit(new double[] {0.1, 0.2, 0.3, 0.4},
                new boolean[] {false, true, false, true}, ones(4));
        assertThat(calibration.parameters()).containsExactly(
                Map.entry("thresholds", List.of(0.1, 0.25, 0.4)), Map.entry("values", List.of(0.0, 0.5, 1.0)));
        assertThat(calibration.apply(0.25)).isEqualTo(0.5);
        assertThat(calibration.apply(0.325)).isCloseTo(0.75, within(1e-12));
        assertThat(calibration.apply(0.175)).isCloseTo(0.25, within(1e-12));
        // Clamped outside the fitted range and clipped away from 0 and 1.
        assertThat(calibration.apply(0.0)).isEqualTo(1e-6);
        assertThat(calibration.apply(0.9)).isEqualTo(1 - 1e-6);
    }

    @Test
    void isotonicIsMonotoneAndFixesADistortedScore() {
        // The classifier is over-confident at the top and bottom: truth is a steeper curve of the score.
        DoubleUnaryOperator truth = s -> s * s;
        Sample train = Sample.draw(21, 20_000, truth);
        Sample test = Sample.draw(22, 20_000, truth);
        Calibration calibration = new IsotonicCalibration().fit(train.scores(), train.labels(), ones(20_000));

        double previous = 0;
        for (int i = 0; i <= 1000; i++) {
            double p = calibration.apply(i / 1000.0);
            assertThat(p).isGreaterThanOrEqualTo(previous).isBetween(1e-6, 1 - 1e-6);
            previous = p;
        }
        BinaryMetrics raw = BinaryMetrics.of(test.scores(), test.labels(), ones(20_000));
        BinaryMetrics calibrated = BinaryMetrics.of(test.calibrated(calibration), test.labels(), ones(20_000));
        assertThat(raw.expectedCalibrationError()).isGreaterThan(0.1);
        assertThat(calibrated.expectedCalibrationError()).isLessThan(0.02);
        assertThat(calibrated.logLoss()).isLessThan(raw.logLoss());
    }

    @Test
    void weightsActLikeDuplicatedRowsWhenFitting() {
        Sample sample = Sample.draw(31, 400, s -> s);
        double[] weights = new double[400];
        List<Double> scores = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            weights[i] = 1 + i % 3;
            for (int c = 0; c < weights[i]; c++) {
                scores.add(sample.scores()[i]);
                labels.add(sample.labels()[i]);
            }
        }
        double[] scoreCopies = scores.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] labelCopies = new boolean[labels.size()];
        for (int i = 0; i < labelCopies.length; i++) {
            labelCopies[i] = labels.get(i);
        }
        for (Calibrator calibrator : List.of(new PlattScaling(), new IsotonicCalibration())) {
            Calibration weighted = calibrator.fit(sample.scores(), sample.labels(), weights);
            Calibration duplicated = calibrator.fit(scoreCopies, labelCopies, ones(scoreCopies.length));
            for (double s = 0; s <= 1; s += 0.01) {
                assertThat(weighted.apply(s)).isCloseTo(duplicated.apply(s), within(1e-9));
            }
        }
    }

    /**
     * What a JSON write and read gives back: numbers as {@link BigDecimal} parsed from their text (as
     * Jackson does with USE_BIG_DECIMAL_FOR_FLOATS), lists and maps as fresh mutable collections.
     */
    static Object throughJsonTypes(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, throughJsonTypes(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(CalibrationTest::throughJsonTypes).toList());
        }
        assertThat(value).isInstanceOf(Double.class);
        return new BigDecimal(value.toString());
    }

    @Test
    void calibrationsRoundTripThroughTheirParameters() {
        Sample sample = Sample.draw(41, 2_000, s -> s * s);
        List<Calibration> calibrations = List.of(Calibration.identity(),
                new PlattScaling().fit(sample.scores(), sample.labels(), ones(2_000)),
                new IsotonicCalibration().fit(sample.scores(), sample.labels(), ones(2_000)));
        for (Calibration calibration : calibrations) {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) throughJsonTypes(calibration.parameters());
            Calibration direct = Calibration.fromParameters(calibration.method(), calibration.parameters());
            Calibration reloaded = Calibration.fromParameters(calibration.method(), json);
            assertThat(reloaded.method()).isEqualTo(calibration.method());
            assertThat(reloaded.parameters()).isEqualTo(calibration.parameters());
            for (int i = 0; i <= 1000; i++) {
                double s = i / 1000.0;
                assertThat(direct.apply(s)).isEqualTo(calibration.apply(s));
                assertThat(reloaded.apply(s)).isEqualTo(calibration.apply(s));
            }
        }
    }

    @Test
    void identityLeavesScoresAlone() {
        assertThat(Calibration.identity().apply(0.37)).isEqualTo(0.37);
        assertThat(Calibration.identity().method()).isEqualTo("none");
        assertThat(Calibration.identity().parameters()).isEmpty();
    }

    @Test
    void rejectsUnknownMethodsAndBadParameters() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Calibration.fromParameters("beta", Map.of()))
                .withMessage("Unknown calibration method: beta");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Calibration.fromParameters("platt", Map.of("a", -1.0)))
                .withMessage("Invalid calibration parameter b: null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Calibration.fromParameters("isotonic",
                        Map.of("thresholds", List.of(0.2, 0.1), "values", List.of(0.1, 0.2))))
                .withMessage("Invalid isotonic parameters: thresholds and values must be non-decreasing");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlattScaling().fit(new double[] {0.5, 1.5}, new boolean[] {true, false}, ones(2)))
                .withMessage("Invalid probability at row 1: 1.5");
    }
}
