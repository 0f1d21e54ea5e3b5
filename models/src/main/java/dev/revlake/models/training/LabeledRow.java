package dev.revlake.models.training;

import java.time.LocalDate;

import dev.revlake.models.features.FeatureVector;

/**
 * One training row: who and when it describes, its features, its label and its weight.
 *
 * @param id the entity the row describes (lead, opportunity), for reports and oracle joins
 * @param time the snapshot date; splits are by this date, never random
 * @param features the feature values
 * @param label 1 or 0 for a binary model, the target value (days) for a regression
 * @param weight how many population rows this row stands for (1 / sampling rate; at least 1)
 * @param oracle the true probability when a simulator knows it, else {@code NaN}
 */
public record LabeledRow(String id, LocalDate time, FeatureVector features, double label, double weight,
        double oracle) {

    public LabeledRow {
        if (time == null) {
            throw new IllegalArgumentException("Invalid row " + id + ": no time");
        }
        if (!Double.isFinite(label)) {
            throw new IllegalArgumentException("Invalid label of row " + id + ": " + label);
        }
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("Invalid weight of row " + id + ": " + weight);
        }
    }

    /** A row without oracle. */
    public LabeledRow(String id, LocalDate time, FeatureVector features, double label, double weight) {
        this(id, time, features, label, weight, Double.NaN);
    }

    /** True when a binary label is positive. */
    public boolean isPositive() {
        return label > 0.5;
    }
}
