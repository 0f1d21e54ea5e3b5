package dev.revlake.models.features;

import java.util.Arrays;

/**
 * The feature values of one row, positionally aligned with a {@link FeatureSpec}: numbers (booleans
 * as 0/1, {@code NaN} when missing) and categorical values ({@code null} when missing). Compact on
 * purpose: a training set of a few hundred thousand rows must fit the driver.
 *
 * @param numeric one value per {@link FeatureSpec#numeric()} column
 * @param categorical one value per {@link FeatureSpec#categorical()} column
 */
public record FeatureVector(double[] numeric, String[] categorical) {

    public FeatureVector {
        if (numeric == null || categorical == null) {
            throw new IllegalArgumentException("Invalid feature vector: null value arrays");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector v && Arrays.equals(numeric, v.numeric)
                && Arrays.equals(categorical, v.categorical);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(numeric) + Arrays.hashCode(categorical);
    }

    @Override
    public String toString() {
        return "FeatureVector[" + numeric.length + " numeric, " + categorical.length + " categorical]";
    }
}
