package dev.revlake.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;

/**
 * Reads a local Delta table with Delta Kernel only (no Spark), so tests can check what the Spark
 * jobs wrote through a second, independent Delta implementation: if the log or the data files are
 * not readable by a plain Delta reader, tests see it here.
 *
 * <p>The result carries an order-independent content checksum; {@link SparkTableChecksum} computes
 * the same checksum from a Spark {@code Dataset<Row>}. Canonical value forms (see
 * {@link Checksum}): timestamps as epoch microseconds, dates as epoch days, decimals as plain
 * strings at the column's scale, binary as Base64, maps sorted by key.
 */
public final class KernelTableReader {

    private KernelTableReader() {
    }

    /**
     * What Kernel saw in one snapshot.
     *
     * @param version         the snapshot's table version
     * @param columns         logical column names in table schema order (partition columns included)
     * @param rowCount        live rows
     * @param contentChecksum order-independent checksum of all rows, see {@link Checksum}
     */
    public record Result(long version, List<String> columns, long rowCount, String contentChecksum) {

        public Result {
            columns = List.copyOf(columns);
        }
    }

    /** Reads the latest snapshot of the table at {@code path}. */
    public static Result read(String path) {
        return read(path, -1L);
    }

    /**
     * Reads the table at {@code path} as of {@code version} ({@code -1}: latest).
     *
     * @throws IllegalArgumentException if there is no Delta table at {@code path}
     */
    public static Result read(String path, long version) {
        Engine engine = DefaultEngine.create(new Configuration());
        Snapshot snapshot;
        try {
            Table table = Table.forPath(engine, path);
            snapshot = version < 0 ? table.getLatestSnapshot(engine)
                    : table.getSnapshotAsOfVersion(engine, version);
        } catch (TableNotFoundException e) {
            throw new IllegalArgumentException("No Delta table at " + path + " (Delta Kernel: "
                    + e.getMessage() + ")", e);
        }
        StructType schema = snapshot.getSchema();
        List<String> columns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            columns.add(f.getName());
        }

        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        StructType physicalReadSchema = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
        Checksum checksum = new Checksum();
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                FilteredColumnarBatch scanFileBatch = scanFiles.next();
                try (CloseableIterator<Row> scanFileRows = scanFileBatch.getRows()) {
                    while (scanFileRows.hasNext()) {
                        readFile(engine, scanState, scanFileRows.next(), physicalReadSchema, schema, checksum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Delta Kernel failed reading " + path, e);
        }
        return new Result(snapshot.getVersion(), columns, checksum.rowCount(), checksum.value());
    }

    // InternalScanFileUtils, ScanStateRow and Utils are Kernel-internal, but they are what the
    // Kernel 4.0 USER_GUIDE's read loop uses; there is no public equivalent in 4.0.x.
    private static void readFile(Engine engine, Row scanState, Row scanFile, StructType physicalReadSchema,
                                 StructType logicalSchema, Checksum checksum) throws IOException {
        FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
        CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler().readParquetFiles(
                Utils.singletonCloseableIterator(file), physicalReadSchema, Optional.empty());
        // transformPhysicalData adds partition values, maps physical to logical names and applies
        // deletion vectors (as a selection vector).
        try (CloseableIterator<FilteredColumnarBatch> logical =
                     Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
            while (logical.hasNext()) {
                FilteredColumnarBatch batch = logical.next();
                ColumnarBatch data = batch.getData();
                Optional<ColumnVector> selection = batch.getSelectionVector();
                // Look columns up by name: the batch's column order is Kernel's business.
                ColumnVector[] vectors = new ColumnVector[logicalSchema.length()];
                for (int c = 0; c < vectors.length; c++) {
                    int ordinal = data.getSchema().indexOf(logicalSchema.at(c).getName());
                    if (ordinal < 0) {
                        throw new IllegalStateException("Kernel batch lacks column " + logicalSchema.at(c).getName());
                    }
                    vectors[c] = data.getColumnVector(ordinal);
                }
                for (int r = 0; r < data.getSize(); r++) {
                    if (selection.isPresent()
                            && (selection.get().isNullAt(r) || !selection.get().getBoolean(r))) {
                        continue;
                    }
                    List<String> values = new ArrayList<>(vectors.length);
                    for (int c = 0; c < vectors.length; c++) {
                        values.add(canonical(vectors[c], r, logicalSchema.at(c).getDataType()));
                    }
                    checksum.add(logicalSchema.fieldNames(), values);
                }
            }
        }
    }

    /** Canonical string form of one Kernel value; {@code null} for SQL NULL. */
    private static String canonical(ColumnVector v, int row, DataType type) {
        if (v.isNullAt(row)) {
            return null;
        }
        if (type instanceof BooleanType) {
            return Boolean.toString(v.getBoolean(row));
        } else if (type instanceof ByteType) {
            return Byte.toString(v.getByte(row));
        } else if (type instanceof ShortType) {
            return Short.toString(v.getShort(row));
        } else if (type instanceof IntegerType) {
            return Integer.toString(v.getInt(row));
        } else if (type instanceof LongType) {
            return Long.toString(v.getLong(row));
        } else if (type instanceof FloatType) {
            return Checksum.ofFloat(v.getFloat(row));
        } else if (type instanceof DoubleType) {
            return Checksum.ofDouble(v.getDouble(row));
        } else if (type instanceof StringType) {
            return v.getString(row);
        } else if (type instanceof BinaryType) {
            return Checksum.ofBinary(v.getBinary(row));
        } else if (type instanceof DateType) {
            return Integer.toString(v.getInt(row)); // Kernel: epoch days
        } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return Long.toString(v.getLong(row)); // Kernel: epoch micros (UTC / wall clock for NTZ)
        } else if (type instanceof DecimalType d) {
            return Checksum.ofDecimal(v.getDecimal(row), d.getScale());
        } else if (type instanceof StructType s) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < s.length(); i++) {
                parts.add(canonical(v.getChild(i), row, s.at(i).getDataType()));
            }
            return Checksum.ofStruct(s.fieldNames(), parts);
        } else if (type instanceof ArrayType a) {
            ArrayValue array = v.getArray(row);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < array.getSize(); i++) {
                parts.add(canonical(array.getElements(), i, a.getElementType()));
            }
            return Checksum.ofArray(parts);
        } else if (type instanceof MapType m) {
            MapValue map = v.getMap(row);
            List<String> keys = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < map.getSize(); i++) {
                keys.add(canonical(map.getKeys(), i, m.getKeyType()));
                values.add(canonical(map.getValues(), i, m.getValueType()));
            }
            return Checksum.ofMap(keys, values);
        }
        throw new UnsupportedOperationException("No canonical form for Kernel type " + type);
    }

    /**
     * Order-independent content checksum shared by {@link KernelTableReader} and
     * {@link SparkTableChecksum}: each row becomes one canonical string (column name and value,
     * length-prefixed so separators cannot collide), is hashed to 64 bits (first 8 bytes of
     * SHA-256), and the hashes are summed modulo 2^64. A sum, unlike XOR, keeps duplicate rows
     * visible; the sum and the row count together form the checksum.
     */
    public static final class Checksum {

        private final MessageDigest sha256;
        private long sum;
        private long rows;

        public Checksum() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Adds one row: column names and canonical values (null for SQL NULL), same order. */
        public void add(List<String> columns, List<String> values) {
            byte[] digest = sha256.digest(ofStruct(columns, values).getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xFF);
            }
            sum += h;
            rows++;
        }

        /** Rows added. */
        public long rowCount() {
            return rows;
        }

        /** {@code <rows>:<sum as 16 hex digits>}. */
        public String value() {
            return rows + ":" + String.format("%016x", sum);
        }

        static String ofStruct(List<String> names, List<String> values) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < names.size(); i++) {
                append(sb, names.get(i));
                sb.append('=');
                append(sb, values.get(i));
            }
            return sb.append('}').toString();
        }

        static String ofArray(List<String> values) {
            StringBuilder sb = new StringBuilder("[");
            values.forEach(v -> append(sb, v));
            return sb.append(']').toString();
        }

        /** Entries sorted by canonical key: map order is not content. */
        static String ofMap(List<String> keys, List<String> values) {
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                StringBuilder e = new StringBuilder();
                append(e, keys.get(i));
                append(e, values.get(i));
                entries.add(e.toString());
            }
            entries.sort(null);
            StringBuilder sb = new StringBuilder("<");
            entries.forEach(sb::append);
            return sb.append('>').toString();
        }

        static String ofDecimal(BigDecimal d, int scale) {
            // UNNECESSARY: a value that does not fit the column scale is a finding, not a rounding case.
            return d.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
        }

        static String ofFloat(float f) {
            return Float.toString(f);
        }

        static String ofDouble(double d) {
            return Double.toString(d);
        }

        static String ofBinary(byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }

        /** Null as "N", a value as "V<length>:<value>". */
        private static void append(StringBuilder sb, String v) {
            if (v == null) {
                sb.append('N');
            } else {
                sb.append('V').append(v.length()).append(':').append(v);
            }
        }
    }
}
