package dev.revlake.quality;

import java.util.Objects;

/**
 * The outcome of one expectation on one table: a row of {@code ops_quality_checks} without the
 * run's columns.
 *
 * @param tableName      the table checked
 * @param checkName      the expectation's name within the table
 * @param checkType      the expectation's kind
 * @param severity       what a failure does
 * @param status         {@link #PASSED}, {@link #FAILED}, {@link #WARNED} or {@link #SKIPPED}
 * @param observedValue  what was measured (null count, rows, rate, age in days), null when skipped
 * @param thresholdValue the limit it was held to, null when there is none
 * @param message        one line a person can read; never row contents
 */
public record CheckResult(String tableName, String checkName, String checkType, Severity severity, String status,
                          Double observedValue, Double thresholdValue, String message) {

    /** The expectation held. */
    public static final String PASSED = "passed";
    /** An error-severity expectation did not hold: the gate stops the pipeline. */
    public static final String FAILED = "failed";
    /** A warn-severity expectation did not hold: recorded only. */
    public static final String WARNED = "warned";
    /** The expectation could not be judged (no table yet, too little history). */
    public static final String SKIPPED = "skipped";

    public CheckResult {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(checkName, "checkName");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (!PASSED.equals(status) && !FAILED.equals(status) && !WARNED.equals(status) && !SKIPPED.equals(status)) {
            throw new IllegalArgumentException("Invalid check status: " + status);
        }
    }

    /** A passed result, or failed/warned by the expectation's severity when {@code ok} is false. */
    static CheckResult judged(String table, Expectation e, boolean ok, Double observed, Double threshold,
                              String message) {
        String status = ok ? PASSED : e.severity() == Severity.ERROR ? FAILED : WARNED;
        return new CheckResult(table, e.checkName(), e.checkType(), e.severity(), status, observed, threshold,
                message);
    }

    /** {@link #judged(String, Expectation, boolean, Double, Double, String)} for a count or rate. */
    static CheckResult judged(String table, Expectation e, boolean ok, double observed, double threshold,
                              String message) {
        return judged(table, e, ok, Double.valueOf(observed), Double.valueOf(threshold), message);
    }

    /** A skipped result. */
    static CheckResult skipped(String table, Expectation e, String message) {
        return new CheckResult(table, e.checkName(), e.checkType(), e.severity(), SKIPPED, null, null, message);
    }

    /** Whether this result stops the pipeline. */
    public boolean isGateFailure() {
        return FAILED.equals(status);
    }
}
