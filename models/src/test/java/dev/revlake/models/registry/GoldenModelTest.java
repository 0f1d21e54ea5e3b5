package dev.revlake.models.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.revlake.models.features.FeatureVector;
import dev.revlake.models.scoring.ProbabilityPredictor;
import dev.revlake.models.training.ProbabilityModelTrainer;
import dev.revlake.models.training.ProbabilityTrainingResult;
import dev.revlake.models.training.SyntheticLeads;
import dev.revlake.models.training.TrainingSettings;

/**
 * A tiny committed model ({@code src/test/resources/golden-registry}) must keep loading and scoring
 * exactly as when it was saved: a change to the file format, the feature encoding or the
 * calibration that would silently change every stored model's scores fails here. Regenerate on
 * purpose only, with {@link #main}.
 */
class GoldenModelTest {

    static final Path REGISTRY = Path.of("src/test/resources/golden-registry");
    static final String NAME = "golden_lead_conversion";

    @Test
    void theCommittedModelScoresAndExplainsAsWhenItWasSaved() throws Exception {
        ModelRegistry registry = new ModelRegistry(new LocalModelStore(REGISTRY));
        ProbabilityPredictor model = registry.probabilityChampion(NAME).orElseThrow();
        Map<?, ?> expected = new ObjectMapper().readValue(REGISTRY.resolve("expected.json").toFile(), Map.class);
        List<?> probabilities = (List<?>) expected.get("probabilities");
        List<FeatureVector> inputs = inputs(model);
        double[] actual = model.probabilities(inputs);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).isCloseTo(((Number) probabilities.get(i)).doubleValue(),
                    org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(model.explain(inputs.get(0), 3, 1).toString()).isEqualTo(expected.get("explanation"));
    }

    @Test
    void scoringABatchGivesEachRowTheProbabilityAndTheReasonsOfScoringItAlone() {
        ProbabilityPredictor xgboost = new ModelRegistry(new LocalModelStore(REGISTRY)).probabilityChampion(NAME)
                .orElseThrow();
        // The explainer's standardized logistic regression as the classifier: a model that transforms
        // the example it is given must not change the reasons drawn from the same example.
        ProbabilityPredictor logistic = new ProbabilityPredictor("logistic", xgboost.explainer().model(),
                xgboost.spec(), xgboost.calibration(), xgboost.explainer());
        for (ProbabilityPredictor model : List.of(xgboost, logistic)) {
            assertBatchScoresEachRowAsAlone(model);
        }
    }

    private static void assertBatchScoresEachRowAsAlone(ProbabilityPredictor model) {
        List<FeatureVector> inputs = inputs(model);
        List<ProbabilityPredictor.Scored> scored = model.scoreAndExplain(inputs, 3, 2);
        assertThat(scored).hasSize(inputs.size());
        double[] probabilities = model.probabilities(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(scored.get(i).probability()).as("%s row %d", model.algorithm(), i).isEqualTo(probabilities[i]);
            assertThat(scored.get(i).explanation()).as("%s row %d", model.algorithm(), i)
                    .isEqualTo(model.explain(inputs.get(i), 3, 2));
        }
        assertThat(scored).extracting(s -> s.explanation().positive().size() + s.explanation().negative().size())
                .anyMatch(n -> n > 1);
    }

    @Test
    void theReasonsKeptAreTheStrongestOfAllTheRowsFactors() throws Exception {
        ProbabilityPredictor model = new ModelRegistry(new LocalModelStore(REGISTRY)).probabilityChampion(NAME)
                .orElseThrow();
        int mostPositive = 0;
        int mostNegative = 0;
        for (FeatureVector v : inputs(model)) {
            var all = model.explain(v, 1_000, 1_000);
            var kept = model.explain(v, 2, 2);
            assertThat(kept.positive()).isEqualTo(all.positive().subList(0, Math.min(2, all.positive().size())));
            assertThat(kept.negative()).isEqualTo(all.negative().subList(0, Math.min(2, all.negative().size())));
            mostPositive = Math.max(mostPositive, all.positive().size());
            mostNegative = Math.max(mostNegative, all.negative().size());
        }
        // Rows with more factors than are kept, each way, or the test shows nothing.
        assertThat(mostPositive).isGreaterThan(2);
        assertThat(mostNegative).isGreaterThan(2);
    }

    /** Vectors are positional: built with the loaded model's own spec, as scoring jobs do. */
    private static List<FeatureVector> inputs(ProbabilityPredictor model) {
        return SyntheticLeads.values(1, 8, 99L).stream().map(v -> model.spec().vector(v)).toList();
    }

    /** Regenerates the golden registry (run from the models folder). */
    public static void main(String[] args) throws Exception {
        ProbabilityTrainingResult r = new ProbabilityModelTrainer(new TrainingSettings(0.2, 0.2, 20, 5, 5, 42L))
                .train("golden", SyntheticLeads.rows(20, 100, 1L), SyntheticLeads.SPEC, null, Map.of(), null);
        ModelRegistry registry = new ModelRegistry(new LocalModelStore(REGISTRY));
        registry.save(NAME, "v0001", r.predictor(), Map.of("table", "synthetic"), Map.of("note", "golden test model"));
        registry.promote(NAME, "v0001", "golden");
        List<FeatureVector> inputs = inputs(r.predictor());
        Map<String, Object> expected = Map.of("probabilities", r.predictor().probabilities(inputs),
                "explanation", r.predictor().explain(inputs.get(0), 3, 1).toString());
        Files.writeString(REGISTRY.resolve("expected.json"), new ObjectMapper().writeValueAsString(expected));
    }
}
