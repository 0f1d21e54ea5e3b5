package dev.revlake.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.revlake.raw.RawField;
import dev.revlake.raw.Source;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Independent re-implementation of the raw contract checks, used to judge the simulator's output. */
final class RawFileChecker {

    /** What is wrong (or merely unusual) about one record. */
    enum Problem { MALFORMED, MISSING_REQUIRED, WRONG_TYPE, BAD_ENUM, UNEXPECTED_FIELD, NON_UTC, MESSY_EMAIL }

    /** A parsed record: its values by field name (null when malformed) and its problems. */
    record Parsed(Map<String, String> values, Set<Problem> problems) {
        boolean valid() {
            return !problems.contains(Problem.MALFORMED) && !problems.contains(Problem.MISSING_REQUIRED)
                    && !problems.contains(Problem.WRONG_TYPE) && !problems.contains(Problem.BAD_ENUM);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawFileChecker() {
    }

    static Parsed parseJson(Source source, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception e) {
            return new Parsed(null, EnumSet.of(Problem.MALFORMED));
        }
        if (node == null || !node.isObject()) {
            return new Parsed(null, EnumSet.of(Problem.MALFORMED));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (source.field(e.getKey()).isEmpty()) {
                problems.add(Problem.UNEXPECTED_FIELD);
            }
            if (!e.getValue().isNull()) {
                values.put(e.getKey(), e.getValue().asText());
            }
        }
        check(source, values, problems);
        return new Parsed(values, problems);
    }

    static Parsed parseCsv(Source source, String line) {
        List<String> cells = splitCsv(line);
        List<RawField> fields = source.fields();
        if (cells == null || cells.size() != fields.size()) {
            return new Parsed(null, EnumSet.of(Problem.MALFORMED));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!cells.get(i).isEmpty()) {
                values.put(fields.get(i).name(), cells.get(i));
            }
        }
        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        check(source, values, problems);
        return new Parsed(values, problems);
    }

    private static void check(Source source, Map<String, String> values, Set<Problem> problems) {
        for (RawField f : source.fields()) {
            String v = values.get(f.name());
            if (v == null || v.isEmpty()) {
                if (f.required()) {
                    problems.add(Problem.MISSING_REQUIRED);
                }
                continue;
            }
            if (!f.allowedValues().isEmpty() && !f.allowedValues().contains(v)) {
                problems.add(Problem.BAD_ENUM);
            }
            try {
                switch (f.type()) {
                    case TIMESTAMP -> {
                        OffsetDateTime t = OffsetDateTime.parse(v);
                        if (!t.getOffset().equals(ZoneOffset.UTC) || !v.endsWith("Z")) {
                            problems.add(Problem.NON_UTC);
                        }
                    }
                    case DATE -> LocalDate.parse(v);
                    case INT -> check(f, Integer.parseInt(v));
                    case LONG -> check(f, Long.parseLong(v));
                    case MONEY -> {
                        BigDecimal d = new BigDecimal(v);
                        if (d.scale() > 2) {
                            throw new NumberFormatException("scale");
                        }
                        check(f, d.signum());
                    }
                    case BOOLEAN -> {
                        if (!v.equals("true") && !v.equals("false")) {
                            throw new NumberFormatException("boolean");
                        }
                    }
                    case EMAIL -> {
                        if (!v.contains("@")) {
                            throw new NumberFormatException("email");
                        }
                        if (!v.equals(v.strip().toLowerCase(Locale.ROOT))) {
                            problems.add(Problem.MESSY_EMAIL);
                        }
                    }
                    default -> { }
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                problems.add(Problem.WRONG_TYPE);
            }
        }
    }

    private static void check(RawField f, long value) {
        if (f.nonNegative() && value < 0) {
            throw new NumberFormatException("negative");
        }
    }

    /** RFC 4180 split of one physical line; null when a quote is left open. */
    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(cell.toString());
        return out;
    }
}
