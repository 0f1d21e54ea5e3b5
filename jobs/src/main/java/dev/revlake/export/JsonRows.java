package dev.revlake.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A row as one JSON object: the table's column names, ISO dates and times, exact decimals, arrays. */
final class JsonRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRows() {
    }

    static String line(Row row) {
        ObjectNode o = JSON.createObjectNode();
        StructField[] fields = row.schema().fields();
        for (int i = 0; i < fields.length; i++) {
            String name = fields[i].name();
            if (row.isNullAt(i)) {
                o.putNull(name);
                continue;
            }
            Object v = row.get(i);
            if (v instanceof String s) {
                o.put(name, s);
            } else if (v instanceof Integer n) {
                o.put(name, n);
            } else if (v instanceof Long n) {
                o.put(name, n);
            } else if (v instanceof Double d) {
                o.put(name, d);
            } else if (v instanceof BigDecimal d) {
                o.put(name, d);
            } else if (v instanceof Boolean b) {
                o.put(name, b);
            } else if (v instanceof LocalDate || v instanceof Instant) {
                o.put(name, CrmObject.text(v));
            } else if (v instanceof scala.collection.Seq<?>) {
                ArrayNode a = o.putArray(name);
                List<Object> items = row.getList(i);
                items.forEach(x -> a.add(String.valueOf(x)));
            } else {
                o.put(name, String.valueOf(v));
            }
        }
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a row as JSON", e);
        }
    }
}
