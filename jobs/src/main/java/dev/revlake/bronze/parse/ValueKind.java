package dev.revlake.bronze.parse;

/** Where a scalar value came from; decides which spellings a field type accepts. */
enum ValueKind {
    /** Unquoted CSV field. */
    CSV_PLAIN,
    /** Quoted CSV field: may legitimately contain line breaks. */
    CSV_QUOTED,
    /** JSON string. */
    JSON_STRING,
    /** JSON number, as written in the file. */
    JSON_NUMBER,
    /** JSON {@code true}/{@code false}. */
    JSON_BOOLEAN;

    boolean isCsv() {
        return this == CSV_PLAIN || this == CSV_QUOTED;
    }

    boolean isText() {
        return this == CSV_PLAIN || this == CSV_QUOTED || this == JSON_STRING;
    }
}
