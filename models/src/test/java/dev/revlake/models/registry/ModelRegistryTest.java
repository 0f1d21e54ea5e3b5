package dev.revlake.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.models.features.FeatureVector;
import dev.revlake.models.scoring.ProbabilityPredictor;
import dev.revlake.models.training.LabeledRow;
import dev.revlake.models.training.ProbabilityModelTrainer;
import dev.revlake.models.training.ProbabilityTrainingResult;
import dev.revlake.models.training.SyntheticLeads;
import dev.revlake.models.training.TrainingSettings;

class ModelRegistryTest {

    @TempDir
    static Path dir;
    private static ProbabilityTrainingResult trained;
    private static List<LabeledRow> rows;

    @BeforeAll
    static void train() {
        rows = SyntheticLeads.rows(30, 200, 5L);
        trained = new ProbabilityModelTrainer(new TrainingSettings(0.2, 0.2, 50, 10, 20, 42L))
                .train("registry test", rows, SyntheticLeads.SPEC, null, Map.of(), null);
    }

    @Test
    void aSavedVersionLoadsBackScoringAndExplainingIdentically() throws Exception {
        ModelRegistry registry = new ModelRegistry(new LocalModelStore(dir.resolve("a")));
        assertThat(registry.nextVersion("lead_conversion")).isEqualTo("v0001");
        registry.save("lead_conversion", "v0001", trained.predictor(), Map.of("table", "gold_lead_features"),
                trained.toReport());
        assertThat(registry.champion("lead_conversion")).isEmpty();
        registry.promote("lead_conversion", "v0001", "first");
        assertThat(registry.nextVersion("lead_conversion")).isEqualTo("v0002");

        ProbabilityPredictor loaded = registry.probabilityChampion("lead_conversion").orElseThrow();
        List<FeatureVector> vectors = rows.stream().limit(50).map(LabeledRow::features).toList();
        assertThat(loaded.probabilities(vectors)).containsExactly(trained.predictor().probabilities(vectors));
        assertThat(loaded.explain(vectors.get(0), 3, 1)).isEqualTo(trained.predictor().explain(vectors.get(0), 3, 1));
        assertThat(loaded.algorithm()).isEqualTo(trained.predictor().algorithm());
        String provenance = Files.readString(dir.resolve("a/lead_conversion/v0001/provenance.json"));
        assertThat(provenance).contains("registry test", "tribuo-version");
        assertThat(registry.report("lead_conversion", "v0001")).containsKeys("test", "candidates", "decision");
    }

    @Test
    void refusesToOverwriteAVersionOrPromoteAnUnknownOne() {
        ModelRegistry registry = new ModelRegistry(new LocalModelStore(dir.resolve("b")));
        registry.save("m", "v0001", trained.predictor(), Map.of(), Map.of());
        assertThatThrownBy(() -> registry.save("m", "v0001", trained.predictor(), Map.of(), Map.of()))
                .hasMessageStartingWith("Model m v0001 already exists in ");
        assertThatThrownBy(() -> registry.promote("m", "v0009", "x")).hasMessage("Unknown version v0009 of model m");
        assertThatThrownBy(() -> registry.loadDuration("m", "v0001"))
                .hasMessage("Model m v0001 is a probability model, not a duration model");
    }
}
