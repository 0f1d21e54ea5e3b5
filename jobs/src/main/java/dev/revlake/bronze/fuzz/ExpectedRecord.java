package dev.revlake.bronze.fuzz;

import dev.revlake.raw.Source;
import java.util.List;
import java.util.Objects;

/**
 * What must happen to one fuzzed record (or, for a file of the wrong type, to the whole file).
 *
 * @param source      the source whose folder holds the file
 * @param file        path relative to the raw root, as bronze lineage stores it
 * @param line        1-based line where the record starts; 0 for a whole-file entry
 * @param key         the record key (key fields joined with {@code |}) for landed and duplicate records, else null
 * @param outcome     what must happen
 * @param reasonClass the expected class of quarantine reason, null unless quarantined
 * @param kind        which malformation (or good variant) the record carries
 * @param values      expected typed values, one per contract field, for a landed record; else null
 * @param hasExtra    whether the landed row must keep fields in {@code _extra_fields}
 * @param secrets     personal values of the record that must not appear in a quarantine reason
 */
public record ExpectedRecord(Source source, String file, long line, String key, Outcome outcome,
                             ReasonClass reasonClass, FuzzKind kind, Object[] values, boolean hasExtra,
                             List<String> secrets) {

    /** What bronze must do with a record. */
    public enum Outcome {
        /** One row in the source's bronze table. */
        LANDED,
        /** One row in {@code bronze_quarantine}. */
        QUARANTINED,
        /** Same key as an earlier record: counted as a duplicate, no row. */
        DUPLICATE
    }

    public ExpectedRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(kind, "kind");
        if ((outcome == Outcome.QUARANTINED) != (reasonClass != null)) {
            throw new IllegalArgumentException("Invalid expectation: a reason class goes with quarantined records only");
        }
        secrets = List.copyOf(secrets);
    }

    /** Where the record is, for messages: file and line, never its content. */
    public String where() {
        return file + ":" + line;
    }
}
