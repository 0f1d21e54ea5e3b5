package dev.revlake.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A file format the export writes, each with its own watermark: a team that adds JSON Lines later
 * gets every current row in that format once, without resending its Salesforce changes.
 */
public enum ExportFormat {

    /** Salesforce Bulk API 2.0 upsert CSV (CRLF, RFC 4180 quoting, {@code #N/A} for null). */
    SALESFORCE("salesforce", "csv"),
    /** HubSpot import CSV (property internal names in the header). */
    HUBSPOT("hubspot", "csv"),
    /** JSON Lines: one object per row with the table's snake_case columns. */
    JSONL("jsonl", "jsonl");

    private final String id;
    private final String extension;

    ExportFormat(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    /** Short name used on the command line and as the batch sub-folder. */
    public String id() {
        return id;
    }

    /** File name extension without the dot. */
    public String extension() {
        return extension;
    }

    /** The watermark target, e.g. {@code files:salesforce}. */
    public String target() {
        return "files:" + id;
    }

    /** Formats from a comma-separated list ({@code salesforce,hubspot,jsonl}), in enum order, no duplicates. */
    public static List<ExportFormat> parse(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("Invalid export formats: empty (expected salesforce, hubspot or jsonl)");
        }
        LinkedHashSet<ExportFormat> out = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            ExportFormat found = null;
            for (ExportFormat f : values()) {
                if (f.id.equals(name)) {
                    found = f;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("Invalid export format: '" + part.strip()
                        + "' (expected salesforce, hubspot or jsonl)");
            }
            out.add(found);
        }
        List<ExportFormat> sorted = new ArrayList<>(out);
        sorted.sort(null);
        return List.copyOf(sorted);
    }
}
