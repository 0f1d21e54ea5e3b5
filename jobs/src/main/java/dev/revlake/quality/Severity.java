package dev.revlake.quality;

import java.util.Locale;

/** What a failed expectation does: {@code ERROR} stops the pipeline, {@code WARN} is only recorded. */
public enum Severity {
    ERROR, WARN;

    /** The lower-case name stored in {@code ops_quality_checks.severity}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
