package dev.revlake.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.revlake.models.evaluation.RankingCurves;

import dev.revlake.models.scoring.Explanation;
import dev.revlake.models.scoring.Reason;

class ProbabilityModelTrainerTest {

    private static final Baseline POINTS = new Baseline("points_score", "engagement_score", 1.0, false, "points");
    private static final TrainingSettings FAST = new TrainingSettings(0.2, 0.2, 100, 20, 60, 42L);
    private static List<LabeledRow> rows;
    private static ProbabilityTrainingResult result;

    @BeforeAll
    static void train() {
        rows = SyntheticLeads.rows(60, 300, 7L);
        result = new ProbabilityModelTrainer(FAST).train("synthetic leads", rows, SyntheticLeads.SPEC, POINTS,
                Map.of(), null);
    }

    @Test
    void splitsByTimeSixtyTwentyTwenty() {
        assertThat(result.split().validationStart()).isEqualTo(rows.get(0).time().plusDays(36));
        assertThat(result.split().testStart()).isEqualTo(rows.get(0).time().plusDays(48));
    }

    @Test
    void calibratedModelComesCloseToTheOracleAndBeatsThePointsScore() {
        assertThat(result.oracle()).isNotNull();
        assertThat(result.modelOnOracleRows().rocAuc()).isGreaterThan(result.oracle().rocAuc() - 0.02);
        assertThat(result.test().expectedCalibrationError()).isLessThan(0.03);
        assertThat(result.test().rocAuc()).isGreaterThan(result.baseline().rocAuc());
        assertThat(result.test().logLoss()).isLessThan(result.baseline().logLoss());
        assertThat(result.promoted()).isTrue();
        assertThat(result.toReport()).containsKeys("candidates", "split", "reliability_test", "top_features");
        @SuppressWarnings("unchecked")
        Map<String, Object> candidates = (Map<String, Object>) result.toReport().get("candidates");
        assertThat(candidates).containsOnlyKeys(Algorithms.LOGISTIC_REGRESSION, Algorithms.XGBOOST);
    }

    @Test
    void reportsTheTestCurvesOfTheModelAndTheBaseline() {
        @SuppressWarnings("unchecked")
        Map<String, RankingCurves> curves = (Map<String, RankingCurves>) result.toReport().get("curves_test");
        assertThat(curves).containsOnlyKeys("model", "baseline");
        // The curves are those of the reported metrics: the first gain is the top-decile lift.
        assertThat(curves.get("model").gains().get(0).lift())
                .isCloseTo(result.test().topDecileLift(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(curves.get("baseline").gains().get(0).lift())
                .isCloseTo(result.baseline().topDecileLift(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(curves.get("model").roc()).hasSizeBetween(10, 52);
    }

    @Test
    void explainsInWordsWithTheStrongestFactorsFirst() {
        LabeledRow hot = rows.stream().filter(r -> r.features().numeric()[SyntheticLeads.SPEC
                .numericIndex("pricing_page_views_7d")] == 4.0).findFirst().orElseThrow();
        Explanation why = result.predictor().explain(hot.features(), 3, 1);
        assertThat(why.positive()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(why.positive().get(0).text()).isEqualTo("visited pricing 4 times this week");
        assertThat(why.positive()).extracting(Reason::contribution).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(why.negative()).hasSizeLessThanOrEqualTo(1).allMatch(r -> r.contribution() < 0);
    }

    @Test
    void aRetrainOnTheSameDataDoesNotReplaceTheChampion() {
        ProbabilityTrainingResult again = new ProbabilityModelTrainer(FAST).train("synthetic leads", rows,
                SyntheticLeads.SPEC, POINTS, Map.of(), new Champion<>(result.predictor(), result.split().testStart()));
        assertThat(again.champion().logLoss()).isEqualTo(again.test().logLoss());
        assertThat(again.promoted()).isFalse();
        assertThat(again.decision()).endsWith("champion kept");
    }

    @Test
    void aChampionIsOnlyJudgedOnRowsItNeverSaw() {
        // A champion whose own test period starts after this run's last date saw every row here.
        ProbabilityTrainingResult again = new ProbabilityModelTrainer(FAST).train("synthetic leads", rows,
                SyntheticLeads.SPEC, POINTS, Map.of(), new Champion<>(result.predictor(),
                        rows.get(rows.size() - 1).time().plusDays(1)));
        assertThat(again.champion()).isNull();
        assertThat(again.promoted()).isTrue();
        assertThat(again.decision()).isEqualTo("too few test rows the champion never saw (from 2026-03-02) to"
                + " compare fairly: promoted");
    }

    @Test
    void refusesTooFewPositivesAndASingleClassWithClearMessages() {
        List<LabeledRow> allNegative = rows.stream().map(r -> new LabeledRow(r.id(), r.time(), r.features(), 0, 1))
                .toList();
        assertThatThrownBy(() -> new ProbabilityModelTrainer(FAST).train("x", allNegative, SyntheticLeads.SPEC, POINTS,
                Map.of(), null)).isInstanceOf(TrainingDataException.class)
                .hasMessage("The label has one class: all 18000 rows are negative; a model needs both positive and"
                        + " negative examples");
        List<LabeledRow> few = rows.subList(0, 1500);
        assertThatThrownBy(() -> new ProbabilityModelTrainer(FAST).train("x", few, SyntheticLeads.SPEC, POINTS,
                Map.of(), null)).isInstanceOf(TrainingDataException.class)
                .hasMessageStartingWith("Too few positive examples to train: ")
                .hasMessageContaining("at least 100 are needed");
    }
}
