package dev.revlake.bronze.fuzz;

import java.util.regex.Pattern;

/**
 * The kinds of quarantine reason the bronze parser gives, each recognized by a pattern on the reason
 * text. The fuzzer expects a class, not an exact text, so rewording a reason does not break it while a
 * record quarantined for the wrong problem still does.
 */
public enum ReasonClass {
    /** Not parseable as JSON / CSV at all. */
    MALFORMED("^malformed (JSON|CSV): "),
    /** A JSON line that is valid JSON but not an object. */
    NOT_OBJECT("^not a JSON object"),
    /** A CSV row with more or fewer cells than the header. */
    FIELD_COUNT("^record has \\d+ fields, header has \\d+$"),
    /** An empty or whitespace-only line. */
    BLANK("^blank line$"),
    /** A record above the 1 MiB cap. */
    RECORD_TOO_LONG("^record is \\d+ bytes long"),
    /** A string above the 8192-character cap. */
    STRING_TOO_LONG("^field \"[a-z0-9_]+\" is \\d+ characters long"),
    /** A control character in a string. */
    CONTROL("contains control character U\\+[0-9A-F]{4}$"),
    /** Bytes that are not UTF-8, or a JSON-escaped lone surrogate. */
    INVALID_UTF8("invalid UTF-8 byte sequence|contains an unpaired surrogate U\\+D[89A-F][0-9A-F]{2} \\(not valid Unicode\\)$"),
    /** A timestamp or date outside the plausible window. */
    OUT_OF_RANGE("^field \"[a-z0-9_]+\": .* is out of range \\("),
    /** A value that does not parse as its type (incl. a timestamp without offset). */
    TYPE("^field \"[a-z0-9_]+\": (expected .*, got |timestamp without UTC offset)"),
    /** An EMAIL field that is not an address. */
    EMAIL("^field \"[a-z0-9_]+\": not a valid e-mail address"),
    /** A negative number in a field marked not negative. */
    NEGATIVE("^field \"[a-z0-9_]+\": must not be negative"),
    /** A value outside the field's allowed set. */
    UNKNOWN_VALUE("^field \"[a-z0-9_]+\": unknown value "),
    /** A required field absent or empty. */
    MISSING("^missing required field \"[a-z0-9_]+\"$"),
    /** A whole number that does not fit its width, or money that does not fit DECIMAL(18,2). */
    TOO_LARGE("^field \"[a-z0-9_]+\": (does not fit in a|money amount does not fit)"),
    /** Money with more than two significant decimals. */
    PRECISION("^field \"[a-z0-9_]+\": more than 2 decimals"),
    /** A JSON key given twice. */
    DUPLICATE_KEY("^duplicate key "),
    /** A CSV file whose header lacks a required column (every record of the file). */
    HEADER_MISSING_COLUMN("^file header lacks required columns? "),
    /** A file whose extension is not the source's format (the whole file, line 0). */
    FILE_TYPE("^unexpected file type ");

    private final Pattern pattern;

    ReasonClass(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    /** Whether a quarantine reason belongs to this class. */
    public boolean matches(String reason) {
        return reason != null && pattern.matcher(reason).find();
    }
}
