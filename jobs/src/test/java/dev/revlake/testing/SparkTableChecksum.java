package dev.revlake.testing;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import scala.jdk.javaapi.CollectionConverters;

/**
 * Computes {@link KernelTableReader}'s content checksum through Spark, so a test can assert that
 * Spark and Delta Kernel see the same rows. Column order is part of the checksum: pass the
 * Dataset in table schema order (as {@code spark.read().format("delta")} returns it).
 *
 * <p>Rows are pulled to the driver one partition at a time; meant for test-sized tables.
 */
public final class SparkTableChecksum {

    private SparkTableChecksum() {
    }

    /** The checksum of all rows of {@code data}, comparable to {@link KernelTableReader.Result#contentChecksum()}. */
    public static String of(Dataset<Row> data) {
        StructType schema = data.schema();
        List<String> names = List.of(schema.fieldNames());
        KernelTableReader.Checksum checksum = new KernelTableReader.Checksum();
        Iterator<Row> rows = data.toLocalIterator();
        while (rows.hasNext()) {
            Row row = rows.next();
            List<String> values = new ArrayList<>(names.size());
            for (int c = 0; c < names.size(); c++) {
                values.add(canonical(row.get(c), schema.fields()[c].dataType()));
            }
            checksum.add(names, values);
        }
        return checksum.value();
    }

    /** Canonical string form of one Spark external value, the same forms Kernel's side produces. */
    private static String canonical(Object v, DataType type) {
        if (v == null) {
            return null;
        }
        if (type instanceof BooleanType || type instanceof ByteType || type instanceof ShortType
                || type instanceof IntegerType || type instanceof LongType || type instanceof StringType) {
            return v.toString();
        } else if (type instanceof FloatType) {
            return KernelTableReader.Checksum.ofFloat((Float) v);
        } else if (type instanceof DoubleType) {
            return KernelTableReader.Checksum.ofDouble((Double) v);
        } else if (type instanceof BinaryType) {
            return KernelTableReader.Checksum.ofBinary((byte[]) v);
        } else if (type instanceof DateType) {
            // LocalDate with spark.sql.datetime.java8API.enabled, java.sql.Date without it.
            LocalDate d = v instanceof Date sql ? sql.toLocalDate() : (LocalDate) v;
            return Long.toString(d.toEpochDay());
        } else if (type instanceof TimestampType) {
            Instant i = v instanceof Timestamp sql ? sql.toInstant() : (Instant) v;
            return Long.toString(micros(i));
        } else if (type instanceof TimestampNTZType) {
            return Long.toString(micros(((LocalDateTime) v).toInstant(ZoneOffset.UTC)));
        } else if (type instanceof DecimalType d) {
            return KernelTableReader.Checksum.ofDecimal((BigDecimal) v, d.scale());
        } else if (type instanceof StructType s) {
            Row r = (Row) v;
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < s.fields().length; i++) {
                parts.add(canonical(r.get(i), s.fields()[i].dataType()));
            }
            return KernelTableReader.Checksum.ofStruct(List.of(s.fieldNames()), parts);
        } else if (type instanceof ArrayType a) {
            List<String> parts = new ArrayList<>();
            for (Object e : CollectionConverters.asJava((scala.collection.Seq<?>) v)) {
                parts.add(canonical(e, a.elementType()));
            }
            return KernelTableReader.Checksum.ofArray(parts);
        } else if (type instanceof MapType m) {
            List<String> keys = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Map.Entry<?, ?> e : CollectionConverters.asJava((scala.collection.Map<?, ?>) v).entrySet()) {
                keys.add(canonical(e.getKey(), m.keyType()));
                values.add(canonical(e.getValue(), m.valueType()));
            }
            return KernelTableReader.Checksum.ofMap(keys, values);
        }
        throw new UnsupportedOperationException("No canonical form for Spark type " + type);
    }

    /** Epoch microseconds, exact for the whole Instant range Spark can hold. */
    private static long micros(Instant i) {
        // getNano() is never negative, so this floors correctly before 1970 too.
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000L);
    }
}
