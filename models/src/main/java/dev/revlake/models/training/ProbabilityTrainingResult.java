package dev.revlake.models.training;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.revlake.models.evaluation.BinaryMetrics;
import dev.revlake.models.scoring.ProbabilityPredictor;

/**
 * What one training run of a binary model produced and how it measured on the held-out newest
 * period.
 *
 * @param predictor the calibrated champion of this run
 * @param split the time split
 * @param test the predictor's metrics on the test part
 * @param baseline the baseline's metrics on the same rows, or {@code null}
 * @param oracle the true probabilities' metrics on the test rows where a simulator knows them, or {@code null}
 * @param modelOnOracleRows the predictor on exactly those rows, or {@code null}
 * @param champion the current champion on the same test rows, or {@code null}
 * @param promoted whether the predictor should replace the champion
 * @param decision why, in one line
 * @param details candidates, split sizes, reliability bins, top features (for the JSON report)
 */
public record ProbabilityTrainingResult(ProbabilityPredictor predictor, TimeSplit split, BinaryMetrics test,
        BinaryMetrics baseline, BinaryMetrics oracle, BinaryMetrics modelOnOracleRows, BinaryMetrics champion,
        boolean promoted, String decision, Map<String, Object> details) {

    /** The whole result as a JSON-friendly map. */
    public Map<String, Object> toReport() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", predictor.algorithm());
        m.put("calibration", predictor.calibration().method());
        m.put("test", test.toMap());
        m.put("baseline", baseline == null ? null : baseline.toMap());
        m.put("oracle", oracle == null ? null : oracle.toMap());
        m.put("model_on_oracle_rows", modelOnOracleRows == null ? null : modelOnOracleRows.toMap());
        m.put("champion_before", champion == null ? null : champion.toMap());
        m.put("promoted", promoted);
        m.put("decision", decision);
        m.putAll(details);
        return m;
    }
}
