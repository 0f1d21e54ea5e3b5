package dev.revlake.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.silver.SilverTables;

/** Only tables whose Parquet files are the table are handed to DuckDB, and only local ones. */
class SilverFilesTest {

    @TempDir
    Path dir;

    private final SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);

    @Test
    void aTableWithLiveDeletionVectorsIsRefusedUntilTheyArePurged() {
        Lake lake = new Lake(dir.toString());
        String path = lake.path(SilverTables.EVENTS);
        spark.sql("CREATE TABLE delta.`" + path + "` (event_id STRING, contact_id STRING) USING delta"
                + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        spark.sql("INSERT INTO delta.`" + path + "` VALUES ('e1', NULL), ('e2', NULL), ('e3', NULL)");
        assertThat(SilverFiles.of(spark, lake, SilverTables.EVENTS)).isNotEmpty(); // allowed, none yet

        spark.sql("UPDATE delta.`" + path + "` SET contact_id = 'c2' WHERE event_id = 'e2'");
        assertThatThrownBy(() -> SilverFiles.of(spark, lake, SilverTables.EVENTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("silver_events has 1 files with deletion vectors");

        SilverFiles.purgeDeletionVectors(spark, lake);
        assertThat(dev.revlake.lake.DeltaTables.filesWithDeletionVectors(spark, path)).isZero();
        assertThat(SilverFiles.of(spark, lake, SilverTables.EVENTS)).isNotEmpty();
        assertThat(spark.read().format("delta").load(path).filter("contact_id = 'c2'").count()).isEqualTo(1);
    }

    @Test
    void aTableWithMappedColumnNamesIsRefused() {
        Lake lake = new Lake(dir.toString());
        spark.sql("CREATE TABLE delta.`" + lake.path(SilverTables.SESSIONS) + "` (session_id STRING) USING delta"
                + " TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.enableDeletionVectors' = 'false')");

        assertThatThrownBy(() -> SilverFiles.of(spark, lake, SilverTables.SESSIONS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("silver_sessions maps column names");
    }

    @Test
    void aMissingTableIsNamed() {
        assertThatThrownBy(() -> SilverFiles.of(spark, new Lake(dir.toString()), SilverTables.IDENTITY_MAP))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("silver_identity_map does not exist");
    }

    @Test
    void onlyLocalFilesAreAccepted() {
        assertThat(SilverFiles.localPath("file:/tmp/lake/silver/silver_events/event_date=2026-03-01/part-0.parquet"))
                .isEqualTo("/tmp/lake/silver/silver_events/event_date=2026-03-01/part-0.parquet");
        assertThat(SilverFiles.localPath("file:///tmp/a%20b/part-0.parquet")).isEqualTo("/tmp/a b/part-0.parquet");
        assertThatThrownBy(() -> SilverFiles.localPath("s3a://bucket/lake/silver/silver_events/part-0.parquet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid lake for the DuckDB comparison");
    }
}
