package dev.revlake.models.scoring;

import java.util.Arrays;

/**
 * A predicted number of days with its uncertainty.
 *
 * @param days the point estimate (about the median)
 * @param lowDays the 10th percentile (P10)
 * @param highDays the 90th percentile (P90)
 * @param decileDays the 10th, 20th, … 90th percentiles (9 non-decreasing values)
 */
public record DurationEstimate(double days, double lowDays, double highDays, double[] decileDays) {

    public DurationEstimate {
        if (decileDays.length != 9) {
            throw new IllegalArgumentException("Invalid deciles: " + decileDays.length + " values, 9 needed");
        }
        decileDays = decileDays.clone();
        for (int i = 1; i < 9; i++) {
            if (decileDays[i] < decileDays[i - 1]) {
                throw new IllegalArgumentException("Invalid deciles, not non-decreasing: "
                        + Arrays.toString(decileDays));
            }
        }
    }

    @Override
    public double[] decileDays() {
        return decileDays.clone();
    }

    /**
     * The probability that the event happens within {@code horizonDays} (0 = today), read off the
     * deciles by linear interpolation. Below the 10th percentile the probability rises linearly from
     * 0 at day 0; above the 90th it reaches 1 after another (P90 − P50) days (at least one day), a
     * deliberately simple tail: the forecast needs a monotone, bounded answer, not a fitted law.
     */
    public double probabilityWithin(double horizonDays) {
        if (Double.isNaN(horizonDays) || horizonDays < 0) {
            return 0.0;
        }
        double[] d = decileDays;
        if (horizonDays < d[0]) {
            return 0.1 * horizonDays / d[0];
        }
        if (horizonDays >= d[8]) {
            double tail = Math.max(1.0, d[8] - d[4]);
            return Math.min(1.0, 0.9 + 0.1 * (horizonDays - d[8]) / tail);
        }
        int i = 8;
        while (d[i] > horizonDays) {
            i--;
        }
        // d[i] <= horizon < d[i + 1]; ties resolve to the highest level reached.
        double span = d[i + 1] - d[i];
        return 0.1 * (i + 1) + 0.1 * (horizonDays - d[i]) / span;
    }
}
