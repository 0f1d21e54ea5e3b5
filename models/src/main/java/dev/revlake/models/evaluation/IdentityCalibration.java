package dev.revlake.models.evaluation;

import java.util.Map;

/** No calibration: scores pass through unchanged. */
enum IdentityCalibration implements Calibration {
    INSTANCE;

    static final String METHOD = "none";

    @Override
    public double apply(double score) {
        return score;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of();
    }
}
