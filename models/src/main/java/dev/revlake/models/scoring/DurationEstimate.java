package dev.revlake.models.scoring;

/**
 * A predicted number of days with its uncertainty band.
 *
 * @param days the point estimate (about the median)
 * @param lowDays the 10th percentile (P10)
 * @param highDays the 90th percentile (P90)
 */
public record DurationEstimate(double days, double lowDays, double highDays) {
}
