package dev.revlake.bronze.parse;

import dev.revlake.raw.FieldType;
import dev.revlake.raw.RawField;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Converts one delivered scalar into the Java type of its {@link FieldType}, enforcing the contract
 * rules (required, enumerations, non-negative, ranges, lengths, control characters). Hand-written
 * scanners instead of regex or {@code java.time} parsers: this runs once per field of every record.
 */
final class FieldConverter implements Serializable {

    private static final long serialVersionUID = 1L;

    /** STRING/EMAIL values longer than this (in chars) are quarantined. */
    static final int MAX_STRING_CHARS = 8192;
    /** Oldest accepted TIMESTAMP/DATE: nothing RevLake ingests predates it. */
    static final LocalDate MIN_DATE = LocalDate.of(2000, 1, 1);
    /** DATE fields (close dates) may lie this far after the delivery date. */
    static final int MAX_DATE_DAYS_AHEAD = 3660;
    /** TIMESTAMP fields may lie up to the end of this many days after the delivery date (clock skew, time zones). */
    static final int MAX_TIMESTAMP_DAYS_AHEAD = 2;
    /** DECIMAL(18,2) leaves 16 digits before the point. */
    private static final int MAX_MONEY_INTEGER_DIGITS = 16;
    private static final int MAX_ECHO_CHARS = 40;
    /** Time parts that turn a timestamp into a date without loss. */
    private static final Set<String> MIDNIGHT_UTC = Set.of("T00:00:00Z", "T00:00:00.000Z", "T00:00:00+00:00",
            "T00:00:00.000+00:00", "T00:00Z");

    /** A contract field with what the hot path needs precomputed. */
    record Column(String name, FieldType type, boolean required, Set<String> allowed, String allowedText,
                  boolean nonNegative) implements Serializable {

        static Column of(RawField f) {
            return new Column(f.name(), f.type(), f.required(), Set.copyOf(f.allowedValues()),
                    String.join(", ", f.allowedValues()), f.nonNegative());
        }
    }

    private final long minEpochSecond;
    private final long timestampEndEpochSecond; // exclusive
    private final String timestampRange;
    private final LocalDate maxDate;
    private final String dateRange;

    FieldConverter(LocalDate deliveryDate) {
        LocalDate lastTimestampDay = deliveryDate.plusDays(MAX_TIMESTAMP_DAYS_AHEAD);
        this.minEpochSecond = MIN_DATE.toEpochDay() * 86_400L;
        this.timestampEndEpochSecond = lastTimestampDay.plusDays(1).toEpochDay() * 86_400L;
        this.timestampRange = "(" + MIN_DATE + " .. " + lastTimestampDay + ")";
        this.maxDate = deliveryDate.plusDays(MAX_DATE_DAYS_AHEAD);
        this.dateRange = "(" + MIN_DATE + " .. " + maxDate + ")";
    }

    static List<Column> columns(List<RawField> fields) {
        return fields.stream().map(Column::of).toList();
    }

    /**
     * Converts {@code text}; returns {@code null} when the value counts as absent (empty, or blank
     * for non-text types).
     */
    Object convert(Column c, String text, ValueKind kind) throws Invalid {
        if (text.isEmpty()) {
            return null;
        }
        return switch (c.type()) {
            case STRING -> string(c, text, kind);
            case EMAIL -> email(c, text, kind);
            case TIMESTAMP -> timestamp(c, trimmedText(c, text, kind));
            case DATE -> date(c, trimmedText(c, text, kind));
            case LONG -> whole(c, trimmedNumber(c, text, kind), Long.MIN_VALUE, Long.MAX_VALUE, "64-bit");
            case INT -> {
                Long v = whole(c, trimmedNumber(c, text, kind), Integer.MIN_VALUE, Integer.MAX_VALUE, "32-bit");
                yield v == null ? null : Integer.valueOf(v.intValue());
            }
            case MONEY -> money(c, trimmedNumber(c, text, kind));
            case BOOLEAN -> bool(c, text.strip(), kind);
            case IP_ADDRESS -> ipAddress(c, trimmedText(c, text, kind));
        };
    }

    /** Reason for a JSON value of the wrong shape, e.g. an object where a scalar is expected. */
    static String wrongType(Column c, String got) {
        return "field \"" + c.name() + "\": expected " + expected(c.type()) + ", got " + got;
    }

