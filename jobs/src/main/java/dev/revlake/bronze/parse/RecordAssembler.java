package dev.revlake.bronze.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revlake.bronze.parse.FieldConverter.Column;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects one record's values, remembers the first problem, and turns the result into a
 * {@link ParsedRecord}. One instance per file parse; reused across records (not thread-safe).
 */
final class RecordAssembler {

    /** Thread-safe once configured; shared so per-partition construction stays cheap. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Column[] columns;
    private final FieldConverter converter;
    private final boolean[] seen;
    private Object[] values;
    private TreeMap<String, Object> extras;
    private String error;
    /** Names of fields the contract does not know, over the whole file (for one drift warning each). */
    private final TreeSet<String> extraNames = new TreeSet<>();

    /** Caps the names kept per file so a file with random keys cannot flood the log. */
    static final int MAX_EXTRA_NAMES = 50;

    RecordAssembler(List<Column> columns, FieldConverter converter) {
        this.columns = columns.toArray(Column[]::new);
        this.converter = converter;
        this.seen = new boolean[this.columns.length];
    }

    void start() {
        values = new Object[columns.length];
        Arrays.fill(seen, false);
        extras = null;
        error = null;
    }

    Column column(int index) {
        return columns[index];
    }

    /** Marks a contract field as present; false when it already was (duplicate key). */
    boolean markSeen(int index) {
        if (seen[index]) {
            return false;
        }
        seen[index] = true;
        return true;
    }

    void set(int index, String text, ValueKind kind) {
        if (error != null) {
            return; // the record is already bad; only its first problem is reported
        }
        try {
            values[index] = converter.convert(columns[index], text, kind);
        } catch (Invalid e) {
            error = e.getMessage();
        }
    }

    /** Keeps a field the contract does not know; false when the name already was (duplicate key). */
    boolean extra(String name, Object value) {
        if (extras == null) {
            extras = new TreeMap<>();
        } else if (extras.containsKey(name)) {
            return false;
        }
        extras.put(name, value);
        if (extraNames.size() < MAX_EXTRA_NAMES) {
            extraNames.add(safeName(name));
        }
        return true;
    }

    /** Extra field names seen in the file so far, sorted, control characters masked, at most 64 chars each. */
    List<String> extraNames() {
        return List.copyOf(extraNames);
    }

    private static String safeName(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), 64));
        for (int i = 0; i < name.length() && i < 64; i++) {
            char ch = name.charAt(i);
            sb.append(ch < 0x20 || ch == 0x7F ? '?' : ch);
        }
        return sb.toString();
    }

    boolean hasExtra(String name) {
        return extras != null && extras.containsKey(name);
    }

    void fail(String reason) {
        if (error == null) {
            error = reason;
        }
    }

    /** Builds the outcome; the record text {@code [from, to)} is decoded only for a bad record. */
    ParsedRecord finish(long line, byte[] content, int from, int to) {
        if (error == null) {
            for (int i = 0; i < columns.length; i++) {
                if (values[i] == null && columns[i].required()) {
                    error = FieldConverter.missing(columns[i]);
                    break;
                }
            }
        }
        if (error != null) {
            return new ParsedRecord.Bad(line, RawText.of(content, from, to), error);
        }
        String extraJson = null;
        if (extras != null && !extras.isEmpty()) {
            try {
                extraJson = MAPPER.writeValueAsString(extras);
            } catch (JsonProcessingException e) {
                return new ParsedRecord.Bad(line, RawText.of(content, from, to),
                        "extra fields cannot be kept as JSON");
            }
        }
        return new ParsedRecord.Good(line, values, extraJson);
    }
}
