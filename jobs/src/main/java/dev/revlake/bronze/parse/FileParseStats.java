package dev.revlake.bronze.parse;

import java.io.Serializable;

/**
 * Counts for one parsed file; {@code records == good + bad} always holds.
 *
 * @param records records found in the file (header excluded)
 * @param good    records that satisfied the contract
 * @param bad     records sent to quarantine
 */
public record FileParseStats(long records, long good, long bad) implements Serializable {
}
