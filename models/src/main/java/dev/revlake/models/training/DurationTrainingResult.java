package dev.revlake.models.training;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.revlake.models.evaluation.RegressionMetrics;
import dev.revlake.models.scoring.DurationPredictor;

/**
 * What one training run of a duration model produced and how it measured on the newest period.
 *
 * @param predictor the champion of this run with its residual band
 * @param split the time split
 * @param test its metrics on the test part (days)
 * @param bandCoverage share of test rows inside the predicted P10–P90 band (about 0.8 when honest)
 * @param baseline the baseline on the same rows, or {@code null}
 * @param champion the current champion on the same rows, or {@code null}
 * @param promoted whether the predictor should replace the champion
 * @param decision why, in one line
 * @param details candidates, split sizes, residual quantiles, top features
 */
public record DurationTrainingResult(DurationPredictor predictor, TimeSplit split, RegressionMetrics test,
        double bandCoverage, RegressionMetrics baseline, RegressionMetrics champion, boolean promoted, String decision,
        Map<String, Object> details) {

    /** The whole result as a JSON-friendly map. */
    public Map<String, Object> toReport() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", predictor.algorithm());
        m.put("test", test.toMap());
        m.put("p10_p90_band_coverage", bandCoverage);
        m.put("baseline", baseline == null ? null : baseline.toMap());
        m.put("champion_before", champion == null ? null : champion.toMap());
        m.put("promoted", promoted);
        m.put("decision", decision);
        m.putAll(details);
        return m;
    }
}
