package dev.revlake.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import scala.collection.Seq;

/**
 * A small table for people: a title, column headings and formatted cells. Money shows with
 * thousands separators and no cents, shares and probabilities with three decimals, lists joined by
 * "; ". {@link #toHtml()} escapes every cell, since cells hold CRM text.
 *
 * @param title what the table shows, one line
 * @param columns column headings
 * @param rows cells as displayed, each row as long as {@code columns}
 */
public record ReportTable(String title, List<String> columns, List<List<String>> rows) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Validates that every row has one cell per column. */
    public ReportTable {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("Invalid table title: " + title);
        }
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(String.format("Invalid row of table '%s': %d cells for %d columns",
                        title, row.size(), columns.size()));
            }
        }
    }

    /** The first {@code limit} rows of a DataFrame, headed by its column names. */
    public static ReportTable of(String title, Dataset<Row> rows, int limit) {
        List<List<String>> cells = new ArrayList<>();
        for (Row row : rows.limit(limit).collectAsList()) {
            List<String> line = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                line.add(format(row.get(i)));
            }
            cells.add(line);
        }
        return new ReportTable(title, Arrays.asList(rows.columns()), cells);
    }

    /** A cell as people read it; {@code ""} for null. */
    public static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal money) {
            return String.format(Locale.US, "%,.0f", money);
        }
        if (value instanceof Double d) {
            return d.isNaN() ? "" : String.format(Locale.US, "%.3f", d);
        }
        if (value instanceof Float f) {
            return String.format(Locale.US, "%.3f", f);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.US, "%,d", value);
        }
        if (value instanceof Instant instant) {
            return TIME.format(instant);
        }
        if (value instanceof Seq<?> seq) {
            return String.join("; ", scala.jdk.javaapi.CollectionConverters.asJava(seq).stream().map(ReportTable::format)
                    .toList());
        }
        if (value instanceof Collection<?> list) {
            return String.join("; ", list.stream().map(ReportTable::format).toList());
        }
        if (value instanceof Object[] array) {
            return String.join("; ", Arrays.stream(array).map(ReportTable::format).toList());
        }
        return value.toString();
    }

    /** Whether the table has no rows. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table as an HTML fragment: {@code display("text/html", table.toHtml())} in a notebook. */
    public String toHtml() {
        StringBuilder html = new StringBuilder(256 + rows.size() * 64);
        html.append("<table class=\"revlake\"><caption>").append(escape(title)).append("</caption><thead><tr>");
        for (String c : columns) {
            html.append("<th>").append(escape(c)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        if (rows.isEmpty()) {
            html.append("<tr><td colspan=\"").append(columns.size()).append("\">(no rows)</td></tr>");
        }
        for (List<String> row : rows) {
            html.append("<tr>");
            for (String cell : row) {
                html.append("<td>").append(escape(cell)).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** Plain text, aligned columns: for {@code System.out} in a notebook or a terminal. */
    @Override
    public String toString() {
        int[] width = new int[columns.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = columns.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder(title).append('\n');
        appendLine(text, columns, width);
        for (List<String> row : rows) {
            appendLine(text, row, width);
        }
        return text.toString();
    }

    private static void appendLine(StringBuilder text, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            text.append(c == 0 ? "" : "  ").append(String.format("%-" + Math.max(1, width[c]) + "s", cells.get(c)));
        }
        text.append('\n');
    }

    /** HTML text escaping for element content and double-quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
