package dev.revlake.serve;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * Converts a Spark row to JSON-ready values: column names as in the table (snake_case), dates as
 * ISO {@code YYYY-MM-DD}, timestamps as ISO-8601 UTC, arrays as lists, decimals kept exact.
 */
final class RowValues {

    private RowValues() {
    }

    /** The row as an unmodifiable ordered map. */
    static Map<String, Object> toMap(Row row) {
        StructField[] fields = row.schema().fields();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i++) {
            Object v;
            if (row.isNullAt(i)) {
                v = null;
            } else if (fields[i].dataType() instanceof ArrayType) {
                v = List.copyOf(row.<Object>getList(i));
            } else {
                v = scalar(row.get(i));
            }
            out.put(fields[i].name(), v);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object scalar(Object v) {
        // The CLI and tests enable java.time; java.sql types come from sessions that do not.
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof Instant t) {
            return t.toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        return v;
    }
}
