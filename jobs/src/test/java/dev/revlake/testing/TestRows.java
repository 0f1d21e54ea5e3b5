package dev.revlake.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.lake.TableContract;
import dev.revlake.raw.Source;

/** Tiny inline DataFrames for transform tests: name the values that matter, lineage is filled in. */
public final class TestRows {

    private TestRows() {
    }

    /** Key/value pairs as a map: {@code values("event_id", "e1", "url", "https://x/")}. */
    public static Map<String, Object> values(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Bronze rows of a source; unnamed contract fields are null, lineage columns get defaults. */
    @SafeVarargs
    public static Dataset<Row> bronze(Source source, Map<String, Object>... rows) {
        TableContract table = BronzeTables.forSource(source);
        List<Map<String, Object>> filled = new ArrayList<>();
        long line = 1;
        for (Map<String, Object> r : rows) {
            Map<String, Object> m = new HashMap<>(r);
            LocalDate delivery = (LocalDate) m.getOrDefault(BronzeTables.DELIVERY_DATE, LocalDate.of(2026, 1, 5));
            m.putIfAbsent(BronzeTables.DELIVERY_DATE, delivery);
            m.putIfAbsent(BronzeTables.INGEST_DATE, delivery);
            m.putIfAbsent(BronzeTables.SOURCE_FILE, source.id() + "/dt=" + delivery + "/part-00000");
            m.putIfAbsent(BronzeTables.SOURCE_LINE, line++);
            m.putIfAbsent(BronzeTables.INGESTED_AT, Instant.parse("2026-01-06T02:00:00Z"));
            m.putIfAbsent(BronzeTables.RUN_ID, "test");
            filled.add(m);
        }
        return of(table.schema(), filled);
    }

    /** Rows of any schema from maps (missing columns are null). */
    public static Dataset<Row> of(StructType schema, List<Map<String, Object>> rows) {
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Object[] v = new Object[schema.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.get(schema.fields()[i].name());
            }
            out.add(RowFactory.create(v));
        }
        return SharedSpark.get().createDataFrame(out, schema);
    }

    /** Rows of a table contract from maps. */
    @SafeVarargs
    public static Dataset<Row> table(TableContract table, Map<String, Object>... rows) {
        return of(table.schema(), List.of(rows));
    }

    /** An instant from ISO-8601 text. */
    public static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
