package dev.revlake.forecast;

import java.time.LocalDate;
import java.util.Locale;

/**
 * How the forecasts of one closed period did overall (owner 'all' × segment 'all'), averaged
 * over the nights forecast.
 *
 * @param meanModelError      mean absolute percentage error of expected_bookings_usd (a fraction),
 *                            null when nothing was booked
 * @param meanBaselineError   same for the stage-weighted baseline
 * @param withinP10P90Share   share of nights whose P10–P90 range held the actual bookings
 */
public record AccuracySummary(ForecastPeriod period, long nights, double actualBookingsUsd,
                              Double meanModelError, Double meanBaselineError, double withinP10P90Share) {

    /** E.g. "Q1 2026: model error 12.3 % vs stage-weighted 25.0 %; actual inside P10–P90 on 80 % of nights". */
    public String describe() {
        return String.format(Locale.ROOT, "%s: model error %s vs stage-weighted %s; actual inside P10–P90 on %.0f %%"
                + " of nights", period.label(), percent(meanModelError), percent(meanBaselineError),
                withinP10P90Share * 100);
    }

    private static String percent(Double fraction) {
        return fraction == null ? "n/a (nothing booked)" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** Convenience for the period's type. */
    public String periodType() {
        return period.type();
    }

    /** Convenience for the period's first day. */
    public LocalDate periodStart() {
        return period.start();
    }
}
