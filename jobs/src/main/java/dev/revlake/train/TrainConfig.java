package dev.revlake.train;

import java.util.List;
import java.util.Set;

import dev.revlake.lake.Lake;
import dev.revlake.models.CloseDateModel;
import dev.revlake.models.LeadConversionModel;
import dev.revlake.models.ModelDefinition;
import dev.revlake.models.OpportunityWinModel;
import dev.revlake.models.training.TrainingSettings;

/**
 * What a training run does.
 *
 * @param lake the lake whose gold tables are read and whose {@code _models} folder is the registry
 * @param models definitions to train, in order
 * @param maxRows row budget of each training set on the driver ({@link TrainingSets})
 * @param settings split shares, minimum data, seeds
 * @param truthDir a simulator's truth folder, for oracle metrics; {@code null} for real data
 * @param runId the run id recorded in {@code ops_model_runs}
 */
public record TrainConfig(Lake lake, List<ModelDefinition> models, int maxRows, TrainingSettings settings,
        String truthDir, String runId) {

    /** The three RevLake models. */
    public static final List<ModelDefinition> ALL_MODELS = List.of(LeadConversionModel.DEFINITION,
            OpportunityWinModel.DEFINITION, CloseDateModel.DEFINITION);

    public TrainConfig {
        if (lake == null || models == null || models.isEmpty() || settings == null || runId == null) {
            throw new IllegalArgumentException("Invalid training config: lake, models, settings and run id are needed");
        }
        models = List.copyOf(models);
        if (maxRows < 100) {
            throw new IllegalArgumentException("Invalid max rows: " + maxRows + " (at least 100)");
        }
    }

    /** The definitions with the given names, in the given order. */
    public static List<ModelDefinition> named(List<String> names) {
        Set<String> known = Set.copyOf(ALL_MODELS.stream().map(ModelDefinition::name).toList());
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("Unknown model: " + n + " (known: " + known + ")");
            }
        }
        return names.stream().map(n -> ALL_MODELS.stream().filter(d -> d.name().equals(n)).findFirst().orElseThrow())
                .toList();
    }

    /** The registry folder of the lake. */
    public String registryRoot() {
        return lake.root() + "/_models";
    }
}