    static String missing(Column c) {
        return "missing required field \"" + c.name() + "\"";
    }

    private static String expected(FieldType t) {
        return switch (t) {
            case STRING -> "a string";
            case EMAIL -> "an e-mail address";
            case TIMESTAMP -> "an ISO-8601 timestamp";
            case DATE -> "a date YYYY-MM-DD";
            case LONG, INT -> "a whole number";
            case MONEY -> "a money amount";
            case BOOLEAN -> "true or false";
            case IP_ADDRESS -> "an IPv4 or IPv6 address";
        };
    }

    private static String string(Column c, String v, ValueKind kind) throws Invalid {
        if (!kind.isText()) {
            throw new Invalid(wrongType(c, kind == ValueKind.JSON_NUMBER ? "a number" : "a boolean"));
        }
        checkText(c, v, kind);
        if (!c.allowed().isEmpty() && !c.allowed().contains(v)) {
            throw new Invalid("field \"" + c.name() + "\": unknown value " + echo(v)
                    + " (expected one of: " + c.allowedText() + ")");
        }
        return v;
    }

    private static void checkText(Column c, String v, ValueKind kind) throws Invalid {
        int n = v.length();
        if (n > MAX_STRING_CHARS) {
            throw new Invalid("field \"" + c.name() + "\" is " + n + " characters long (limit "
                    + MAX_STRING_CHARS + ")");
        }
        boolean lineBreaksAllowed = kind == ValueKind.CSV_QUOTED;
        for (int i = 0; i < n; i++) {
            char ch = v.charAt(i);
            if ((ch < 0x20 || ch == 0x7F) && ch != '\t'
                    && !(lineBreaksAllowed && (ch == '\n' || ch == '\r'))) {
                throw new Invalid(String.format("field \"%s\" contains control character U+%04X", c.name(),
                        (int) ch));
            }
            // A JSON escape (backslash-u D800) can carry a lone surrogate that no UTF-8 file can; Spark would store it
            // as '?', silently changing the value, so it is not valid text.
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                } else {
                    throw new Invalid(String.format("field \"%s\" contains an unpaired surrogate U+%04X (not valid"
                            + " Unicode)", c.name(), (int) ch));
                }
            }
        }
    }

    private static String email(Column c, String v, ValueKind kind) throws Invalid {
        if (!kind.isText()) {
            throw new Invalid(wrongType(c, kind == ValueKind.JSON_NUMBER ? "a number" : "a boolean"));
        }
        checkText(c, v, kind);
        // Validate the trimmed form, keep the delivered one: silver owns normalization.
        int s = 0;
        int e = v.length();
        while (s < e && v.charAt(s) <= ' ') {
            s++;
        }
        while (e > s && v.charAt(e - 1) <= ' ') {
            e--;
        }
        if (s == e) {
            return null; // blank counts as absent
        }
        if (!EmailAddress.isValid(v, s, e)) {
            throw badEmail(c);
        }
        return v;
    }

    /** Stored truncated (see {@link IpAddresses}); the value is not echoed: it is personal data. */
    private static String ipAddress(Column c, String v) throws Invalid {
        if (v == null) {
            return null;
        }
        String truncated = IpAddresses.truncate(v);
        if (truncated == null) {
            throw new Invalid("field \"" + c.name() + "\": not an IPv4 or IPv6 address");
        }
        return truncated;
    }

    private static Invalid badEmail(Column c) {
        // No echo: the value is personal data.
        return new Invalid("field \"" + c.name() + "\": not a valid e-mail address (expected local@domain.tld)");
    }

    /** Non-text types tolerate padding; blank counts as absent (returns null). */
    private static String trimmedText(Column c, String v, ValueKind kind) throws Invalid {
        if (!kind.isText()) {
            throw new Invalid(wrongType(c, kind == ValueKind.JSON_NUMBER ? "a number" : "a boolean"));
        }
        String t = v.strip();
        return t.isEmpty() ? null : t;
    }

    /** Numbers may come as JSON numbers or as strings holding one. */
    private static String trimmedNumber(Column c, String v, ValueKind kind) throws Invalid {
        if (kind == ValueKind.JSON_BOOLEAN) {
            throw new Invalid(wrongType(c, "a boolean"));
        }
        String t = kind == ValueKind.JSON_NUMBER ? v : v.strip();
        return t.isEmpty() ? null : t;
    }

    private Instant timestamp(Column c, String v) throws Invalid {
        if (v == null) {
            return null;
        }
        int n = v.length();
        if (n < 16) {
            throw valueError(c, v);
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 2);
        int day = digits(v, 8, 2);
        int hour = digits(v, 11, 2);
        int minute = digits(v, 14, 2);
        char sep = v.charAt(10); // ISO-8601 only: no RFC 3339 space, no lower-case 't'/'z'
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || v.charAt(4) != '-'
                || v.charAt(7) != '-' || sep != 'T' || v.charAt(13) != ':') {
            throw valueError(c, v);
        }
        int i = 16;
        int second = 0;
        int nanos = 0;
        if (i < n && v.charAt(i) == ':') {
            second = digits(v, 17, 2);
            if (second < 0) {
                throw valueError(c, v);
            }
            i = 19;
            if (i < n && (v.charAt(i) == '.' || v.charAt(i) == ',')) {
                int start = ++i;
                while (i < n && i - start < 10 && isDigit(v.charAt(i))) {
                    nanos = nanos * 10 + (v.charAt(i) - '0');
                    i++;
                }
                int count = i - start;
                if (count == 0 || count > 9) {
                    throw valueError(c, v);
                }
                for (int k = count; k < 9; k++) {
                    nanos *= 10;
                }
            }
        }
        if (i == n) {
            throw new Invalid("field \"" + c.name() + "\": timestamp without UTC offset, got " + echo(v));
        }
        int offsetSeconds;
        char o = v.charAt(i);
        if (o == 'Z') {
            offsetSeconds = 0;
            i++;
        } else if (o == '+' || o == '-') {
            int oh = digits(v, i + 1, 2);
            int om = 0;
            i += 3;
            if (i < n) {
                if (v.charAt(i) == ':') {
                    i++;
                }
                om = digits(v, i, 2);
                i += 2;
            }
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                throw valueError(c, v);
            }
            offsetSeconds = (o == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            throw valueError(c, v);
        }
        if (i != n || hour > 23 || minute > 59 || second > 59) {
            throw valueError(c, v);
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw valueError(c, v);
        }
        long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        if (epochSecond < minEpochSecond || epochSecond >= timestampEndEpochSecond) {
            throw new Invalid("field \"" + c.name() + "\": " + echo(v) + " is out of range " + timestampRange);
        }
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private LocalDate date(Column c, String v) throws Invalid {
        if (v == null) {
            return null;
        }
        // Schema drift: a DATE that arrives as a timestamp is accepted only at exactly midnight UTC (the
        // form exporters write dates as datetimes in); any other time or offset would move or drop data.
        if (v.length() > 10 && MIDNIGHT_UTC.contains(v.substring(10))) {
            v = v.substring(0, 10);
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 2);
        int day = digits(v, 8, 2);
        if (v.length() != 10 || year < 0 || month < 0 || day < 0 || v.charAt(4) != '-' || v.charAt(7) != '-') {
            throw valueError(c, v);
        }
        LocalDate d;
        try {
            d = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw valueError(c, v);
        }
        if (d.isBefore(MIN_DATE) || d.isAfter(maxDate)) {
            throw new Invalid("field \"" + c.name() + "\": " + echo(v) + " is out of range " + dateRange);
        }
        return d;
    }

    private static Long whole(Column c, String v, long min, long max, String bits) throws Invalid {
        if (v == null) {
            return null;
        }
        int n = v.length();
        int i = v.charAt(0) == '-' ? 1 : 0;
        int dot = v.indexOf('.');
        // Schema drift: a whole number widened to a decimal (12.0) is accepted when the fraction is all
        // zeros, because nothing is lost; 12.5 or an exponent is still quarantined.
        int end = dot < 0 ? n : dot;
        if (i == end || end == n - 1) {
            throw valueError(c, v);
        }
        for (int k = i; k < n; k++) {
            char ch = v.charAt(k);
            if (k < end ? !isDigit(ch) : k > end && ch != '0') {
                throw valueError(c, v);
            }
        }
        String digits = end == n ? v : v.substring(0, end);
        long value;
        try {
            value = Long.parseLong(digits); // the shape is valid, so this only fails on overflow
        } catch (NumberFormatException e) {
            throw tooLarge(c, v, bits);
        }
        if (value < min || value > max) {
            throw tooLarge(c, v, bits);
        }
        if (c.nonNegative() && value < 0) {
            throw negative(c, v);
        }
        return value;
    }

    private static BigDecimal money(Column c, String v) throws Invalid {
        if (v == null) {
            return null;
        }
        int n = v.length();
        int i = v.charAt(0) == '-' ? 1 : 0;
        int intStart = i;
        while (i < n && isDigit(v.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        int decimals = 0;
        if (i < n && v.charAt(i) == '.') {
            int fracStart = ++i;
            while (i < n && isDigit(v.charAt(i))) {
                i++;
            }
            decimals = i - fracStart;
            if (decimals == 0) {
                throw valueError(c, v);
            }
        }
        if (intDigits == 0 || i != n) {
            throw valueError(c, v); // also rejects exponents, thousands separators, currency signs
        }
        // Schema drift: more decimals than DECIMAL(18,2) holds are accepted only when they are zeros
        // (12.500), so nothing is rounded away.
        for (int k = n - decimals + 2; k < n && decimals > 2; k++) {
            if (v.charAt(k) != '0') {
                throw new Invalid("field \"" + c.name() + "\": more than 2 decimals, got " + echo(v));
            }
        }
        int lead = intStart;
        while (lead < intStart + intDigits - 1 && v.charAt(lead) == '0') {
            lead++;
        }
        if (intStart + intDigits - lead > MAX_MONEY_INTEGER_DIGITS) {
            throw new Invalid("field \"" + c.name() + "\": money amount does not fit DECIMAL(18,2), got "
                    + echo(v));
        }
        BigDecimal amount = new BigDecimal(v).setScale(2);
        if (c.nonNegative() && amount.signum() < 0) {
            throw negative(c, v);
        }
        return amount;
    }

    private static Boolean bool(Column c, String v, ValueKind kind) throws Invalid {
        if (kind == ValueKind.JSON_NUMBER) {
            throw new Invalid(wrongType(c, "a number"));
        }
        if (v.isEmpty()) {
            return null;
        }
        // Exact spellings, as docs/raw-contract.md names them (TRUE/True are quarantined).
        if (v.equals("true") || (kind.isCsv() && v.equals("1"))) {
            return Boolean.TRUE;
        }
        if (v.equals("false") || (kind.isCsv() && v.equals("0"))) {
            return Boolean.FALSE;
        }
        throw new Invalid("field \"" + c.name() + "\": expected " + (kind.isCsv() ? "true, false, 1 or 0" : "true or false")
                + ", got " + echo(v));
    }

    private static Invalid tooLarge(Column c, String v, String bits) {
        return new Invalid("field \"" + c.name() + "\": does not fit in a " + bits + " whole number, got "
                + echo(v));
    }

    private static Invalid negative(Column c, String v) {
        return new Invalid("field \"" + c.name() + "\": must not be negative, got " + echo(v));
    }

    private static Invalid valueError(Column c, String v) {
        return new Invalid("field \"" + c.name() + "\": expected " + expected(c.type()) + ", got " + echo(v));
    }

    /** Quotes a (typed, non-personal) value for a reason: short, control characters masked. */
    static String echo(String v) {
        StringBuilder sb = new StringBuilder(Math.min(v.length(), MAX_ECHO_CHARS) + 3).append('"');
        int n = Math.min(v.length(), MAX_ECHO_CHARS);
        for (int i = 0; i < n; i++) {
            char ch = v.charAt(i);
            sb.append(ch < 0x20 || ch == 0x7F ? '?' : ch);
        }
        if (v.length() > MAX_ECHO_CHARS) {
            sb.append('…');
        }
        return sb.append('"').toString();
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /** Parses {@code len} ASCII digits at {@code from}; -1 when out of bounds or not all digits. */
    private static int digits(String v, int from, int len) {
        if (from + len > v.length()) {
            return -1;
        }
        int r = 0;
        for (int i = from; i < from + len; i++) {
            char ch = v.charAt(i);
            if (!isDigit(ch)) {
                return -1;
            }
            r = r * 10 + (ch - '0');
        }
        return r;
    }
}
