package dev.revlake.forecast;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One row of {@code gold_opportunity_scores}: an open deal as scored on a night, with what the
 * forecast needs.
 *
 * @param stageProbabilityPercent the CRM's stage probability; null counts as 0 in the baseline
 */
public record OpenDeal(String opportunityId, String ownerId, String segment, Integer stageProbabilityPercent,
                       BigDecimal amountUsd, LocalDate closeDate, double winProbability,
                       double closeInMonthProbability, double closeInQuarterProbability, String winModelVersion,
                       String closeDateModelVersion) {

    /** The probability of closing within the period (the month or the quarter of the score date). */
    public double closeInPeriodProbability(ForecastPeriod period) {
        return ForecastPeriod.MONTH.equals(period.type()) ? closeInMonthProbability : closeInQuarterProbability;
    }
}
