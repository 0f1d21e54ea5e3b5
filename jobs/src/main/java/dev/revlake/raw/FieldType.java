package dev.revlake.raw;

/**
 * The type a raw field must parse as. Each maps to exactly one Spark SQL type in bronze.
 */
public enum FieldType {
    /** Free text; control characters other than tab are rejected, length capped. */
    STRING,
    /** An e-mail address as delivered (bronze keeps its case and padding; silver normalizes). */
    EMAIL,
    /** ISO-8601 instant with an explicit offset ({@code Z} or {@code +02:00}); stored as UTC. */
    TIMESTAMP,
    /** ISO-8601 calendar date {@code YYYY-MM-DD}. */
    DATE,
    /** Whole number that fits in 64 bits. */
    LONG,
    /** Whole number that fits in 32 bits. */
    INT,
    /** Money amount in US dollars, at most two decimals; stored as DECIMAL(18,2). */
    MONEY,
    /** {@code true}/{@code false} (CSV also accepts {@code 1}/{@code 0}). */
    BOOLEAN,
    /**
     * A client IP address (IPv4 or IPv6 literal); bronze stores only its network part (IPv4 /24,
     * IPv6 /48), never the full address.
     */
    IP_ADDRESS
}
