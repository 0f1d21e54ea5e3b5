package dev.revlake.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.lake.TableContract;

/**
 * Tiny lakes for report tests: rows name the values that matter; every other non-null column gets
 * a neutral default (0, false, empty, a fixed date) so the table's constraints hold.
 */
final class ReportLakes {

    private ReportLakes() {
    }

    /** The test JVM's one Spark session. */
    static SparkSession spark() {
        return SparkSessions.getOrCreate("revlake-tests", 2);
    }

    /** Key/value pairs as a map. */
    static Map<String, Object> values(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Creates the table with its contract and appends the rows. */
    static void write(Lake lake, TableContract table, List<Map<String, Object>> rows) {
        SparkSession spark = spark();
        DeltaTables.ensure(spark, lake, table);
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            StructField[] fields = table.schema().fields();
            Object[] v = new Object[fields.length];
            for (int i = 0; i < v.length; i++) {
                Object given = r.get(fields[i].name());
                v[i] = given != null || r.containsKey(fields[i].name()) || fields[i].nullable() ? given
                        : neutral(fields[i].dataType());
                if (v[i] instanceof Number n && fields[i].dataType() instanceof DecimalType) {
                    v[i] = new BigDecimal(n.toString());
                }
            }
            out.add(RowFactory.create(v));
        }
        spark.createDataFrame(out, table.schema()).write().format("delta").mode(SaveMode.Append)
                .save(lake.path(table));
    }

    private static Object neutral(DataType type) {
        if (type instanceof DateType) {
            return LocalDate.of(2026, 1, 1);
        }
        if (type instanceof TimestampType) {
            return Instant.parse("2026-01-01T00:00:00Z");
        }
        if (type instanceof BooleanType) {
            return false;
        }
        if (type instanceof IntegerType) {
            return 0;
        }
        if (type instanceof LongType) {
            return 0L;
        }
        if (type instanceof DoubleType) {
            return 0.0;
        }
        if (type instanceof DecimalType) {
            return BigDecimal.ZERO;
        }
        if (type instanceof ArrayType) {
            return List.of();
        }
        return "x";
    }
}
