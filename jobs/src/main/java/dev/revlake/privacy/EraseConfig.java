package dev.revlake.privacy;

import java.util.Objects;

import dev.revlake.bronze.parse.EmailAddress;
import dev.revlake.lake.Lake;

/**
 * What {@link EraseJob} erases and how.
 *
 * @param lake        the lake
 * @param email       the person's e-mail address, normalized (trimmed, lower case); null when
 *                    {@code contactId} is given
 * @param contactId   the person's CRM contact or lead id; null when {@code email} is given
 * @param rawRoot     landing zone to rewrite as well, or null to leave the raw files alone
 * @param exportsRoot CRM export folder (batch folders), or null for none
 * @param retainHours VACUUM retention in hours, or null for each table's own retention (Delta's
 *                    default 168 h); below 168 the VACUUM's safety check is switched off for that call
 * @param requestId   reference of the request (a ticket number), or null
 * @param dryRun      count only: nothing is deleted, rewritten, vacuumed or recorded
 */
public record EraseConfig(Lake lake, String email, String contactId, String rawRoot, String exportsRoot,
                          Double retainHours, String requestId, boolean dryRun) {

    /** Delta's default {@code delta.deletedFileRetentionDuration}: 7 days. */
    public static final double DELTA_DEFAULT_RETAIN_HOURS = 168.0;

    public EraseConfig {
        Objects.requireNonNull(lake, "lake");
        if ((email == null) == (contactId == null)) {
            throw new IllegalArgumentException("Invalid erasure subject: give exactly one of an e-mail address or a"
                    + " contact id");
        }
        if (email != null) {
            email = EmailAddress.normalize(email);
        }
        if (contactId != null) {
            contactId = contactId.trim();
            // No echo of the value: a contact id points at a person.
            if (!contactId.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")) {
                throw new IllegalArgumentException("Invalid contact id: expected 1 to 128 letters, digits, '_', '-',"
                        + " '.' or ':'");
            }
        }
        if (retainHours != null && (retainHours.isNaN() || retainHours < 0)) {
            throw new IllegalArgumentException("Invalid retain hours: " + retainHours + " (0 or more)");
        }
        if (requestId != null && (requestId.isBlank() || requestId.length() > 200
                || requestId.chars().anyMatch(ch -> ch < 0x20))) {
            throw new IllegalArgumentException("Invalid request id: 1 to 200 printable characters");
        }
    }
}
