package dev.revlake.bronze.fuzz;

import dev.revlake.raw.Source;

/**
 * Every variant the fuzzer writes: good records in awkward but valid shapes, malformed records, and
 * whole-file cases. Each bad kind names the reason class bronze must give it, per file format (the same
 * damage reads differently in JSON and CSV: a raw NUL byte breaks the JSON syntax but is a control
 * character in a CSV cell).
 */
public enum FuzzKind {
    // Good records.
    /** A plain valid record (unicode, quotes, commas, tabs in strings; optional fields sometimes absent). */
    GOOD(null, null),
    /** CSV: a quoted cell holding line breaks. */
    GOOD_MULTILINE(null, null, Applies.CSV),
    /** CSV: a good record right after a record with an embedded line break. */
    GOOD_AFTER_MULTILINE(null, null, Applies.CSV),
    /** Schema drift: fields/columns the contract does not name (kept in {@code _extra_fields}). */
    GOOD_EXTRA_FIELD(null, null),
    /** Schema drift: CSV columns in another order (matched by header name). */
    GOOD_REORDERED_COLUMNS(null, null, Applies.CSV),
    /** Schema drift: an optional column missing from the CSV header (lands with null). */
    GOOD_MISSING_OPTIONAL_COLUMN(null, null, Applies.CSV),
    /** A file starting with a UTF-8 byte-order mark. */
    GOOD_AFTER_BOM(null, null),
    /** A record in a file with CRLF line ends. */
    GOOD_CRLF(null, null),
    /** Schema drift: a lossless widening (INT as 12.0, MONEY as 12.500, DATE as midnight UTC). */
    GOOD_WIDENED(null, null, Applies.HAS_WIDENABLE),
    /** An exact redelivery of an earlier good record: counted as a duplicate. */
    DUPLICATE(null, null),

    // Bad records.
    /** The record cut off half-way. */
    TRUNCATED(ReasonClass.MALFORMED, ReasonClass.FIELD_COUNT),
    /** A timestamp given as an epoch number / other date format. */
    WRONG_TYPE(ReasonClass.TYPE, ReasonClass.TYPE),
    /** A string above 8192 characters. */
    HUGE_FIELD(ReasonClass.STRING_TOO_LONG, ReasonClass.STRING_TOO_LONG),
    /** A record above 1 MiB. */
    HUGE_RECORD(ReasonClass.RECORD_TOO_LONG, ReasonClass.RECORD_TOO_LONG),
    /** A control character (BEL) in a string. */
    CONTROL_CHAR(ReasonClass.CONTROL, ReasonClass.CONTROL),
    /** A raw NUL byte in a string. */
    NUL_BYTE(ReasonClass.MALFORMED, ReasonClass.CONTROL),
    /** Bytes that are not UTF-8 inside a string. */
    INVALID_UTF8(ReasonClass.INVALID_UTF8, ReasonClass.INVALID_UTF8),
    /** A timestamp/date before 2000 or after the plausible window. */
    DATE_OUT_OF_RANGE(ReasonClass.OUT_OF_RANGE, ReasonClass.OUT_OF_RANGE),
    /** Year 0000. */
    YEAR_0000(ReasonClass.OUT_OF_RANGE, ReasonClass.OUT_OF_RANGE),
    /** Year 10000 (five digits). */
    YEAR_10000(ReasonClass.TYPE, ReasonClass.TYPE),
    /** A timestamp without offset or with an impossible one (+25:00, +05:7). */
    BAD_OFFSET(ReasonClass.TYPE, ReasonClass.TYPE),
    /** A negative number in a not-negative field (amounts, minutes, counts). */
    NEGATIVE(ReasonClass.NEGATIVE, ReasonClass.NEGATIVE, Applies.HAS_NOT_NEGATIVE),
    /** A value outside the allowed set (unknown stage, event type, status...). */
    UNKNOWN_VALUE(ReasonClass.UNKNOWN_VALUE, ReasonClass.UNKNOWN_VALUE, Applies.HAS_ENUM),
    /** A required field absent (JSON) or empty (CSV). */
    MISSING_REQUIRED(ReasonClass.MISSING, ReasonClass.MISSING),
    /** An INT above 2^31 or a number above 2^63. */
    INT_OVERFLOW(ReasonClass.TOO_LARGE, ReasonClass.TOO_LARGE, Applies.HAS_INT),
    /** Money with three significant decimals. */
    MONEY_PRECISION(ReasonClass.PRECISION, ReasonClass.PRECISION, Applies.HAS_MONEY),
    /** An e-mail field that is not an address. */
    BAD_EMAIL(ReasonClass.EMAIL, ReasonClass.EMAIL, Applies.HAS_EMAIL),
    /** An empty or whitespace-only line. */
    BLANK_LINE(ReasonClass.BLANK, ReasonClass.BLANK),
    /** JSON: an array instead of an object. */
    JSON_ARRAY(ReasonClass.NOT_OBJECT, null, Applies.JSONL),
    /** JSON: a key given twice. */
    DUPLICATE_JSON_KEY(ReasonClass.DUPLICATE_KEY, null, Applies.JSONL),
    /** JSON: an unknown field nested 5000 levels deep. */
    DEEP_NESTING(ReasonClass.MALFORMED, null, Applies.JSONL),
    /** JSON: a string with an escaped lone surrogate ({@code \\ud800}), valid JSON but not valid Unicode. */
    LONE_SURROGATE(ReasonClass.INVALID_UTF8, null, Applies.JSONL),
    /** JSON: content after the closing brace. */
    TRAILING_GARBAGE(ReasonClass.MALFORMED, null, Applies.JSONL),
    /** CSV: a quote inside an unquoted cell, or text after a closing quote. */
    STRAY_QUOTE(null, ReasonClass.MALFORMED, Applies.CSV),
    /** CSV: more cells than the header. */
    EXTRA_CELLS(null, ReasonClass.FIELD_COUNT, Applies.CSV),
    /** CSV: a bad record (a required field missing) holding an embedded line break. */
    BAD_MULTILINE(null, ReasonClass.MISSING, Applies.CSV),

