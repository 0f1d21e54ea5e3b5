package dev.revlake.forecast;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A calendar month or quarter.
 *
 * @param type  {@value #MONTH} or {@value #QUARTER}
 * @param start first day
 * @param end   last day
 */
public record ForecastPeriod(String type, LocalDate start, LocalDate end) {

    /** Period type of a calendar month. */
    public static final String MONTH = "month";

    /** Period type of a calendar quarter. */
    public static final String QUARTER = "quarter";

    public ForecastPeriod {
        if (!MONTH.equals(type) && !QUARTER.equals(type)) {
            throw new IllegalArgumentException("Invalid period type: " + type + " (month or quarter)");
        }
        if (start == null || end == null || end.isBefore(start)) {
            throw new IllegalArgumentException("Invalid period: " + start + ".." + end);
        }
    }

    /** The calendar month of a day. */
    public static ForecastPeriod month(LocalDate day) {
        return new ForecastPeriod(MONTH, day.withDayOfMonth(1), day.with(TemporalAdjusters.lastDayOfMonth()));
    }

    /** The calendar quarter of a day. */
    public static ForecastPeriod quarter(LocalDate day) {
        LocalDate start = day.with(IsoFields.DAY_OF_QUARTER, 1);
        return new ForecastPeriod(QUARTER, start, start.plusMonths(3).minusDays(1));
    }

    /** The period of a type that starts on {@code start}. */
    public static ForecastPeriod of(String type, LocalDate start) {
        return MONTH.equals(type) ? month(start) : quarter(start);
    }

    /** Whether the day lies in the period. */
    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && !day.isAfter(end);
    }

    /** A name for people: "March 2026" or "Q1 2026". */
    public String label() {
        return MONTH.equals(type)
                ? start.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + " "
                        + start.getYear()
                : "Q" + start.get(IsoFields.QUARTER_OF_YEAR) + " " + start.getYear();
    }
}
