package dev.revlake.lake;

import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.raw.Source;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;

/**
 * Table creation from a contract: one commit that holds the CHECK constraints, giving the very
 * table (properties, protocol, table features, schema) that creating it and then adding each
 * constraint with {@code ALTER TABLE ... ADD CONSTRAINT} gives, and enforcing the constraints.
 */
class DeltaTablesTest {

    private final SparkSession spark = SharedSpark.get();

    @Test
    void aTableIsCreatedInOneCommitAndEqualsOneWhoseConstraintsWereAddedByAlterTable(@TempDir Path dir) {
        Lake lake = new Lake(dir.resolve("lake").toString());
        // An IN list (whose text ADD CONSTRAINT re-spaces), a partitioned table, and one with the
        // change data feed (a higher writer protocol).
        for (TableContract contract : List.of(BronzeTables.forSource(Source.CRM_OPPORTUNITIES),
                ScoreTables.LEAD_SCORES)) {
            assertThat(contract.constraints()).hasSizeGreaterThanOrEqualTo(2);
            DeltaTables.ensure(spark, lake, contract);
            String created = lake.path(contract);
            String altered = dir.resolve("altered").resolve(contract.name()).toString();
            createTheOldWay(contract, altered);

            assertThat(DeltaTable.forPath(spark, created).history().select("operation").collectAsList())
                    .extracting(r -> r.getString(0)).containsExactly("CREATE TABLE");
            assertThat(properties(created)).as(contract.name()).isEqualTo(properties(altered))
                    .containsKeys(contract.constraints().keySet().stream().map(n -> "delta.constraints." + n)
                            .toArray(String[]::new));
            assertThat(detail(created)).as(contract.name()).isEqualTo(detail(altered));
            assertThat(spark.read().format("delta").load(created).schema())
                    .isEqualTo(spark.read().format("delta").load(altered).schema());
        }
    }

