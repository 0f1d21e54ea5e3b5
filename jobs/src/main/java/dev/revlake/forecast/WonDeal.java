package dev.revlake.forecast;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A closed-won stage interval of an opportunity.
 *
 * @param ownerId      owner at the close (the interval's owner)
 * @param segment      segment of the account version valid at the end of the close day
 * @param amountUsd    amount when won
 * @param closeDate    the day of the first CRM snapshot showing the close (never a backdated
 *                     closed_at), as the gold jobs date closes
 * @param reopenedDate the first snapshot of the next stage interval when the deal was reopened,
 *                     else null
 */
public record WonDeal(String opportunityId, String ownerId, String segment, BigDecimal amountUsd,
                      LocalDate closeDate, LocalDate reopenedDate) {

    /**
     * Whether, as known by the end of {@code asOf}, the deal is won with its close dated in
     * [{@code start}, {@code asOf}].
     */
    public boolean isWonBetween(LocalDate start, LocalDate asOf) {
        return !closeDate.isBefore(start) && !closeDate.isAfter(asOf)
                && (reopenedDate == null || reopenedDate.isAfter(asOf));
    }
}
