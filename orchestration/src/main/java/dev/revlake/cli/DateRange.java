package dev.revlake.cli;

import java.time.LocalDate;

import picocli.CommandLine.Option;

/** {@code --date D} for one day, or {@code --from D --to D} for a backfill batch. */
final class DateRange {

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The logical date (one nightly run).")
    LocalDate date;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First date of a backfill batch.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last date of a backfill batch.")
    LocalDate to;

    LocalDate first() {
        validate();
        return date != null ? date : from;
    }

    LocalDate last() {
        validate();
        return date != null ? date : to;
    }

    private void validate() {
        if (date != null && (from != null || to != null)) {
            throw new IllegalArgumentException("Give either --date or --from/--to, not both");
        }
        if (date == null && (from == null || to == null)) {
            throw new IllegalArgumentException("Missing dates: give --date, or both --from and --to");
        }
        if (date == null && to.isBefore(from)) {
            throw new IllegalArgumentException("Invalid date range: --from " + from + " is after --to " + to);
        }
    }
}