    @Test
    void aRowBreakingAConstraintIsRefusedAndTheTableKeepsItsRows(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        DeltaTables.ensure(spark, lake, ScoreTables.LEAD_SCORES);
        String path = lake.path(ScoreTables.LEAD_SCORES);
        TestRows.table(ScoreTables.LEAD_SCORES, lead("c1", 40, 0.4)).write().format("delta").mode(SaveMode.Append)
                .save(path);

        assertThatThrownBy(() -> TestRows.table(ScoreTables.LEAD_SCORES, lead("c2", 140, 0.4)).write()
                .format("delta").mode(SaveMode.Append).save(path))
                .hasStackTraceContaining("CHECK constraint score_in_range");
        assertThatThrownBy(() -> TestRows.table(ScoreTables.LEAD_SCORES, lead("c3", 40, 1.4)).write()
                .format("delta").mode(SaveMode.Append).save(path))
                .hasStackTraceContaining("CHECK constraint probability_in_range");
        assertThat(spark.read().format("delta").load(path).select("contact_id").collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("c1");
    }

    @Test
    void aContractWhoseConstraintDoesNotResolveIsRefusedBeforeAnyTableIsWritten(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        TableContract unknownColumn = new TableContract("bad_constraint", Layer.GOLD, "one row per test",
                new org.apache.spark.sql.types.StructType().add("amount", "int", false), List.of("amount"),
                List.of(), Map.of("amount_positive", "amount_usd > 0"));
        TableContract notBoolean = new TableContract("bad_constraint", Layer.GOLD, "one row per test",
                new org.apache.spark.sql.types.StructType().add("amount", "int", false), List.of("amount"),
                List.of(), Map.of("amount_positive", "amount + 1"));

        assertThatThrownBy(() -> DeltaTables.ensure(spark, lake, unknownColumn))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount_positive");
        assertThatThrownBy(() -> DeltaTables.ensure(spark, lake, notBoolean))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a boolean expression");
        assertThat(Files.exists(Path.of(lake.path(unknownColumn)))).isFalse();
    }

    @Test
    void theStitchedSilverTablesUseDeletionVectorsSoAnUpdateWritesTheRowNotTheWholeFile(@TempDir Path dir) {
        Lake lake = new Lake(dir.resolve("lake").toString());
        DeltaTables.ensure(spark, lake, SilverTables.EVENTS);
        DeltaTables.ensure(spark, lake, SilverTables.IDENTITY_MAP);
        assertThat(properties(lake.path(SilverTables.EVENTS))).containsEntry("delta.enableDeletionVectors", "true");
        assertThat(properties(lake.path(SilverTables.IDENTITY_MAP)))
                .containsEntry("delta.enableDeletionVectors", "false");

        // A table created by an older release (without them) gets them on its next ensure, once.
        Lake oldLake = new Lake(dir.resolve("old").toString());
        String old = oldLake.path(SilverTables.SESSIONS);
        DeltaTable.createIfNotExists(spark).location(old).property("delta.enableDeletionVectors", "false")
                .addColumns(SilverTables.SESSIONS.schema()).partitionedBy("session_date").execute();
        DeltaTables.ensure(spark, oldLake, SilverTables.SESSIONS);
        DeltaTables.ensure(spark, oldLake, SilverTables.SESSIONS);
        assertThat(properties(old)).containsEntry("delta.enableDeletionVectors", "true");
        assertThat(DeltaTable.forPath(spark, old).history().select("operation").collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("SET TBLPROPERTIES", "CREATE TABLE");

        // One row of a 50-row file updated: the MERGE marks it in a deletion vector and copies nothing.
        String events = lake.path(SilverTables.EVENTS);
        spark.range(50).selectExpr("concat('e', id) AS event_id", "DATE'2026-03-01' AS event_date",
                        "TIMESTAMP'2026-03-01 10:00:00' AS occurred_at", "'web' AS channel", "'page_view' AS event_type",
                        "concat('cookie', id) AS anonymous_id", "DATE'2026-03-01' AS delivery_date")
                .coalesce(1).write().format("delta").mode(SaveMode.Append).option("mergeSchema", "false")
                .save(events);
        DeltaTable.forPath(spark, events).as("t")
                .merge(spark.sql("SELECT 'cookie7' AS anonymous_id, 'c7' AS contact_id").as("s"),
                        "t.anonymous_id = s.anonymous_id AND t.contact_id IS NULL")
                .whenMatched().updateExpr(Map.of("contact_id", "s.contact_id")).execute();
        Map<String, String> metrics = DeltaTable.forPath(spark, events).history(1).first()
                .getJavaMap(DeltaTable.forPath(spark, events).history(1).schema().fieldIndex("operationMetrics"));
        assertThat(metrics).containsEntry("numTargetRowsUpdated", "1").containsEntry("numTargetRowsCopied", "0")
                .containsEntry("numTargetDeletionVectorsAdded", "1");
        assertThat(spark.read().format("delta").load(events).filter("contact_id = 'c7'").count()).isEqualTo(1);
        assertThat(spark.read().format("delta").load(events).count()).isEqualTo(50);
    }

    /** What {@link DeltaTables#ensure} did before: create the table, then one ALTER TABLE per constraint. */
    private void createTheOldWay(TableContract contract, String path) {
        DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).location(path).comment(contract.comment())
                .property("delta.checkpointInterval", "20").property("delta.enableDeletionVectors", "false");
        for (Map.Entry<String, String> p : contract.properties().entrySet()) {
            builder = builder.property(p.getKey(), p.getValue());
        }
        for (StructField f : contract.schema().fields()) {
            builder = builder.addColumn(f);
        }
        if (!contract.partitionColumns().isEmpty()) {
            builder = builder.partitionedBy(contract.partitionColumns().toArray(String[]::new));
        }
        builder.execute();
        for (Map.Entry<String, String> c : contract.constraints().entrySet()) {
            spark.sql("ALTER TABLE delta.`" + path + "` ADD CONSTRAINT " + c.getKey() + " CHECK (" + c.getValue()
                    + ")");
        }
    }

    private Map<String, String> properties(String path) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Row r : spark.sql("SHOW TBLPROPERTIES delta.`" + path + "`").collectAsList()) {
            out.put(r.getString(0), r.getString(1));
        }
        return out;
    }

    @Test
    void theVersionAndRowsOfTheLatestCommitAreThoseDeltaHistoryGives(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        TableContract table = ScoreTables.LEAD_SCORES;
        assertThat(DeltaTables.version(spark, lake, table)).isEqualTo(-1L);
        DeltaTables.ensure(spark, lake, table);
        String path = lake.path(table);
        assertThat(DeltaTables.version(spark, lake, table)).isZero();

        // Appends of 2 and 3 rows, an update of 1, a delete (no numOutputRows metric): the version and
        // the rows written must follow every commit, as history(1) reports it.
        TestRows.table(table, lead("c1", 40, 0.4), lead("c2", 50, 0.5)).write().format("delta")
                .mode(SaveMode.Append).save(path);
        assertLatestCommit(lake, table, 1L, 2L);
        TestRows.table(table, lead("c3", 40, 0.4), lead("c4", 41, 0.4), lead("c5", 42, 0.4)).write()
                .format("delta").mode(SaveMode.Append).save(path);
        assertLatestCommit(lake, table, 2L, 3L);
        DeltaTable.forPath(spark, path).updateExpr("contact_id = 'c4'", Map.of("score", "44"));
        assertLatestCommit(lake, table, 3L, historyOutputRows(path));
        DeltaTable.forPath(spark, path).delete("contact_id = 'c5'");
        assertLatestCommit(lake, table, 4L, historyOutputRows(path));
        assertThat(DeltaTables.version(spark, path)).isEqualTo(4L);
    }

    private void assertLatestCommit(Lake lake, TableContract table, long version, long rows) {
        String path = lake.path(table);
        Row last = DeltaTable.forPath(spark, path).history(1).select("version").head();
        assertThat(last.getLong(0)).isEqualTo(version);
        assertThat(DeltaTables.version(spark, lake, table)).isEqualTo(version);
        assertThat(DeltaTables.lastCommitOutputRows(spark, lake, table)).as("rows of version %d", version)
                .isEqualTo(rows).isEqualTo(historyOutputRows(path));
    }

    /** numOutputRows of the latest commit as history(1) reports it, 0 when it has none. */
    private long historyOutputRows(String path) {
        Row last = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").head();
        scala.collection.Map<String, String> metrics = last.getMap(0);
        return metrics == null ? 0L : Long.parseLong(metrics.getOrElse("numOutputRows", () -> "0"));
    }

    /** DESCRIBE DETAIL without what differs between any two tables (id, place, times, size). */
    private String detail(String path) {
        Row d = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").head();
        return List.of(d.getAs("format"), d.getAs("description"), d.getList(d.fieldIndex("partitionColumns")),
                new java.util.TreeMap<>(d.<String, String>getJavaMap(d.fieldIndex("properties"))),
                d.getAs("minReaderVersion"), d.getAs("minWriterVersion"),
                d.getList(d.fieldIndex("tableFeatures"))).toString();
    }

    private static Map<String, Object> lead(String contact, int score, double probability) {
        return values("score_date", LocalDate.of(2026, 3, 1), "contact_id", contact, "lead_status", "open",
                "segment", "smb", "source_channel", "paid_search", "conversion_probability", probability,
                "score", score, "tier", "C", "top_reasons", List.of(), "negative_reasons", List.of(),
                "model_name", "lead_conversion", "model_version", "v1",
                "scored_at", Instant.parse("2026-03-02T02:00:00Z"), "run_id", "run-1");
    }
}
