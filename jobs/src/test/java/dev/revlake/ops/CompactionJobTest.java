package dev.revlake.ops;

import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;
import io.delta.tables.DeltaTable;

/**
 * Compaction leaves every table's rows as they were, turns a partition's small files into one,
 * drops the rows deletion vectors mark, is invisible to the change data feed, and is recorded.
 */
class CompactionJobTest {

    private final SparkSession spark = SharedSpark.get();

    @Test
    void smallFilesAndDeletionVectorsAreCompactedAwayAndTheRowsStayTheSame(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        DeltaTables.ensure(spark, lake, SilverTables.EVENTS);
        String events = lake.path(SilverTables.EVENTS);
        for (int night = 0; night < 3; night++) {
            spark.range(night * 20, night * 20 + 20).selectExpr("concat('e', id) AS event_id",
                            "DATE'2026-03-01' AS event_date", "TIMESTAMP'2026-03-01 10:00:00' AS occurred_at",
                            "'web' AS channel", "'page_view' AS event_type", "concat('cookie', id % 7) AS anonymous_id",
                            "DATE'2026-03-01' AS delivery_date")
                    .coalesce(1).write().format("delta").mode(SaveMode.Append).save(events);
        }
        // The stitch: cookie3 identified, its earlier page views get the contact (deletion vectors).
        DeltaTable.forPath(spark, events).as("t")
                .merge(spark.sql("SELECT 'cookie3' AS anonymous_id, 'c3' AS contact_id").as("s"),
                        "t.anonymous_id = s.anonymous_id AND t.contact_id IS NULL")
                .whenMatched().updateExpr(Map.of("contact_id", "s.contact_id")).execute();
        List<Row> before = sorted(spark.read().format("delta").load(events));
        assertThat(DeltaTables.filesWithDeletionVectors(spark, events)).isEqualTo(3);

        List<CompactionJob.TableCompaction> done = CompactionJob.run(spark, new CompactionJob.Config(lake,
                List.of(SilverTables.EVENTS, SilverTables.SESSIONS), false, "compact-test-1"));

        assertThat(done).hasSize(1); // silver_sessions does not exist: skipped
        CompactionJob.TableCompaction c = done.get(0);
        assertThat(c.table()).isEqualTo("silver_events");
        assertThat(c.filesBefore()).isGreaterThan(3); // three nights, and the updated rows' files
        assertThat(c.filesAfter()).isEqualTo(1);
        assertThat(c.deletionVectorFilesBefore()).isEqualTo(3);
        assertThat(c.deletionVectorFilesAfter()).isZero();
        assertThat(c.bytesRewritten()).isPositive();
        assertThat(sorted(spark.read().format("delta").load(events))).isEqualTo(before);
        assertThat(before).hasSize(60).filteredOn(r -> "c3".equals(r.getAs("contact_id"))).hasSize(9);

        Row run = DeltaTables.read(spark, lake, OpsTables.JOB_RUNS).filter("run_id = 'compact-test-1'").first();
        assertThat(run.<String>getAs("job")).isEqualTo("compact");
        assertThat(run.<String>getAs("table_name")).isEqualTo("silver_events");
        assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
        assertThat(run.<String>getAs("message")).isEqualTo("files " + c.filesBefore()
                + " -> 1, files with deletion vectors 3 -> 0, bytes rewritten " + c.bytesRewritten());
        assertThat(run.<Long>getAs("delta_version")).isEqualTo(c.deltaVersion());
    }

    @Test
    void theChangeDataFeedAndSoTheCrmExportSeeNothing(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        DeltaTables.ensure(spark, lake, ScoreTables.LEAD_SCORES);
        String path = lake.path(ScoreTables.LEAD_SCORES);
        for (String contact : List.of("c1", "c2", "c3")) {
            TestRows.table(ScoreTables.LEAD_SCORES, lead(contact)).write().format("delta").mode(SaveMode.Append)
                    .save(path);
        }
        long last = DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);

        CompactionJob.TableCompaction c = CompactionJob.run(spark, new CompactionJob.Config(lake,
                List.of(ScoreTables.LEAD_SCORES), true, "compact-test-2")).get(0);

        assertThat(c.filesBefore()).isEqualTo(3);
        assertThat(c.filesAfter()).isEqualTo(1);
        assertThat(c.deltaVersion()).isGreaterThan(last);
        Dataset<Row> changes = spark.read().format("delta").option("readChangeFeed", "true")
                .option("startingVersion", last + 1).load(path);
        assertThat(changes.count()).isZero();
        assertThat(spark.read().format("delta").load(path).count()).isEqualTo(3);
    }

    @Test
    void aConfigWithoutTablesOrRunIdIsRefused(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        assertThatThrownBy(() -> new CompactionJob.Config(lake, List.of(), false, "r1"))
                .hasMessage("Invalid compaction: no table to compact");
        assertThatThrownBy(() -> new CompactionJob.Config(lake, List.of(SilverTables.EVENTS), false, " "))
                .hasMessage("Invalid run id:  ");
    }

    private static List<Row> sorted(Dataset<Row> rows) {
        return rows.orderBy("event_id").collectAsList();
    }

    private static Map<String, Object> lead(String contact) {
        return values("score_date", LocalDate.of(2026, 3, 1), "contact_id", contact, "lead_status", "open",
                "segment", "smb", "source_channel", "paid_search", "conversion_probability", 0.4,
                "score", 40, "tier", "C", "top_reasons", List.of(), "negative_reasons", List.of(),
                "model_name", "lead_conversion", "model_version", "v1",
                "scored_at", Instant.parse("2026-03-02T02:00:00Z"), "run_id", "run-1");
    }
}
