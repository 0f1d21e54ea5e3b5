package dev.revlake.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;

/**
 * The explainer reads contributions straight from a feature vector, without Tribuo's example; the
 * standardized logistic regression it explains is the oracle: between two rows, the contributions'
 * sums must differ exactly as the model's own log-odds do (the bias and the indicator averages cancel).
 */
class LinearExplainerTest {

    private static final ProbabilityPredictor GOLDEN = XGBoostBinaryVectorScorerTest.GOLDEN;

    @Test
    void contributionsMoveAsTheExplainedModelsLogOddsDo() {
        LinearExplainer<Label> explainer = GOLDEN.explainer();
        FeatureSpec spec = GOLDEN.spec();
        List<FeatureVector> rows = rows(spec);
        for (int i = 1; i < rows.size(); i++) {
            double expected = logOdds(explainer.model(), spec, rows.get(i)) - logOdds(explainer.model(), spec, rows.get(i - 1));
            double actual = sum(explainer.contributions(rows.get(i))) - sum(explainer.contributions(rows.get(i - 1)));
            assertThat(actual).as("row %d against row %d", i, i - 1).isCloseTo(expected, Offset.offset(1e-9));
        }
    }

    @Test
    void aRowsReasonsAreItsContributionsRankedEachWay() {
        LinearExplainer<Label> explainer = GOLDEN.explainer();
        for (FeatureVector row : rows(GOLDEN.spec())) {
            Map<String, Double> contributions = explainer.contributions(row);
            Explanation why = explainer.explain(row, 1_000, 1_000);
            List<Double> up = why.positive().stream().map(Reason::contribution).toList();
            List<Double> down = why.negative().stream().map(Reason::contribution).toList();
            assertThat(up).isSortedAccordingTo((a, b) -> Double.compare(b, a)).allMatch(c -> c > 0);
            assertThat(down).isSortedAccordingTo(Double::compare).allMatch(c -> c < 0);
            assertThat(up.size() + down.size())
                    .isEqualTo((int) contributions.values().stream().filter(c -> c != 0.0).count());
            why.positive().forEach(r -> assertThat(contributions.get(r.column())).isEqualTo(r.contribution()));
            why.negative().forEach(r -> assertThat(contributions.get(r.column())).isEqualTo(r.contribution()));
        }
    }

    @Test
    void aVectorOfAnotherShapeIsRefusedWithBothShapes() {
        assertThatThrownBy(() -> GOLDEN.explainer().explain(new FeatureVector(new double[1], new String[0]), 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid feature vector: 1 numeric");
    }

    private static List<FeatureVector> rows(FeatureSpec spec) {
        return XGBoostBinaryVectorScorerTest.rows(spec);
    }

    private static double logOdds(Model<Label> model, FeatureSpec spec, FeatureVector v) {
        var scores = model.predict(spec.example(v, LabelFactory.UNKNOWN_LABEL, 1.0f)).getOutputScores();
        double p = scores.get("true").getScore();
        return Math.log(p / scores.get("false").getScore());
    }

    private static double sum(Map<String, Double> contributions) {
        return contributions.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
