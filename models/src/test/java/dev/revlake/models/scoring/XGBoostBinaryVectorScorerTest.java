package dev.revlake.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;
import dev.revlake.models.registry.LocalModelStore;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.models.training.Algorithms;
import dev.revlake.models.training.SyntheticLeads;

/**
 * Batches of an XGBoost champion skip Tribuo's examples; Tribuo's own prediction of each row is
 * the oracle, to the last bit, including missing numbers and categories the model never saw.
 */
class XGBoostBinaryVectorScorerTest {

    static final ProbabilityPredictor GOLDEN = new ModelRegistry(
            new LocalModelStore(Path.of("src/test/resources/golden-registry")))
            .probabilityChampion("golden_lead_conversion").orElseThrow();

    @Test
    void aBatchGetsTribuosProbabilityOfEveryRow() {
        XGBoostBinaryVectorScorer scorer = XGBoostBinaryVectorScorer
                .of(GOLDEN.model(), GOLDEN.spec(), ProbabilityPredictor.POSITIVE).orElseThrow();
        List<FeatureVector> rows = rows(GOLDEN.spec());
        double[] direct = scorer.rawProbabilities(rows);
        assertThat(direct).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            double tribuo = ProbabilityPredictor.rawProbability(GOLDEN.model()
                    .predict(GOLDEN.spec().example(rows.get(i), LabelFactory.UNKNOWN_LABEL, 1.0f)));
            assertThat(direct[i]).as("row %d", i).isEqualTo(tribuo);
        }
        assertThat(Arrays.stream(direct).distinct().count()).as("rows that differ score differently").isGreaterThan(10);
        assertThat(scorer.rawProbabilities(List.of())).isEmpty();
    }

    @Test
    void missingNumbersAndCategoriesReachTheTreesAsTribuoEncodesThem() {
        // A model whose trees split on missingness: the label is "a number or the industry is missing".
        FeatureSpec spec = SyntheticLeads.SPEC;
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("missingness",
                OffsetDateTime.parse("2026-01-01T00:00:00Z"), labels), labels);
        List<FeatureVector> rows = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (Map<String, Object> values : SyntheticLeads.values(20, 100, 11L)) {
            Map<String, Object> v = new java.util.HashMap<>(values);
            if (random.nextDouble() < 0.3) {
                v.put("industry", null);
            }
            if (random.nextDouble() < 0.3) {
                v.put("engagement_score", null);
            }
            FeatureVector vector = spec.vector(v);
            boolean positive = v.get("industry") == null || v.get("engagement_score") == null;
            data.add(spec.example(vector, positive ? ProbabilityPredictor.POSITIVE : ProbabilityPredictor.NEGATIVE, 1.0f));
            rows.add(vector);
        }
        Model<Label> model = Algorithms.classifiers(List.of(), 20, 5L).get(Algorithms.XGBOOST).train(data);
        double[] direct = XGBoostBinaryVectorScorer.of(model, spec, ProbabilityPredictor.POSITIVE).orElseThrow()
                .rawProbabilities(rows);
        double withMissing = 0;
        double complete = 0;
        for (int i = 0; i < rows.size(); i++) {
            double tribuo = ProbabilityPredictor.rawProbability(
                    model.predict(spec.example(rows.get(i), LabelFactory.UNKNOWN_LABEL, 1.0f)));
            assertThat(direct[i]).as("row %d", i).isEqualTo(tribuo);
            boolean anyMissing = rows.get(i).categorical()[spec.categorical().indexOf("industry")] == null
                    || Double.isNaN(rows.get(i).numeric()[spec.numericIndex("engagement_score")]);
            withMissing = Math.max(withMissing, anyMissing ? direct[i] : 0);
            complete = Math.max(complete, anyMissing ? 0 : direct[i]);
        }
        // The trees did learn missingness, or the comparison above would show nothing.
        assertThat(withMissing).isGreaterThan(complete + 0.3);
    }

    @Test
    void onlyATwoClassXGBoostModelTakesThisPath() {
        assertThat(XGBoostBinaryVectorScorer.of(GOLDEN.explainer().model(), GOLDEN.spec(), ProbabilityPredictor.POSITIVE))
                .as("the logistic explainer model").isEmpty();
        assertThat(XGBoostBinaryVectorScorer.of(GOLDEN.model(), GOLDEN.spec(), new Label("maybe")))
                .as("a class the model does not know").isEmpty();
    }

    @Test
    void aVectorOfAnotherShapeIsRefused() {
        XGBoostBinaryVectorScorer scorer = XGBoostBinaryVectorScorer
                .of(GOLDEN.model(), GOLDEN.spec(), ProbabilityPredictor.POSITIVE).orElseThrow();
        assertThatThrownBy(() -> scorer.rawProbabilities(List.of(new FeatureVector(new double[2], new String[0]))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid feature vector: 2 numeric");
    }

    /** Synthetic rows, plus copies with numbers missing and categories null or never trained on. */
    static List<FeatureVector> rows(FeatureSpec spec) {
        List<FeatureVector> rows = new ArrayList<>();
        for (Map<String, Object> values : SyntheticLeads.values(2, 10, 7L)) {
            FeatureVector v = spec.vector(values);
            rows.add(v);
            double[] missing = v.numeric().clone();
            Arrays.fill(missing, 0, missing.length / 2, Double.NaN);
            String[] unseen = v.categorical().clone();
            for (int c = 0; c < unseen.length; c += 2) {
                unseen[c] = c % 4 == 0 ? "never-seen-" + c : null;
            }
            rows.add(new FeatureVector(missing, unseen));
        }
        return rows;
    }
}
