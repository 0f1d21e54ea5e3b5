package dev.revlake.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.ops.OpsTables;
import dev.revlake.raw.Source;
import dev.revlake.testing.HeldCheckpoints;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.SparkTableChecksum;

class BronzeIngestJobTest {

    private static final LocalDate D1 = LocalDate.of(2026, 1, 5);
    private static final LocalDate D2 = LocalDate.of(2026, 1, 6);

    @TempDir
    Path dir;

    private Path raw;
    private Lake lake;
    private final SparkSession spark = SharedSpark.get();

    @BeforeEach
    void setUp() {
        raw = dir.resolve("raw");
        lake = new Lake(dir.resolve("lake").toString());
    }

    private void write(Source source, LocalDate dt, String name, String content) throws IOException {
        Path folder = raw.resolve(source.id()).resolve("dt=" + dt);
        Files.createDirectories(folder);
        Files.write(folder.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private static String view(String id, String at) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"page\",\"occurred_at\":\"" + at
                + "\",\"anonymous_id\":\"a1\",\"url\":\"https://x.example/pricing\"}\n";
    }

    private List<BronzeIngestJob.SourceResult> ingest(LocalDate from, LocalDate to) {
        return BronzeIngestJob.run(spark, new BronzeIngestJob.Config(lake, raw.toString(), from, to, 7,
                List.of(Source.WEB_PAGEVIEWS, Source.CRM_OPPORTUNITIES), "run-" + to));
    }

    private Map<String, String> checksums() {
        return BronzeTables.all().stream().filter(t -> DeltaTables.exists(spark, lake, t)).collect(Collectors.toMap(
                t -> t.name(), t -> SparkTableChecksum.of(DeltaTables.read(spark, lake, t)
                        .drop(BronzeTables.INGESTED_AT, BronzeTables.RUN_ID))));
    }

    @Test
    void goodRecordsLandBadOnesAreQuarantinedDuplicatesAreDroppedAndEverythingReconciles() throws IOException {
        write(Source.WEB_PAGEVIEWS, D1, "part-00000.jsonl",
                view("e1", "2026-01-05T10:00:00Z")
                        + view("e2", "2026-01-05T12:00:00+02:00")
                        + view("e1", "2026-01-05T10:00:00Z")                       // duplicate in the same file
                        + "{\"event_id\":\"e3\",\"event_type\":\"page\",\"occurred_at\":\"2026-01-05T1\n" // truncated
                        + "{\"event_id\":\"e4\",\"event_type\":\"page_ping\",\"occurred_at\":\"2026-01-05T10:00:00Z\","
                        + "\"anonymous_id\":\"a1\",\"url\":\"https://x.example/\"}\n"
                        + "{\"event_id\":\"e5\",\"event_type\":\"page\",\"occurred_at\":\"2026-01-05T10:00:00Z\","
                        + "\"anonymous_id\":\"a1\",\"url\":\"https://x.example/\",\"consent_version\":\"v2\"}\n");
        write(Source.WEB_PAGEVIEWS, D1, "notes.txt", "not data\n");
        write(Source.WEB_PAGEVIEWS, D1, "_SUCCESS", "");
        write(Source.CRM_OPPORTUNITIES, D1, "part-00000.csv",
                "snapshot_date,opportunity_id,account_id,owner_id,stage,amount_usd,close_date,created_at,is_closed,is_won\n"
                        + "2026-01-05,o1,acc1,rep1,discovery,1000.50,2026-03-01,2026-01-02T09:00:00Z,false,false\n"
                        + "2026-01-05,o2,acc1,rep1,discovery,-5.00,2026-03-01,2026-01-02T09:00:00Z,false,false\n");

        Set<Integer> heldBefore = HeldCheckpoints.ids(spark);
        List<BronzeIngestJob.SourceResult> results = ingest(D1, D1);
        // The parsed and the new rows are checkpointed while the run needs them, released when it ends.
        assertThat(HeldCheckpoints.takenSince(spark, heldBefore)).isEmpty();

        BronzeIngestJob.SourceResult web = results.get(0);
        assertThat(web.rowsRead()).isEqualTo(7);
        assertThat(web.rowsWritten()).isEqualTo(3);
        assertThat(web.rowsQuarantined()).isEqualTo(3);
        assertThat(web.duplicatesDropped()).isEqualTo(1);
        assertThat(results).allSatisfy(r -> assertThat(r.reconciles()).isTrue());
        BronzeIngestJob.SourceResult opp = results.get(1);
        assertThat(List.of(opp.rowsRead(), opp.rowsWritten(), opp.rowsQuarantined())).containsExactly(2L, 1L, 1L);

        List<Row> quarantine = DeltaTables.read(spark, lake, BronzeTables.QUARANTINE).orderBy("_source_file",
                "_source_line").collectAsList();
        assertThat(quarantine).extracting(r -> r.<String>getAs("reason")).allSatisfy(r -> assertThat(r).isNotBlank());
        assertThat(quarantine).extracting(r -> r.<String>getAs("_source_file") + ":" + r.getAs("_source_line"))
                .containsExactly("crm_opportunities/dt=2026-01-05/part-00000.csv:3",
                        "web_pageviews/dt=2026-01-05/notes.txt:0",
                        "web_pageviews/dt=2026-01-05/part-00000.jsonl:4",
                        "web_pageviews/dt=2026-01-05/part-00000.jsonl:5");
        assertThat(quarantine.get(0).<String>getAs("reason")).contains("must not be negative");
        assertThat(quarantine.get(3).<String>getAs("reason")).contains("unknown value");

        Row e5 = DeltaTables.read(spark, lake, BronzeTables.forSource(Source.WEB_PAGEVIEWS))
                .filter("event_id = 'e5'").head();
        assertThat(e5.<String>getAs("_extra_fields")).isEqualTo("{\"consent_version\":\"v2\"}");
        Row e2 = DeltaTables.read(spark, lake, BronzeTables.forSource(Source.WEB_PAGEVIEWS))
                .filter("event_id = 'e2'").head();
        assertThat(e2.<Object>getAs("occurred_at")).isEqualTo(java.time.Instant.parse("2026-01-05T10:00:00Z"));

        Row run = DeltaTables.read(spark, lake, OpsTables.JOB_RUNS).filter("table_name = 'bronze_web_pageviews'").head();
        assertThat(run.<Long>getAs("rows_read")).isEqualTo(7L);
        assertThat(run.<Long>getAs("duplicates_dropped")).isEqualTo(1L);
        assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    }

    @Test
    void theBatchRowsNotYetInTheTableAreTheSameWhetherItsKeysAreBroadcastOrShuffled() {
        StructType schema = new StructType().add("contact_id", DataTypes.StringType)
                .add("updated_at", DataTypes.StringType).add("value", DataTypes.IntegerType);
        Dataset<Row> table = spark.createDataFrame(List.of(RowFactory.create("c1", "t1", 1),
                RowFactory.create("c1", "t2", 2), RowFactory.create("c2", "t1", 3), RowFactory.create("c3", "t1", 4),
                RowFactory.create(null, "t1", 5)), schema);
        Dataset<Row> batch = spark.createDataFrame(List.of(RowFactory.create("c1", "t1", 10),
                RowFactory.create("c1", "t3", 11), RowFactory.create("c2", "t1", 12), RowFactory.create("c4", "t2", 13),
                RowFactory.create(null, "t1", 14)), schema);
        List<String> key = List.of("contact_id", "updated_at");

        for (boolean broadcast : List.of(true, false)) {
            // a key is both columns; a null key matches no table row, so its row is new
            assertThat(BronzeIngestJob.notYetIn(table, batch, key, broadcast).collectAsList())
                    .as("broadcast batch keys: %s", broadcast)
                    .containsExactlyInAnyOrder(RowFactory.create("c1", "t3", 11), RowFactory.create("c4", "t2", 13),
                            RowFactory.create(null, "t1", 14));
        }
    }

    @Test
    void rerunningADateChangesNoTableAndLaterDeliveriesOfAnEventAreDuplicates() throws IOException {
        write(Source.WEB_PAGEVIEWS, D1, "part-00000.jsonl", view("e1", "2026-01-05T10:00:00Z") + "oops\n");
        ingest(D1, D1);
        Map<String, String> once = checksums();

        List<BronzeIngestJob.SourceResult> again = ingest(D1, D1);
        assertThat(checksums()).isEqualTo(once);
        assertThat(again.get(0).rowsWritten()).isZero();
        assertThat(again.get(0).duplicatesDropped()).isEqualTo(1);
        assertThat(again.get(0).reconciles()).isTrue();

        // the same event redelivered the next day, plus a late event that happened on D1
        write(Source.WEB_PAGEVIEWS, D2, "part-00000.jsonl", view("e1", "2026-01-05T10:00:00Z")
                + view("late", "2026-01-05T23:00:00Z") + view("e9", "2026-01-06T08:00:00Z"));
        BronzeIngestJob.SourceResult next = ingest(D2, D2).get(0);
        assertThat(List.of(next.rowsRead(), next.rowsWritten(), next.duplicatesDropped())).containsExactly(3L, 2L, 1L);
    }

    @Test
    void aRunKilledBeforeRegisteringItsFilesIsCompletedByItsReRunWithoutDuplicates() throws IOException {
        write(Source.WEB_PAGEVIEWS, D1, "part-00000.jsonl", view("e1", "2026-01-05T10:00:00Z") + "oops\n");
        ingest(D1, D1);
        Map<String, String> once = checksums();
        assertThat(registeredFiles()).containsExactly("web_pageviews/dt=2026-01-05/part-00000.jsonl 2");

        // As if the run had been killed after its bronze and quarantine commits, before the register's.
        io.delta.tables.DeltaTable.forPath(spark, lake.path(OpsTables.INGESTED_FILES)).delete();
        ingest(D1, D1);
        assertThat(checksums()).isEqualTo(once);
        assertThat(registeredFiles()).containsExactly("web_pageviews/dt=2026-01-05/part-00000.jsonl 2");

        ingest(D1, D1);
        assertThat(registeredFiles()).hasSize(1);
    }

    private List<String> registeredFiles() {
        return DeltaTables.read(spark, lake, OpsTables.INGESTED_FILES).collectAsList().stream()
                .map(r -> r.<String>getAs("source_file") + " " + r.<Long>getAs("records_read")).sorted().toList();
    }

    @Test
    void aFileLandingLateInAnEarlierFolderIsIngestedByTheNextNightlyRunOnce() throws IOException {
        write(Source.WEB_PAGEVIEWS, D1, "part-00000.jsonl", view("e1", "2026-01-05T10:00:00Z"));
        ingest(D1, D1);
        write(Source.WEB_PAGEVIEWS, D1, "part-00001.jsonl", view("e2", "2026-01-05T11:00:00Z"));
        write(Source.WEB_PAGEVIEWS, D2, "part-00000.jsonl", view("e3", "2026-01-06T10:00:00Z"));

        BronzeIngestJob.SourceResult nightly = ingest(D2, D2).get(0);
        assertThat(nightly.files()).isEqualTo(2);
        assertThat(nightly.rowsWritten()).isEqualTo(2);
        Row late = DeltaTables.read(spark, lake, BronzeTables.forSource(Source.WEB_PAGEVIEWS))
                .filter("event_id = 'e2'").head();
        assertThat(late.<Object>getAs("delivery_date")).isEqualTo(D1);
        assertThat(late.<Object>getAs(BronzeTables.INGEST_DATE)).isEqualTo(D2);

        LocalDate d3 = D2.plusDays(1);
        assertThat(ingest(d3, d3).get(0).files()).isZero();
    }
}
