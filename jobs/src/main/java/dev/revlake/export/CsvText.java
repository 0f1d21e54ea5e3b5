package dev.revlake.export;

import java.util.List;

/** RFC 4180 CSV lines: a field is quoted when it holds a comma, a quote, CR or LF; quotes are doubled. */
final class CsvText {

    private CsvText() {
    }

    /** One record with its line ending. */
    static String line(List<String> fields, String lineEnding) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(fields.get(i)));
        }
        return b.append(lineEnding).toString();
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
