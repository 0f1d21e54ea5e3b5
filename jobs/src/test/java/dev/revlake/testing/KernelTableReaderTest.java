package dev.revlake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.Layer;
import dev.revlake.lake.TableContract;

class KernelTableReaderTest {

    private static final StructType SCHEMA = new StructType()
            .add("opportunity_id", DataTypes.StringType, false)
            .add("snapshot_date", DataTypes.DateType, false)
            .add("stage_changed_at", DataTypes.TimestampType, false)
            .add("amount", DataTypes.createDecimalType(18, 2), false)
            .add("is_won", DataTypes.BooleanType, false)
            .add("stage", DataTypes.StringType, true)
            .add("region", DataTypes.StringType, false);

    private static final TableContract CONTRACT = new TableContract("kernel_probe", Layer.GOLD,
            "one row per opportunity per snapshot date", SCHEMA,
            List.of("opportunity_id", "snapshot_date"), List.of("region"),
            Map.of("amount_not_negative", "amount >= 0"));

    @TempDir
    Path dir;

    @Test
    void kernelSeesTheSameRowsAsSpark() {
        SparkSession spark = SharedSpark.get();
        Lake lake = new Lake(dir.toString());
        String path = lake.path(CONTRACT);
        DeltaTables.ensure(spark, lake, CONTRACT);

        append(spark, path, List.of(
                RowFactory.create("o1", LocalDate.of(2026, 1, 31), Instant.parse("2026-01-30T23:59:59.123456Z"),
                        new BigDecimal("1250.50"), false, "Negotiation", "emea"),
                RowFactory.create("o2", LocalDate.of(1999, 12, 31), Instant.parse("1969-12-31T23:59:59.999999Z"),
                        new BigDecimal("0.00"), true, null, "amer")));
        long firstAppend = DeltaTables.version(spark, lake, CONTRACT);
        append(spark, path, List.of(
                RowFactory.create("o1", LocalDate.of(2026, 2, 1), Instant.parse("2026-02-01T08:00:00Z"),
                        new BigDecimal("9999999999999999.99"), true, "Closed Won", "emea"),
                // Same values as an earlier row except the key: a checksum must count it, not cancel it.
                RowFactory.create("o3", LocalDate.of(2026, 1, 31), Instant.parse("2026-01-30T23:59:59.123456Z"),
                        new BigDecimal("1250.50"), false, "Négociation ✓", "apac")));

        KernelTableReader.Result latest = KernelTableReader.read(path);
        Dataset<Row> sparkLatest = spark.read().format("delta").load(path);

        assertThat(latest.version()).isEqualTo(DeltaTables.version(spark, lake, CONTRACT));
        assertThat(latest.columns()).containsExactly(SCHEMA.fieldNames());
        assertThat(latest.rowCount()).isEqualTo(4L).isEqualTo(sparkLatest.count());
        assertThat(latest.contentChecksum()).isEqualTo(SparkTableChecksum.of(sparkLatest));

        // Time travel to the first append: same agreement, and a checksum that differs from latest.
        KernelTableReader.Result first = KernelTableReader.read(path, firstAppend);
        Dataset<Row> sparkFirst = spark.read().format("delta").option("versionAsOf", firstAppend).load(path);
        assertThat(first.rowCount()).isEqualTo(2L);
        assertThat(first.contentChecksum()).isEqualTo(SparkTableChecksum.of(sparkFirst))
                .isNotEqualTo(latest.contentChecksum());
    }

    @Test
    void checksumChangesWhenOneValueChanges() {
        SparkSession spark = SharedSpark.get();
        Dataset<Row> a = spark.createDataFrame(List.of(
                RowFactory.create("o1", LocalDate.of(2026, 1, 31), Instant.parse("2026-01-30T10:00:00Z"),
                        new BigDecimal("10.00"), false, null, "emea")), SCHEMA);
        Dataset<Row> b = spark.createDataFrame(List.of(
                RowFactory.create("o1", LocalDate.of(2026, 1, 31), Instant.parse("2026-01-30T10:00:00.000001Z"),
                        new BigDecimal("10.00"), false, null, "emea")), SCHEMA);

        assertThat(SparkTableChecksum.of(a)).isNotEqualTo(SparkTableChecksum.of(b));
    }

    @Test
    void missingTableIsAClearError() {
        String missing = dir.resolve("no_such_table").toString();

        assertThatThrownBy(() -> KernelTableReader.read(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No Delta table at " + missing);
    }

    private static void append(SparkSession spark, String path, List<Row> rows) {
        spark.createDataFrame(rows, SCHEMA).write().format("delta").mode("append").save(path);
    }
}
