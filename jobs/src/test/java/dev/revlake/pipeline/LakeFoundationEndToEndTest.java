package dev.revlake.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.ops.OpsTables;
import dev.revlake.raw.Source;
import dev.revlake.silver.SilverTables;
import dev.revlake.simulate.DirtKind;
import dev.revlake.simulate.SimulationSummary;
import dev.revlake.simulate.Simulator;
import dev.revlake.simulate.SimulatorConfig;
import dev.revlake.testing.KernelTableReader;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.SparkTableChecksum;

/**
 * Simulate → bronze → silver on a small company: the history as one backfill batch, then nightly
 * runs. Checks reconciliation, every kind of dirt against the simulator's manifest, idempotence of
 * re-runs, retroactive identity stitching, and that Delta Kernel reads every table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LakeFoundationEndToEndTest {

    private static final LocalDate START = LocalDate.of(2026, 3, 1);
    private static final int DAYS = 12;

    @TempDir
    static Path dir;

    private final SparkSession spark = SharedSpark.get();
    private Lake lake;
    private Pipeline pipeline;
    private SimulationSummary simulated;
    private List<String[]> dirt;

    @BeforeAll
    void buildTheLake() throws IOException {
        Path raw = dir.resolve("raw");
        simulated = new Simulator(new SimulatorConfig(400, DAYS, START, 7L, raw, dir.resolve("truth"), 0.03))
                .run((d, date, n) -> { });
        dirt = Files.readAllLines(dir.resolve("truth/dirt.csv")).stream().skip(1).map(l -> l.split(",")).toList();
        lake = new Lake(dir.resolve("lake").toString());
        pipeline = new Pipeline(spark, lake, raw.toString(), line -> { });
        LocalDate last = START.plusDays(DAYS - 1L);
        pipeline.ingest(START, last.minusDays(2));
        pipeline.silver(START, last.minusDays(2));
        pipeline.gold(START, last.minusDays(2));
        pipeline.nightly(last.minusDays(1));
        pipeline.nightly(last);
    }

    private List<TableContract> tables() {
        List<TableContract> all = new ArrayList<>(BronzeTables.all());
        all.addAll(SilverTables.all());
        all.addAll(GoldTables.all());
        return all;
    }

    private Map<String, String> checksums() {
        Map<String, String> sums = new TreeMap<>();
        for (TableContract t : tables()) {
            sums.put(t.name(), SparkTableChecksum.of(DeltaTables.read(spark, lake, t)));
        }
        return sums;
    }

    @Test
    @Order(1)
    void everyRawRecordIsWrittenQuarantinedOrADroppedDuplicate() {
        Row totals = DeltaTables.read(spark, lake, OpsTables.JOB_RUNS).filter("job = 'bronze_ingest'")
                .selectExpr("sum(rows_read)", "sum(rows_written)", "sum(rows_quarantined)", "sum(duplicates_dropped)")
                .head();
        long read = totals.getLong(0);
        assertThat(read).isEqualTo(simulated.totalRecords());
        assertThat(read).isEqualTo(totals.getLong(1) + totals.getLong(2) + totals.getLong(3));
        long bronzeRows = 0;
        for (Source s : Source.values()) {
            bronzeRows += DeltaTables.read(spark, lake, BronzeTables.forSource(s)).count();
        }
        long quarantined = DeltaTables.read(spark, lake, BronzeTables.QUARANTINE).count();
        assertThat(bronzeRows).isEqualTo(totals.getLong(1));
        assertThat(quarantined).isEqualTo(totals.getLong(2));
        assertThat(DeltaTables.read(spark, lake, BronzeTables.QUARANTINE).filter("reason IS NULL OR trim(reason) = ''")
                .count()).isZero();
        // per source as well: the simulator's count of records it wrote
        for (Source s : Source.values()) {
            long sourceRead = DeltaTables.read(spark, lake, OpsTables.JOB_RUNS)
                    .filter(col("table_name").equalTo("bronze_" + s.id())).selectExpr("sum(rows_read)").head()
                    .getLong(0);
            assertThat(sourceRead).as(s.id()).isEqualTo(simulated.recordsBySource().get(s));
        }
    }

    @ParameterizedTest
    @EnumSource(DirtKind.class)
    @Order(2)
    void eachKindOfDirtIsHandledAsTheContractSays(DirtKind kind) {
        List<String[]> entries = dirt.stream().filter(d -> d[4].equals(kind.id())).toList();
        assertThat(entries).as("the simulator injected some " + kind.id()).isNotEmpty();
        Set<String> quarantined = new HashSet<>(DeltaTables.read(spark, lake, BronzeTables.QUARANTINE)
                .selectExpr("concat(_source_file, ':', _source_line)").as(Encoders.STRING()).collectAsList());
        Set<String> landed = new HashSet<>();
        for (Source s : Source.values()) {
            landed.addAll(DeltaTables.read(spark, lake, BronzeTables.forSource(s))
                    .selectExpr("concat(_source_file, ':', _source_line)").as(Encoders.STRING()).collectAsList());
        }
        for (String[] d : entries) {
            String at = d[2] + ":" + d[3];
            if (kind.expectQuarantine()) {
                assertThat(quarantined).as(kind.id() + " at " + at).contains(at);
            } else if (kind == DirtKind.DUPLICATE) {
                assertThat(landed).as("duplicate at " + at + " must not land twice").doesNotContain(at);
                assertThat(quarantined).as("a duplicate is not bad data: " + at).doesNotContain(at);
            } else {
                assertThat(landed).as(kind.id() + " at " + at + " is valid and lands").contains(at);
            }
        }
        if (kind == DirtKind.MESSY_EMAIL) {
            assertThat(DeltaTables.read(spark, lake, SilverTables.EVENTS)
                    .filter("email IS NOT NULL AND (email <> lower(trim(email)))").count()).isZero();
            assertThat(DeltaTables.read(spark, lake, SilverTables.CONTACTS)
                    .filter("email <> lower(trim(email))").count()).isZero();
        }
        if (kind == DirtKind.UNEXPECTED_FIELD) {
            long kept = 0;
            for (Source s : Source.values()) {
                kept += DeltaTables.read(spark, lake, BronzeTables.forSource(s))
                        .filter(col(BronzeTables.EXTRA_FIELDS).isNotNull()).count();
            }
            assertThat(kept).isEqualTo(entries.size());
        }
    }

    @Test
    @Order(3)
    void nothingButTheManifestsBadRecordsIsQuarantined() {
        Set<String> expected = new HashSet<>();
        dirt.stream().filter(d -> DirtKind.valueOf(d[4].toUpperCase()).expectQuarantine())
                .forEach(d -> expected.add(d[2] + ":" + d[3]));
        Set<String> quarantined = new HashSet<>(DeltaTables.read(spark, lake, BronzeTables.QUARANTINE)
                .selectExpr("concat(_source_file, ':', _source_line)").as(Encoders.STRING()).collectAsList());
        assertThat(quarantined).isEqualTo(expected);
    }

    @Test
    @Order(4)
    void silverIsCleanStitchedAndKeyed() {
        Dataset<Row> events = DeltaTables.read(spark, lake, SilverTables.EVENTS);
        assertThat(events.count()).isEqualTo(events.select("event_id").distinct().count());
        assertThat(events.filter("contact_id IS NOT NULL").count()).isPositive();
        for (String channel : List.of("web", "email", "form", "sales")) {
            assertThat(events.filter(col("channel").equalTo(channel)).count()).as(channel).isPositive();
        }
        // Retroactive stitching: no page view of an identified cookie is left without its contact.
        Dataset<Row> identified = DeltaTables.read(spark, lake, SilverTables.IDENTITY_MAP)
                .filter("contact_id IS NOT NULL").select("anonymous_id");
        assertThat(identified.count()).isPositive();
        assertThat(events.filter("channel = 'web' AND contact_id IS NULL").join(identified, "anonymous_id").count())
                .isZero();
        // ... including page views from before the cookie identified itself.
        Dataset<Row> identities = DeltaTables.read(spark, lake, SilverTables.IDENTITY_MAP)
                .filter("contact_id IS NOT NULL").select(col("anonymous_id"), col("identified_at"),
                        col("contact_id").as("identified_contact_id"));
        assertThat(events.filter("channel = 'web'").join(identities, "anonymous_id")
                .filter("occurred_at < identified_at AND contact_id = identified_contact_id").count()).isPositive();
        Dataset<Row> sessions = DeltaTables.read(spark, lake, SilverTables.SESSIONS);
        assertThat(sessions.count()).isPositive();
        assertThat(sessions.selectExpr("sum(page_view_count)").head().getLong(0))
                .isEqualTo(events.filter("channel = 'web'").count());
        assertThat(sessions.filter("contact_id IS NULL").join(identified, "anonymous_id").count()).isZero();
        long opportunities = DeltaTables.read(spark, lake, SilverTables.OPPORTUNITIES).count();
        assertThat(opportunities).isPositive();
        assertThat(DeltaTables.read(spark, lake, SilverTables.OPPORTUNITY_HISTORY).select("opportunity_id").distinct()
                .count()).isEqualTo(opportunities);
        assertThat(DeltaTables.read(spark, lake, SilverTables.CONTACTS).count())
                .isEqualTo(DeltaTables.read(spark, lake, SilverTables.CONTACTS).select("contact_id").distinct().count());
    }

    @Test
    @Order(5)
    void rerunningDaysOrBackfillingFinishedDatesChangesNoTable() {
        Map<String, String> before = checksums();
        LocalDate last = START.plusDays(DAYS - 1L);
        pipeline.nightly(last);
        assertThat(checksums()).as("re-running the last night").isEqualTo(before);
        pipeline.nightly(START.plusDays(3));
        assertThat(checksums()).as("re-running a day inside the backfill").isEqualTo(before);
        // A backfill batch over a range that overlaps the backfill and both finished nights.
        pipeline.ingest(START.plusDays(6), last);
        pipeline.silver(START.plusDays(6), last);
        pipeline.gold(START.plusDays(6), last);
        assertThat(checksums()).as("a backfill over finished dates").isEqualTo(before);
    }

    @Test
    @Order(6)
    void deltaKernelReadsEveryTable() {
        List<TableContract> all = new ArrayList<>(tables());
        all.add(OpsTables.JOB_RUNS);
        all.add(OpsTables.INGESTED_FILES);
        for (TableContract t : all) {
            KernelTableReader.Result kernel = KernelTableReader.read(lake.path(t));
            Dataset<Row> viaSpark = DeltaTables.read(spark, lake, t);
            assertThat(kernel.columns()).as(t.name()).containsExactlyElementsOf(t.columns());
            assertThat(kernel.rowCount()).as(t.name()).isEqualTo(viaSpark.count());
            assertThat(kernel.contentChecksum()).as(t.name()).isEqualTo(SparkTableChecksum.of(viaSpark));
        }
    }
}
