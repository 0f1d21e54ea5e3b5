package dev.revlake.bronze.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.revlake.bronze.parse.FieldConverter.Column;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * JSON Lines: one flat object per physical line, parsed with Jackson's streaming parser straight
 * from the file bytes (no tree, no per-line String) so a bad line costs only itself.
 */
final class JsonlParser implements ParseFormat {

    private static final JsonFactory FACTORY = RecordAssembler.MAPPER.getFactory();

    private final Map<String, Integer> index;
    private final RecordAssembler record;

    JsonlParser(Map<String, Integer> index, RecordAssembler record) {
        this.index = index;
        this.record = record;
    }

    @Override
    public void parse(byte[] b, int from, Consumer<ParsedRecord> sink) {
        int n = b.length;
        int start = from;
        long line = 1;
        while (start < n) {
            int nl = Utf8.indexOfNewline(b, start, n);
            int end = nl > start && b[nl - 1] == '\r' ? nl - 1 : nl;
            ParsedRecord r;
            try {
                r = parseLine(b, start, end, line);
            } catch (RuntimeException e) {
                r = new ParsedRecord.Bad(line, RawText.of(b, start, end), ParseFormat.internalError(e));
            }
            sink.accept(r);
            line++;
            start = nl + 1; // past the '\n'; a final empty line after it is not a record
        }
    }

    private ParsedRecord parseLine(byte[] b, int from, int to, long line) {
        int len = to - from;
        if (len > MAX_RECORD_BYTES) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), ParseFormat.tooLong(len));
        }
        if (ParseFormat.isBlank(b, from, to)) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), "blank line");
        }
        int invalid = Utf8.firstInvalid(b, from, to);
        if (invalid >= 0) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), ParseFormat.invalidUtf8(invalid - from));
        }
        record.start();
        try (JsonParser p = FACTORY.createParser(b, from, len)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                return new ParsedRecord.Bad(line, RawText.of(b, from, to), "not a JSON object (got " + noun(t) + ")");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                Integer i = index.get(name);
                if (i == null) {
                    extra(p, name, t);
                } else {
                    field(p, i, t);
                }
            }
            if (p.nextToken() != null) {
                return new ParsedRecord.Bad(line, RawText.of(b, from, to),
                        "malformed JSON: unexpected content after the object");
            }
        } catch (JsonProcessingException e) {
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), malformed(e));
        } catch (IOException e) {
            // Unreachable with an in-memory source; still a record problem, never a crash.
            return new ParsedRecord.Bad(line, RawText.of(b, from, to), "malformed JSON: unreadable");
        }
        return record.finish(line, b, from, to);
    }

    private void field(JsonParser p, int i, JsonToken t) throws IOException {
        Column c = record.column(i);
        if (!record.markSeen(i)) {
            record.fail("duplicate key \"" + c.name() + "\"");
        }
        switch (t) {
            case VALUE_STRING -> record.set(i, p.getText(), ValueKind.JSON_STRING);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> record.set(i, p.getText(), ValueKind.JSON_NUMBER);
            case VALUE_TRUE -> record.set(i, "true", ValueKind.JSON_BOOLEAN);
            case VALUE_FALSE -> record.set(i, "false", ValueKind.JSON_BOOLEAN);
            case VALUE_NULL -> { } // null = absent
            default -> {
                record.fail(FieldConverter.wrongType(c, noun(t)));
                p.skipChildren();
            }
        }
    }

    private void extra(JsonParser p, String name, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            // null = absent, as for contract fields; still a duplicate if the key repeats
            if (record.hasExtra(name)) {
                record.fail("duplicate key " + FieldConverter.echo(name));
            }
            return;
        }
        if (!record.extra(name, RecordAssembler.MAPPER.readTree(p))) {
            record.fail("duplicate key " + FieldConverter.echo(name));
        }
    }

    private static String noun(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    /** Jackson's messages quote the offending input; keep only the kind of problem and where. */
    private static String malformed(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "malformed JSON: unexpected end of line (truncated record?)";
        }
        if (e instanceof StreamConstraintsException) {
            return "malformed JSON: exceeds parser limits (nesting, number or string length)";
        }
        String m = e.getOriginalMessage();
        String what;
        if (m == null) {
            what = "syntax error";
        } else if (m.startsWith("Unexpected end-of-input")) {
            return "malformed JSON: unexpected end of line (truncated record?)";
        } else if (m.startsWith("Illegal unquoted character")) {
            what = "unescaped control character in a string";
        } else if (m.startsWith("Unrecognized character escape") || m.contains("escape sequence")) {
            what = "invalid escape sequence";
        } else if (m.startsWith("Unrecognized token") || m.startsWith("Non-standard token")) {
            what = "unrecognized token";
        } else if (m.startsWith("Unexpected character")) {
            what = "unexpected character";
        } else if (m.startsWith("Invalid numeric value") || m.contains("Leading zeroes")) {
            what = "invalid number";
        } else {
            what = "syntax error";
        }
        long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        return "malformed JSON: " + what + (column > 0 ? " at column " + column : "");
    }
}
