package dev.revlake.simulate;

import java.util.Locale;

/**
 * Kinds of dirt the simulator injects into the raw zone, each listed in {@code truth/dirt.csv}.
 * {@link #expectQuarantine()} says whether bronze/silver must quarantine the record (true) or
 * accept it, possibly after normalising or de-duplicating (false).
 */
public enum DirtKind {
    /** Truncated JSON line, or a CSV row with the wrong number of fields. */
    MALFORMED(true),
    /** A required field is absent (JSON) or empty (CSV). */
    MISSING_REQUIRED(true),
    /** A field that does not parse as its contract type, e.g. {@code "amount_usd":"abc"}. */
    WRONG_TYPE(true),
    /** An identical record delivered a second time, in the same or a later {@code dt}: drop it. */
    DUPLICATE(false),
    /** A record that happened on day D delivered in the {@code dt} folder of D+1..D+3: valid. */
    LATE(false),
    /** A timestamp written with a non-UTC offset, e.g. {@code +02:00}, same instant: valid. */
    OTHER_OFFSET(false),
    /** An e-mail address in mixed case with surrounding spaces: valid, silver normalises it. */
    MESSY_EMAIL(false),
    /** An event or activity type the contract does not know, e.g. {@code page_ping}. */
    UNKNOWN_EVENT_TYPE(true),
    /** An extra JSON key the contract does not list, e.g. {@code consent_version}: valid, kept. */
    UNEXPECTED_FIELD(false);

    private final boolean expectQuarantine;

    DirtKind(boolean expectQuarantine) {
        this.expectQuarantine = expectQuarantine;
    }

    /** The name used in the manifest, e.g. {@code missing_required}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the pipeline must quarantine a record carrying this dirt. */
    public boolean expectQuarantine() {
        return expectQuarantine;
    }
}
