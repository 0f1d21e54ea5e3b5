package dev.revlake.quality;

import java.util.List;
import java.util.Objects;

import dev.revlake.lake.TableContract;

/**
 * One declared expectation on a table's rows of a run date. Each kind is a small record; the
 * evaluation lives in {@link QualityCheckJob}.
 */
public sealed interface Expectation {

    /** What a failure does. */
    Severity severity();

    /** The kind, stored in {@code ops_quality_checks.check_type}, e.g. {@code not_null}. */
    String checkType();

    /** A name unique within the table, stored in {@code ops_quality_checks.check_name}. */
    String checkName();

    /** The columns may not hold nulls. */
    record NotNull(List<String> columns, Severity severity) implements Expectation {
        public NotNull {
            columns = List.copyOf(columns);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("Invalid not-null expectation: no columns");
            }
            Objects.requireNonNull(severity, "severity");
        }

        @Override
        public String checkType() {
            return "not_null";
        }

        @Override
        public String checkName() {
            return "not_null";
        }
    }

    /** No two rows share the key. */
    record UniqueKey(List<String> columns, Severity severity) implements Expectation {
        public UniqueKey {
            columns = List.copyOf(columns);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("Invalid unique-key expectation: no columns");
            }
            Objects.requireNonNull(severity, "severity");
        }

        @Override
        public String checkType() {
            return "unique_key";
        }

        @Override
        public String checkName() {
            return "unique_key(" + String.join(", ", columns) + ")";
        }
    }

    /** Non-null values of a numeric column lie in [min, max]; a null bound is open. */
    record ValueRange(String column, Double min, Double max, Severity severity) implements Expectation {
        public ValueRange {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(severity, "severity");
            if (min == null && max == null || min != null && max != null && min > max) {
                throw new IllegalArgumentException("Invalid value range for " + column + ": " + min + ".." + max);
            }
        }

        @Override
        public String checkType() {
            return "value_range";
        }

        @Override
        public String checkName() {
            return "value_range(" + column + ")";
        }
    }

    /** Every non-null value of {@code column} is a key of {@code target} ({@code targetColumn}). */
    record References(String column, TableContract target, String targetColumn, Severity severity)
            implements Expectation {
        public References {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(severity, "severity");
            if (!target.columns().contains(targetColumn)) {
                throw new IllegalArgumentException("Invalid reference: " + targetColumn + " is not in "
                        + target.name());
            }
        }

        @Override
        public String checkType() {
            return "referential_integrity";
        }

        @Override
        public String checkName() {
            return "references(" + column + " -> " + target.name() + "." + targetColumn + ")";
        }
    }

    /**
     * The latest {@code column} (a date or timestamp) among the rows of the run date and the 7 days
     * before it is at most {@code maxAgeDays} before the run date.
     */
    record Freshness(String column, int maxAgeDays, Severity severity) implements Expectation {
        public Freshness {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(severity, "severity");
            if (maxAgeDays < 0 || maxAgeDays > QualityCheckJob.HISTORY_DAYS) {
                throw new IllegalArgumentException("Invalid freshness limit: " + maxAgeDays + " days");
            }
        }

        @Override
        public String checkType() {
            return "freshness";
        }

        @Override
        public String checkName() {
            return "freshness(" + column + ")";
        }
    }

    /**
     * The run date's row count is at most {@code maxDropFraction} below the median of the 7
     * previous days' counts. Skipped when fewer than 7 previous days have rows, or when the median
     * is below {@code minMedianRows} (too few rows to tell a drop from noise).
     */
    record VolumeChange(double maxDropFraction, long minMedianRows, Severity severity) implements Expectation {
        public VolumeChange {
            Objects.requireNonNull(severity, "severity");
            if (!(maxDropFraction > 0 && maxDropFraction < 1)) {
                throw new IllegalArgumentException("Invalid volume drop limit: " + maxDropFraction);
            }
            if (minMedianRows < 1) {
                throw new IllegalArgumentException("Invalid minimum median rows: " + minMedianRows);
            }
        }

        @Override
        public String checkType() {
            return "volume_change";
        }

        @Override
        public String checkName() {
            return "volume_change";
        }
    }

    /**
     * Quarantined records of {@code source} delivered on the run date are at most {@code maxRate}
     * of all its records that day (kept plus quarantined). Passes below {@code minQuarantinedRows},
     * where a single bad record would swing the rate.
     */
    record QuarantineRate(String source, double maxRate, long minQuarantinedRows, Severity severity)
            implements Expectation {
        public QuarantineRate {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(severity, "severity");
            if (!(maxRate > 0 && maxRate < 1)) {
                throw new IllegalArgumentException("Invalid quarantine rate limit: " + maxRate);
            }
            if (minQuarantinedRows < 0) {
                throw new IllegalArgumentException("Invalid minimum quarantined rows: " + minQuarantinedRows);
            }
        }

        @Override
        public String checkType() {
            return "quarantine_rate";
        }

        @Override
        public String checkName() {
            return "quarantine_rate";
        }
    }
}