    // Whole files.
    /** A 0-byte file: no records. */
    EMPTY_FILE(null, null, Applies.FILE),
    /** CSV: a header and no rows. */
    HEADER_ONLY_FILE(null, null, Applies.CSV_FILE),
    /** A file of bad records only. */
    ALL_BAD_FILE(null, null, Applies.FILE),
    /** A file with the wrong extension: quarantined as a whole (line 0). */
    WRONG_EXTENSION(ReasonClass.FILE_TYPE, ReasonClass.FILE_TYPE, Applies.FILE),
    /** Schema drift: a CSV header without a required column: every record of the file quarantined. */
    MISSING_REQUIRED_COLUMN(null, ReasonClass.HEADER_MISSING_COLUMN, Applies.CSV_FILE);

    /** Where a kind can occur. */
    enum Applies { ALL, JSONL, CSV, HAS_NOT_NEGATIVE, HAS_ENUM, HAS_INT, HAS_MONEY, HAS_EMAIL, HAS_WIDENABLE, FILE, CSV_FILE }

    private final ReasonClass jsonReason;
    private final ReasonClass csvReason;
    private final Applies applies;

    FuzzKind(ReasonClass jsonReason, ReasonClass csvReason) {
        this(jsonReason, csvReason, Applies.ALL);
    }

    FuzzKind(ReasonClass jsonReason, ReasonClass csvReason, Applies applies) {
        this.jsonReason = jsonReason;
        this.csvReason = csvReason;
        this.applies = applies;
    }

    /** The reason class bronze must give a record of this kind in a file of the source, or null. */
    public ReasonClass reasonFor(Source source) {
        return source.format() == Source.Format.JSONL ? jsonReason : csvReason;
    }

    /** Whether this kind is one bad record spliced into a file (as opposed to good or whole-file kinds). */
    public boolean isBadRecord() {
        return ordinal() >= TRUNCATED.ordinal() && ordinal() < EMPTY_FILE.ordinal();
    }

    /** Whether the fuzzer can produce this kind for a source. */
    public boolean appliesTo(Source source) {
        boolean csv = source.format() == Source.Format.CSV;
        return switch (applies) {
            case ALL, FILE -> true;
            case JSONL -> !csv;
            case CSV, CSV_FILE -> csv;
            case HAS_NOT_NEGATIVE -> source.fields().stream().anyMatch(f -> f.nonNegative());
            case HAS_ENUM -> source.fields().stream().anyMatch(f -> !f.allowedValues().isEmpty());
            case HAS_INT -> source.fields().stream().anyMatch(f -> f.type() == dev.revlake.raw.FieldType.INT);
            case HAS_MONEY -> source.fields().stream().anyMatch(f -> f.type() == dev.revlake.raw.FieldType.MONEY);
            case HAS_EMAIL -> source.fields().stream().anyMatch(f -> f.type() == dev.revlake.raw.FieldType.EMAIL);
            case HAS_WIDENABLE -> source.fields().stream().anyMatch(f -> f.type() == dev.revlake.raw.FieldType.INT
                    || f.type() == dev.revlake.raw.FieldType.MONEY || f.type() == dev.revlake.raw.FieldType.DATE);
        };
    }
}
