package dev.revlake.models.training;

import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;

/**
 * What the team would use without RevLake, read from a feature column: every model is reported
 * beside it. A lead's rule-based points score, the CRM's stage probability, the CRM's close date.
 *
 * @param name e.g. {@code points_score}
 * @param column the numeric feature column holding it
 * @param divisor the column is divided by this (100 for a percentage)
 * @param isProbability true when the value already is a probability; a score that is not (points)
 *        is calibrated on the validation period before its probability metrics are taken
 * @param description one line for reports
 */
public record Baseline(String name, String column, double divisor, boolean isProbability, String description) {

    public Baseline {
        if (!(divisor > 0)) {
            throw new IllegalArgumentException("Invalid baseline divisor: " + divisor);
        }
    }

    /** The baseline's value for a row, {@code NaN} when the column is missing. */
    public double value(FeatureVector vector, FeatureSpec spec) {
        int i = spec.numericIndex(column);
        if (i < 0) {
            throw new IllegalArgumentException("Invalid baseline " + name + ": column " + column
                    + " is not a numeric feature of the model");
        }
        return vector.numeric()[i] / divisor;
    }
}
