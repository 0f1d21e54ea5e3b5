package dev.revlake.bronze.parse;

import dev.revlake.bronze.parse.FieldConverter.Column;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * RFC 4180 CSV with a header row, scanned byte by byte. Splitting on bytes is safe for UTF-8 because
 * the delimiters ({@code , " \r \n}) never occur inside a multi-byte sequence; each record is
 * validated as UTF-8 on its own so one bad record cannot spoil the others.
 */
final class CsvParser implements ParseFormat {

    private static final byte QUOTED = 1;
    private static final byte ESCAPED_QUOTES = 2;

    private final Map<String, Integer> index;
    private final List<Column> columns;
    private final RecordAssembler record;

    // Scan results of the current record, reused across records.
    private int fieldCount;
    private int[] fieldStart = new int[32];
    private int[] fieldEnd = new int[32];
    private byte[] fieldFlags = new byte[32];
    private int recordEnd;   // exclusive, line terminator excluded
    private int next;        // where the following record starts
    private int lineBreaks;  // '\n' consumed, terminator included
    private String malformed;

    // Header: for each column, the contract index or -1 for an extra column.
    private int[] target;
    private String[] headerNames;
    private String headerError;

    CsvParser(Map<String, Integer> index, List<Column> columns, RecordAssembler record) {
        this.index = index;
        this.columns = columns;
        this.record = record;
    }

    @Override
    public void parse(byte[] b, int from, Consumer<ParsedRecord> sink) {
        if (from >= b.length) {
            return; // empty file: no header, no records
        }
        scan(b, from);
        long line = 1 + lineBreaks;
        readHeader(b, from);
        int start = next;
        while (start < b.length) {
            scan(b, start);
            ParsedRecord r;
            try {
                r = record(b, start, line);
            } catch (RuntimeException e) {
                r = new ParsedRecord.Bad(line, RawText.of(b, start, recordEnd), ParseFormat.internalError(e));
            }
            sink.accept(r);
            line += lineBreaks;
            start = next;
        }
    }

    private void readHeader(byte[] b, int from) {
        int invalid = Utf8.firstInvalid(b, from, recordEnd);
        if (recordEnd - from > MAX_RECORD_BYTES) {
            headerError = "file header is " + (recordEnd - from) + " bytes long (limit " + MAX_RECORD_BYTES + ")";
            return;
        }
        if (malformed != null) {
            headerError = "file header is not valid CSV: " + malformed;
            return;
        }
        if (invalid >= 0) {
            headerError = "file header has an " + ParseFormat.invalidUtf8(invalid - from);
            return;
        }
        target = new int[fieldCount];
        headerNames = new String[fieldCount];
        Set<String> names = new HashSet<>();
        for (int j = 0; j < fieldCount; j++) {
            String name = text(b, j).strip();
            if (!names.add(name)) {
                headerError = "file header has duplicate column " + FieldConverter.echo(name);
                return;
            }
            headerNames[j] = name;
            Integer i = index.get(name);
            target[j] = i == null ? -1 : i;
        }
        List<String> missing = new ArrayList<>();
        for (Column c : columns) {
            if (c.required() && !names.contains(c.name())) {
                missing.add('"' + c.name() + '"');
            }
        }
        if (missing.size() == 1) {
            headerError = "file header lacks required column " + missing.get(0);
        } else if (!missing.isEmpty()) {
            headerError = "file header lacks required columns " + String.join(", ", missing);
        }
    }

    private ParsedRecord record(byte[] b, int from, long line) {
        int to = recordEnd;
        int len = to - from;
        if (len > MAX_RECORD_BYTES) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), ParseFormat.tooLong(len));
        }
        if (headerError != null) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), headerError);
        }
        if (lineBreaks <= 1 && ParseFormat.isBlank(b, from, to)) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), "blank line");
        }
        int invalid = Utf8.firstInvalid(b, from, to);
        if (invalid >= 0) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), ParseFormat.invalidUtf8(invalid - from));
        }
        if (malformed != null) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), "malformed CSV: " + malformed);
        }
        if (fieldCount != target.length) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to),
                    "record has " + fieldCount + " fields, header has " + target.length);
        }
        record.start();
        for (int j = 0; j < fieldCount; j++) {
            if (fieldStart[j] == fieldEnd[j]) {
                continue; // empty = absent
            }
            String value = text(b, j);
            int i = target[j];
            if (i < 0) {
                record.extra(headerNames[j], value);
            } else {
                record.markSeen(i);
                record.set(i, value, (fieldFlags[j] & QUOTED) != 0 ? ValueKind.CSV_QUOTED : ValueKind.CSV_PLAIN);
            }
        }
        return record.finish(line, b, from, to);
    }

    private String text(byte[] b, int j) {
        String s = new String(b, fieldStart[j], fieldEnd[j] - fieldStart[j], StandardCharsets.UTF_8);
        return (fieldFlags[j] & ESCAPED_QUOTES) != 0 ? s.replace("\"\"", "\"") : s;
    }

    /**
     * Scans one record starting at {@code pos}: fills the field table, {@link #recordEnd},
     * {@link #next}, {@link #lineBreaks} and {@link #malformed} (first problem, or null).
     */
    private void scan(byte[] b, int pos) {
        int n = b.length;
        int i = pos;
        fieldCount = 0;
        lineBreaks = 0;
        malformed = null;
        while (true) {
            int field = fieldCount + 1;
            if (i < n && b[i] == '"') {
                int s = ++i;
                byte flags = QUOTED;
                while (true) {
                    if (i >= n) {
                        // Unterminated: the record runs to the end of the file.
                        addField(s, n, flags);
                        malformed = "unterminated quoted field " + field;
                        recordEnd = n;
                        next = n;
                        return;
                    }
                    byte c = b[i];
                    if (c == '"') {
                        if (i + 1 < n && b[i + 1] == '"') {
                            flags |= ESCAPED_QUOTES;
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        lineBreaks++;
                    }
                    i++;
                }
                addField(s, i, flags);
                i++; // closing quote
                if (!atDelimiter(b, i) && malformed == null) {
                    malformed = "unexpected character after the closing quote of field " + field;
                }
                i = skipToDelimiter(b, i);
            } else {
                int s = i;
                while (i < n) {
                    byte c = b[i];
                    if (c == ',' || c == '\n' || (c == '\r' && (i + 1 == n || b[i + 1] == '\n'))) {
                        break;
                    }
                    if (c == '"' && malformed == null) {
                        malformed = "quote inside unquoted field " + field;
                    }
                    i++;
                }
                addField(s, i, (byte) 0);
            }
            if (i < n && b[i] == ',') {
                i++;
                continue;
            }
            recordEnd = i;
            if (i < n && b[i] == '\r') {
                i++;
            }
            if (i < n) { // '\n'
                lineBreaks++;
                i++;
            }
            next = i;
            return;
        }
    }

    private static boolean atDelimiter(byte[] b, int i) {
        return i >= b.length || b[i] == ',' || b[i] == '\n' || (b[i] == '\r' && (i + 1 == b.length || b[i + 1] == '\n'));
    }

    private static int skipToDelimiter(byte[] b, int i) {
        while (!atDelimiter(b, i)) {
            i++;
        }
        return i;
    }

    private void addField(int start, int end, byte flags) {
        if (fieldCount == fieldStart.length) {
            int size = fieldCount * 2;
            fieldStart = Arrays.copyOf(fieldStart, size);
            fieldEnd = Arrays.copyOf(fieldEnd, size);
            fieldFlags = Arrays.copyOf(fieldFlags, size);
        }
        fieldStart[fieldCount] = start;
        fieldEnd[fieldCount] = end;
        fieldFlags[fieldCount] = flags;
        fieldCount++;
    }
}
