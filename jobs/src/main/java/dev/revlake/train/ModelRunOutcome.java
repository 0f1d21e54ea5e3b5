package dev.revlake.train;

import java.util.Map;

/**
 * The outcome of training one model: its {@code ops_model_runs} row and, when it trained, its
 * report.
 *
 * @param modelName the model
 * @param version the registered version, or {@code null} when training was refused
 * @param refusal why training was refused, or {@code null}
 * @param row the {@code ops_model_runs} values by column
 * @param report the full report, or {@code null} when refused
 */
public record ModelRunOutcome(String modelName, String version, String refusal, Map<String, Object> row,
        Map<String, Object> report) {

    /** True when a model was trained and registered. */
    public boolean trained() {
        return version != null;
    }

    /** True when the new version became champion. */
    public boolean promoted() {
        return Boolean.TRUE.equals(row.get("is_champion"));
    }
}
