package dev.revlake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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

import dev.revlake.bronze.BronzeTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.Layer;
import dev.revlake.lake.TableContract;
import dev.revlake.ops.OpsTables;
import dev.revlake.testing.SharedSpark;

/** Each expectation type on tiny DataFrames: a passing and a failing case, with the observed value. */
class QualityCheckJobTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 9);

    private static final TableContract EVENTS = new TableContract("t_events", Layer.SILVER, "one row per test event",
            new StructType()
                    .add("event_id", DataTypes.StringType, true)
                    .add("event_date", DataTypes.DateType, false)
                    .add("occurred_at", DataTypes.TimestampType, true)
                    .add("amount", DataTypes.LongType, true)
                    .add("contact_id", DataTypes.StringType, true),
            List.of("event_id"), List.of("event_date"), Map.of());

    private static final TableContract CONTACTS = new TableContract("t_contacts", Layer.SILVER,
            "one row per test contact", new StructType().add("contact_id", DataTypes.StringType, false),
            List.of("contact_id"), List.of(), Map.of());

    private final SparkSession spark = SharedSpark.get();

    private static Row event(String id, LocalDate day, Long amount, String contact) {
        return RowFactory.create(id, day, Timestamp.from(Instant.parse(day + "T10:00:00Z")), amount, contact);
    }

    private Dataset<Row> events(List<Row> rows) {
        return spark.createDataFrame(rows, EVENTS.schema());
    }

    private static CheckResult only(List<CheckResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private CheckResult check(List<Row> rows, Expectation e, Map<TableContract, Dataset<Row>> others) {
        return only(QualityCheckJob.transform(events(rows), new TableExpectations(EVENTS, "event_date", List.of(e)),
                DAY, others::get));
    }

    private CheckResult check(List<Row> rows, Expectation e) {
        return check(rows, e, Map.of());
    }

    @Test
    void notNullCountsNullsOfTheRunDateOnly() {
        Expectation e = new Expectation.NotNull(List.of("event_id", "contact_id"), Severity.ERROR);
        // A null on an earlier day is not this run's business.
        CheckResult ok = check(List.of(event("e1", DAY, 1L, "c1"), event("e2", DAY.minusDays(1), 1L, null)), e);
        assertThat(ok.status()).isEqualTo(CheckResult.PASSED);
        assertThat(ok.observedValue()).isZero();

        CheckResult bad = check(List.of(event("e1", DAY, 1L, null), event(null, DAY, 1L, null)), e);
        assertThat(bad.status()).isEqualTo(CheckResult.FAILED);
        assertThat(bad.observedValue()).isEqualTo(3.0);
        assertThat(bad.message()).contains("event_id (1), contact_id (2)").contains("of 2 rows of 2026-03-09");
    }

    @Test
    void uniqueKeyCountsRowsThatRepeatAKey() {
        Expectation e = new Expectation.UniqueKey(List.of("event_id"), Severity.ERROR);
        CheckResult ok = check(List.of(event("e1", DAY, 1L, "c1"), event("e2", DAY, 1L, "c1"),
                event("e1", DAY.minusDays(1), 1L, "c1")), e);
        assertThat(ok.status()).isEqualTo(CheckResult.PASSED);
        assertThat(ok.observedValue()).isZero();

        CheckResult bad = check(List.of(event("e1", DAY, 1L, "c1"), event("e1", DAY, 2L, "c1"),
                event("e1", DAY, 3L, "c2"), event("e2", DAY, 1L, "c1")), e);
        assertThat(bad.status()).isEqualTo(CheckResult.FAILED);
        assertThat(bad.observedValue()).isEqualTo(2.0);
    }

    @Test
    void valueRangeCountsValuesOutsideTheBoundsAndAWarningOnlyWarns() {
        Expectation e = new Expectation.ValueRange("amount", 0.0, 100.0, Severity.ERROR);
        CheckResult ok = check(List.of(event("e1", DAY, 0L, "c1"), event("e2", DAY, 100L, "c1"),
                event("e3", DAY, null, "c1")), e);
        assertThat(ok.status()).isEqualTo(CheckResult.PASSED);
        assertThat(ok.observedValue()).isZero();

        List<Row> bad = List.of(event("e1", DAY, -1L, "c1"), event("e2", DAY, 101L, "c1"), event("e3", DAY, 5L, "c1"));
        CheckResult failed = check(bad, e);
        assertThat(failed.status()).isEqualTo(CheckResult.FAILED);
        assertThat(failed.observedValue()).isEqualTo(2.0);
        assertThat(failed.message()).contains("2 values of amount outside 0..100");
        CheckResult warned = check(bad, new Expectation.ValueRange("amount", 0.0, 100.0, Severity.WARN));
        assertThat(warned.status()).isEqualTo(CheckResult.WARNED);
        assertThat(warned.isGateFailure()).isFalse();
    }

    @Test
    void referencesCountDistinctIdsMissingFromTheTargetAndSkipWithoutIt() {
        Expectation e = new Expectation.References("contact_id", CONTACTS, "contact_id", Severity.ERROR);
        Dataset<Row> contacts = spark.createDataFrame(List.of(RowFactory.create("c1"), RowFactory.create("c2")),
                CONTACTS.schema());
        Map<TableContract, Dataset<Row>> others = Map.of(CONTACTS, contacts);
        CheckResult ok = check(List.of(event("e1", DAY, 1L, "c1"), event("e2", DAY, 1L, null),
                event("e3", DAY, 1L, "c2")), e, others);
        assertThat(ok.status()).isEqualTo(CheckResult.PASSED);
        assertThat(ok.observedValue()).isZero();

        CheckResult bad = check(List.of(event("e1", DAY, 1L, "c9"), event("e2", DAY, 1L, "c9"),
                event("e3", DAY, 1L, "c8"), event("e4", DAY, 1L, "c1")), e, others);
        assertThat(bad.status()).isEqualTo(CheckResult.FAILED);
        assertThat(bad.observedValue()).isEqualTo(2.0);

        CheckResult skipped = check(List.of(event("e1", DAY, 1L, "c9")), e);
        assertThat(skipped.status()).isEqualTo(CheckResult.SKIPPED);
        assertThat(skipped.message()).contains("t_contacts does not exist yet");
    }

    @Test
    void freshnessMeasuresTheAgeOfTheLatestRecordInDays() {
        Expectation e = new Expectation.Freshness("occurred_at", 2, Severity.ERROR);
        CheckResult ok = check(List.of(event("e1", DAY.minusDays(1), 1L, "c1"), event("e2", DAY.minusDays(5), 1L,
                "c1")), e);
        assertThat(ok.status()).isEqualTo(CheckResult.PASSED);
        assertThat(ok.observedValue()).isEqualTo(1.0);

        CheckResult stale = check(List.of(event("e1", DAY.minusDays(5), 1L, "c1")), e);
        assertThat(stale.status()).isEqualTo(CheckResult.FAILED);
        assertThat(stale.observedValue()).isEqualTo(5.0);
        assertThat(stale.thresholdValue()).isEqualTo(2.0);
        assertThat(stale.message()).contains("latest occurred_at is 2026-03-04, 5 days before 2026-03-09");
    }

    private static List<Row> days(int historyDays, int rowsPerDay, int rowsToday) {
        List<Row> rows = new ArrayList<>();
        for (int d = 1; d <= historyDays; d++) {
            for (int i = 0; i < rowsPerDay + d % 3; i++) { // 10..12 rows a day: median 11
                rows.add(event("h" + d + "-" + i, DAY.minusDays(d), 1L, "c1"));
            }
        }
        for (int i = 0; i < rowsToday; i++) {
            rows.add(event("t" + i, DAY, 1L, "c1"));
        }
        return rows;
    }

    @Test
    void volumeComparesTheRunDateWithTheMedianOfTheSevenDaysBefore() {
        Expectation e = new Expectation.VolumeChange(0.5, 5, Severity.ERROR);
        CheckResult ok = check(days(7, 10, 9), e);
        assertThat(ok.status()).isEqualTo(CheckResult.PASSED);
        assertThat(ok.observedValue()).isEqualTo(9.0);
        assertThat(ok.thresholdValue()).isEqualTo(6.0); // ceil(11 * 0.5)

        CheckResult dropped = check(days(7, 10, 1), e);
        assertThat(dropped.status()).isEqualTo(CheckResult.FAILED);
        assertThat(dropped.observedValue()).isEqualTo(1.0);
        assertThat(dropped.message()).isEqualTo("t_events volume for 2026-03-09: 1 rows, 90.9% below the 7-day"
                + " median of 11 (limit: 50% drop)");

        CheckResult young = check(days(6, 10, 1), e);
        assertThat(young.status()).isEqualTo(CheckResult.SKIPPED);
        assertThat(young.observedValue()).isNull();
        assertThat(young.message()).contains("needs 7 previous days with rows, found 6");

        CheckResult small = check(days(7, 10, 1), new Expectation.VolumeChange(0.5, 50, Severity.ERROR));
        assertThat(small.status()).isEqualTo(CheckResult.SKIPPED);
        assertThat(small.message()).contains("median of 11 is below the 50 rows needed to judge");
    }

    @Test
    void quarantineRateIsQuarantinedOverAllRecordsOfTheSourceAndDay() {
        Expectation e = new Expectation.QuarantineRate("web_pageviews", 0.05, 2, Severity.ERROR);
        List<Row> kept = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            kept.add(event("e" + i, DAY, 1L, "c1"));
        }
        CheckResult ok = check(kept, e, Map.of(BronzeTables.QUARANTINE, quarantine(1, "web_pageviews")));
        assertThat(ok.status()).isEqualTo(CheckResult.PASSED); // 1 of 19, under the 2-row minimum
        assertThat(ok.observedValue()).isCloseTo(1 / 19.0, org.assertj.core.data.Offset.offset(1e-9));

        // Another source's quarantine does not count; this source's 2 of 20 (10%) does.
        Dataset<Row> q = quarantine(2, "web_pageviews").unionByName(quarantine(9, "email_events"));
        CheckResult bad = check(kept, e, Map.of(BronzeTables.QUARANTINE, q));
        assertThat(bad.status()).isEqualTo(CheckResult.FAILED);
        assertThat(bad.observedValue()).isEqualTo(0.1);
        assertThat(bad.message()).contains("2 of 20 records (10.0%) (limit: 5.0%");
    }

    private Dataset<Row> quarantine(int n, String source) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(source, DAY, source + "/f", (long) i, "malformed", null,
                    Timestamp.from(Instant.parse("2026-03-10T02:00:00Z")), "r1"));
        }
        return spark.createDataFrame(rows, BronzeTables.QUARANTINE.schema());
    }

    @Test
    void aTableWithNoRowsInTheLastWeekIsCheckedNotBroken() {
        // A quiet source (no rows for eight days) gave null sums, and the check failed on them.
        List<Row> old = List.of(event("e1", DAY.minusDays(QualityCheckJob.HISTORY_DAYS + 1), 1L, "c1"));
        CheckResult nulls = check(old, new Expectation.NotNull(List.of("event_id"), Severity.ERROR));
        assertThat(nulls.status()).isEqualTo(CheckResult.PASSED);
        assertThat(nulls.message()).contains("of 0 rows of 2026-03-09");
        assertThat(check(old, new Expectation.ValueRange("amount", 0.0, 100.0, Severity.ERROR)).status())
                .isEqualTo(CheckResult.PASSED);
        assertThat(check(old, new Expectation.UniqueKey(List.of("event_id"), Severity.ERROR)).status())
                .isEqualTo(CheckResult.PASSED);
        assertThat(check(old, new Expectation.VolumeChange(0.5, 5, Severity.ERROR)).status())
                .isEqualTo(CheckResult.SKIPPED);
    }

    @Test
    void aMissingTableSkipsEveryCheckAndTheDeclaredRulesAreValid() {
        TableExpectations t = new TableExpectations(EVENTS, "event_date", List.of(
                new Expectation.NotNull(List.of("event_id"), Severity.ERROR),
                new Expectation.VolumeChange(0.5, 5, Severity.ERROR)));
        assertThat(QualityCheckJob.transform(null, t, DAY, c -> null)).extracting(CheckResult::status)
                .containsExactly(CheckResult.SKIPPED, CheckResult.SKIPPED);
        for (Stage s : Stage.values()) {
            assertThat(QualityRules.forStage(s)).isNotEmpty();
        }
        assertThat(QualityRules.forStage(Stage.BRONZE)).hasSize(dev.revlake.raw.Source.values().length);
    }

    @Test
    void aStageRunKeepsTheRulesOrderWhileItsTablesAreCheckedAtOnce(@TempDir java.nio.file.Path dir) {
        // The first table exists, so its checks run Spark jobs and finish after the missing tables'
        // (skipped at once): the results must still come in the rules' order.
        Lake lake = new Lake(dir.toString());
        List<TableExpectations> rules = QualityRules.forStage(Stage.BRONZE);
        DeltaTables.ensure(spark, lake, rules.get(0).table());

        QualityCheckJob.Report report = QualityCheckJob.run(spark, QualityCheckJob.Config.of(lake, Stage.BRONZE, DAY));

        List<String> expected = new ArrayList<>();
        for (TableExpectations t : rules) {
            t.expectations().forEach(e -> expected.add(t.table().name()));
        }
        assertThat(report.results()).extracting(CheckResult::tableName).containsExactlyElementsOf(expected);
        String first = rules.get(0).table().name();
        assertThat(report.results()).filteredOn(r -> r.tableName().equals(first))
                .noneMatch(r -> r.message().contains("does not exist yet"));
        assertThat(report.results()).filteredOn(r -> !r.tableName().equals(first))
                .allMatch(r -> r.status().equals(CheckResult.SKIPPED));
        assertThat(DeltaTables.read(spark, lake, OpsTables.QUALITY_CHECKS)
                .where(org.apache.spark.sql.functions.col("run_id").equalTo(report.runId())).count())
                .isEqualTo(expected.size());
    }
}
