package dev.revlake.gold;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.lake.TableContract;
import dev.revlake.silver.SilverTables;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;

class GoldFunnelDailyJobTest {

    /** The checkpoints a transform takes, released after each test. */
    private static final LocalCheckpoints CHECKPOINTS = new LocalCheckpoints();

    @AfterEach
    void releaseCheckpoints() {
        CHECKPOINTS.close();
    }

    private static final LocalDate FROM = LocalDate.of(2026, 1, 10);
    private static final LocalDate TO = LocalDate.of(2026, 1, 12);

    private static Map<String, Object> session(String id, String cookie, String contact, String startedAt,
                                               String medium, String source, String referrer) {
        return values("session_id", id, "session_date", at(startedAt).atZone(ZoneOffset.UTC).toLocalDate(),
                "anonymous_id", cookie, "contact_id", contact, "started_at", at(startedAt),
                "ended_at", at(startedAt), "duration_seconds", 0L, "page_view_count", 1L,
                "utm_medium", medium, "utm_source", source, "referrer_domain", referrer,
                "has_pricing_view", false, "has_demo_view", false);
    }

    private static Map<String, Object> identity(String cookie, String contact, String identifiedAt) {
        return values("anonymous_id", cookie, "email", contact + "@x.example", "contact_id", contact,
                "identified_at", at(identifiedAt), "identified_by", "form_submission", "identifying_event_id", "f");
    }

    private static Map<String, Object> contact(String id, String type, String source, String createdAt,
                                               String updatedAt) {
        return values("contact_id", id, "record_type", type, "email", id + "@x.example", "lead_source", source,
                "status", "open", "is_converted", false, "created_at", at(createdAt), "updated_at", at(updatedAt));
    }

    private static Map<String, Object> opportunity(String id, String contact, String source, String createdAt) {
        LocalDate day = at(createdAt).atZone(ZoneOffset.UTC).toLocalDate();
        return values("opportunity_id", id, "account_id", "acc", "contact_id", contact, "owner_id", "rep",
                "stage", "x", "amount_usd", new BigDecimal("0.00"), "close_date", day, "lead_source", source,
                "created_at", at(createdAt), "is_closed", false, "is_won", false, "first_snapshot_date", day,
                "last_snapshot_date", day);
    }

    /** A stage interval first seen in the snapshot of {@code snapshotDay}. */
    private static Map<String, Object> stage(String opp, int seq, String stage, int order, String enteredAt,
                                             String exitedAt, String snapshotDay, String amount) {
        LocalDate day = LocalDate.parse(snapshotDay);
        return values("opportunity_id", opp, "stage_sequence", seq, "stage", stage, "stage_order", order,
                "entered_at", at(enteredAt), "exited_at", exitedAt == null ? null : at(exitedAt),
                "first_snapshot_date", day, "last_snapshot_date", day, "is_regression", false, "owner_id", "rep",
                "amount_usd_at_entry", new BigDecimal(amount), "amount_usd_at_exit", new BigDecimal(amount),
                "close_date_at_entry", day, "close_date_at_exit", day, "close_date_push_count", 0,
                "close_date_pushed_days", 0, "amount_change_count", 0);
    }

    /** The silver inputs, plus extra rows per table (facts dated after the batch). */
    private static Map<TableContract, Dataset<Row>> silver(Map<TableContract, List<Map<String, Object>>> extra) {
        Map<TableContract, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put(SilverTables.SESSIONS, List.of(
                session("s1", "a1", "c1", "2026-01-10T09:00:00Z", "cpc", "google", null),
                session("s2", "a1", "c1", "2026-01-10T15:00:00Z", null, null, "www.google.com"),
                session("s3", "a2", "c2", "2026-01-10T10:00:00Z", null, null, null),
                session("s4", "a3", null, "2026-01-11T10:00:00Z", null, null, null),
                session("s5", "a5", "c5", "2026-01-12T08:00:00Z", null, null, null)));
        rows.put(SilverTables.IDENTITY_MAP, List.of(
                identity("a1", "c1", "2026-01-10T09:30:00Z"),
                // identified the day after its visit: not identified on the 10th
                identity("a2", "c2", "2026-01-11T08:00:00Z"),
                // identified only after the lead's creation day: its session gives no channel
                identity("a5", "c5", "2026-01-13T08:00:00Z")));
        rows.put(SilverTables.CONTACT_HISTORY, List.of(
                contact("c1", "lead", "Web", "2026-01-10T09:30:00Z", "2026-01-10T09:30:00Z"),
                contact("c2", "lead", "Trade Show", "2026-01-11T08:00:00Z", "2026-01-11T08:00:00Z"),
                contact("c3", "lead", "Partner referral", "2026-01-11T12:00:00Z", "2026-01-11T12:00:00Z"),
                contact("c4", "contact", "Web", "2026-01-11T12:00:00Z", "2026-01-11T12:00:00Z"),
                contact("c5", "lead", "Cold Call", "2026-01-12T09:00:00Z", "2026-01-12T09:00:00Z")));
        rows.put(SilverTables.OPPORTUNITIES, List.of(
                opportunity("o1", "c1", "Web", "2026-01-10T12:00:00Z"),
                opportunity("o2", null, "Partner", "2026-01-05T10:00:00Z"),
                opportunity("o3", "c9", "Webinar", "2026-01-02T10:00:00Z")));
        rows.put(SilverTables.OPPORTUNITY_HISTORY, List.of(
                stage("o1", 1, "prospecting", 1, "2026-01-10T12:00:00Z", "2026-01-11T10:00:00Z", "2026-01-10", "1000"),
                stage("o1", 2, "discovery", 2, "2026-01-11T10:00:00Z", "2026-01-12T15:00:00Z", "2026-01-11", "1000"),
                stage("o1", 3, "closed_won", 5, "2026-01-12T15:00:00Z", null, "2026-01-12", "1000"),
                stage("o2", 1, "prospecting", 1, "2026-01-05T10:00:00Z", "2026-01-11T09:00:00Z", "2026-01-05", "500"),
                stage("o2", 2, "closed_lost", 5, "2026-01-11T09:00:00Z", null, "2026-01-11", "500"),
                stage("o3", 1, "prospecting", 1, "2026-01-02T10:00:00Z", "2026-01-04T10:00:00Z", "2026-01-02", "2000"),
                stage("o3", 2, "discovery", 2, "2026-01-04T10:00:00Z", "2026-01-06T10:00:00Z", "2026-01-04", "2000"),
                stage("o3", 3, "prospecting", 1, "2026-01-06T10:00:00Z", null, "2026-01-06", "2000")));
        rows.put(SilverTables.OPPORTUNITY_CHANGES, List.of(
                values("opportunity_id", "o3", "snapshot_date", LocalDate.of(2026, 1, 11),
                        "field_name", "amount_usd", "old_value", "2000.00", "new_value", "3000.00")));
        Map<TableContract, Dataset<Row>> out = new LinkedHashMap<>();
        rows.forEach((table, base) -> {
            List<Map<String, Object>> all = new ArrayList<>(base);
            all.addAll(extra.getOrDefault(table, List.of()));
            out.put(table, TestRows.of(table.schema(), all));
        });
        return out;
    }

    private static Dataset<Row> transform(Map<TableContract, Dataset<Row>> s, LocalDate from, LocalDate to) {
        return GoldFunnelDailyJob.transform(CHECKPOINTS, s.get(SilverTables.SESSIONS),
                s.get(SilverTables.IDENTITY_MAP), s.get(SilverTables.CONTACT_HISTORY),
                s.get(SilverTables.OPPORTUNITIES),
                s.get(SilverTables.OPPORTUNITY_HISTORY), s.get(SilverTables.OPPORTUNITY_CHANGES), from, to);
    }

    /** Rows as "date channel metric=value ..." keyed by "date channel". */
    private static Map<String, Row> byKey(Dataset<Row> rows) {
        Map<String, Row> map = new LinkedHashMap<>();
        for (Row r : rows.orderBy("funnel_date", "source_channel").collectAsList()) {
            map.put(r.getAs("funnel_date") + " " + r.getAs("source_channel"), r);
        }
        return map;
    }

    /** The counts of a row: visitors/identified/new leads/created/won/lost/open. */
    private static String counts(Row r) {
        return r.getAs("visitors") + "/" + r.getAs("identified_visitors") + "/" + r.getAs("new_leads") + "/"
                + r.getAs("opportunities_created") + "/" + r.getAs("opportunities_won") + "/"
                + r.getAs("opportunities_lost") + "/" + r.getAs("open_opportunities");
    }

    @Test
    void countsVisitorsLeadsAndOpportunitiesPerDayAndChannelWithAnAllRow() {
        Dataset<Row> result = transform(silver(Map.of()), FROM, TO);
        assertThat(result.schema().fieldNames()).containsExactlyElementsOf(GoldTables.FUNNEL_DAILY.columns());
        for (var f : GoldTables.FUNNEL_DAILY.schema().fields()) {
            assertThat(result.schema().apply(f.name()).dataType()).as(f.name()).isEqualTo(f.dataType());
        }
        Map<String, Row> rows = byKey(result);
        Map<String, String> actual = rows.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> counts(e.getValue()), (a, b) -> a, LinkedHashMap::new));
        assertThat(actual).containsExactly(
                // a1 had a paid and an organic session: once in each channel, once in all;
                // a2 was identified on the 11th, so not on the 10th
                Map.entry("2026-01-10 all", "2/1/1/1/0/0/3"),
                Map.entry("2026-01-10 direct", "1/0/0/0/0/0/0"),
                Map.entry("2026-01-10 event", "0/0/0/0/0/0/1"),
                Map.entry("2026-01-10 organic_search", "1/1/0/0/0/0/0"),
                Map.entry("2026-01-10 paid_search", "1/1/1/1/0/0/1"),
                Map.entry("2026-01-10 partner", "0/0/0/0/0/0/1"),
                // c2's lead channel is its browser's earlier direct session; c3 has none: lead source
                Map.entry("2026-01-11 all", "1/0/2/0/0/1/2"),
                Map.entry("2026-01-11 direct", "1/0/1/0/0/0/0"),
                Map.entry("2026-01-11 event", "0/0/0/0/0/0/1"),
                Map.entry("2026-01-11 paid_search", "0/0/0/0/0/0/1"),
                Map.entry("2026-01-11 partner", "0/0/1/0/0/1/0"),
                // c5's browser was identified after its creation day: channel from "Cold Call"
                Map.entry("2026-01-12 all", "1/0/1/0/1/0/1"),
                Map.entry("2026-01-12 direct", "1/0/0/0/0/0/0"),
                Map.entry("2026-01-12 event", "0/0/0/0/0/0/1"),
                Map.entry("2026-01-12 outbound", "0/0/1/0/0/0/0"),
                Map.entry("2026-01-12 paid_search", "0/0/0/0/1/0/0"));

        assertThat(rows.get("2026-01-12 all").<BigDecimal>getAs("won_amount_usd")).isEqualByComparingTo("1000");
        assertThat(rows.get("2026-01-11 all").<BigDecimal>getAs("won_amount_usd")).isEqualByComparingTo("0");
        assertThat(rows.get("2026-01-12 all").<Object>getAs("handoff_leads")).isNull();
        // open pipeline uses the amount known at the end of the day (o3 went 2000 -> 3000 on the 11th)
        assertThat(rows.get("2026-01-10 all").<BigDecimal>getAs("open_pipeline_usd")).isEqualByComparingTo("3500");
        assertThat(rows.get("2026-01-11 all").<BigDecimal>getAs("open_pipeline_usd")).isEqualByComparingTo("4000");
        assertThat(rows.get("2026-01-12 all").<BigDecimal>getAs("open_pipeline_usd")).isEqualByComparingTo("3000");
        assertThat(rows.get("2026-01-12 paid_search").<BigDecimal>getAs("open_pipeline_usd"))
                .isEqualByComparingTo("0");
    }

    @Test
    void stageConversionWinRateAndVelocityOverTheLast90Days() {
        Map<String, Row> rows = byKey(transform(silver(Map.of()), FROM, TO));
        // exits of prospecting: o3 -> discovery (01-04), o1 -> discovery (01-11), o2 -> lost (01-11);
        // exits of discovery: o3 -> prospecting (01-06, backward), o1 -> won (01-12)
        assertThat(rates(rows.get("2026-01-10 all"))).isEqualTo("1.0/0.0/null/null");
        assertThat(rates(rows.get("2026-01-11 all"))).isEqualTo((2.0 / 3) + "/0.0/null/null");
        assertThat(rates(rows.get("2026-01-12 all"))).isEqualTo((2.0 / 3) + "/0.5/null/null");
        assertThat(rates(rows.get("2026-01-12 event"))).isEqualTo("1.0/0.0/null/null");

        assertThat(velocity(rows.get("2026-01-10 all"))).isEqualTo("null/null/null/null");
        // lost o2 only: win rate 0, no deal size yet
        assertThat(velocity(rows.get("2026-01-11 all"))).isEqualTo("0.0/null/null/null");
        // o2 lost, o1 won 1000 two days after creation; o3 open: 1 x 0.5 x 1000 / 2
        assertThat(velocity(rows.get("2026-01-12 all"))).isEqualTo("0.5/1000.00/2.0/250.0");
        // nothing open in paid_search any more: velocity 0
        assertThat(velocity(rows.get("2026-01-12 paid_search"))).isEqualTo("1.0/1000.00/2.0/0.0");
        assertThat(velocity(rows.get("2026-01-11 partner"))).isEqualTo("0.0/null/null/null");
    }

    private static String rates(Row r) {
        return r.getAs("prospecting_to_discovery_rate_90d") + "/" + r.getAs("discovery_to_proposal_rate_90d") + "/"
                + r.getAs("proposal_to_negotiation_rate_90d") + "/" + r.getAs("negotiation_to_won_rate_90d");
    }

    private static String velocity(Row r) {
        return r.getAs("win_rate_90d") + "/" + r.getAs("average_deal_size_usd_90d") + "/"
                + r.getAs("average_cycle_days_90d") + "/" + r.getAs("pipeline_velocity_usd_per_day");
    }

    @Test
    void everyDayHasAnAllRowEvenWithoutActivity() {
        Map<String, Row> rows = byKey(transform(silver(Map.of()), LocalDate.of(2025, 6, 1),
                LocalDate.of(2025, 6, 2)));
        assertThat(rows).containsOnlyKeys("2025-06-01 all", "2025-06-02 all");
        assertThat(counts(rows.get("2025-06-01 all"))).isEqualTo("0/0/0/0/0/0/0");
        assertThat(rows.get("2025-06-01 all").<BigDecimal>getAs("open_pipeline_usd")).isEqualByComparingTo("0");
    }

    @Test
    void factsKnownAfterTheDayDoNotChangeIt() {
        Map<TableContract, List<Map<String, Object>>> later = Map.of(
                SilverTables.SESSIONS, List.of(session("s9", "a3", null, "2026-01-13T10:00:00Z", "cpc", "bing", null)),
                // a3 (a visitor of the 11th) identified on the 13th
                SilverTables.IDENTITY_MAP, List.of(identity("a3", "c4", "2026-01-13T09:00:00Z")),
                SilverTables.CONTACT_HISTORY, List.of(
                        contact("c6", "lead", "Web", "2026-01-13T09:00:00Z", "2026-01-13T09:00:00Z"),
                        // a lead created on the 12th that the CRM export showed only on the 13th
                        contact("c7", "lead", "Web", "2026-01-12T09:00:00Z", "2026-01-13T09:00:00Z")),
                // o3 won: closed on the 12th by the CRM's stamp, but first seen in the 13th's snapshot
                SilverTables.OPPORTUNITY_HISTORY, List.of(
                        stage("o3", 4, "closed_won", 5, "2026-01-12T20:00:00Z", null, "2026-01-13", "3000")),
                SilverTables.OPPORTUNITY_CHANGES, List.of(values("opportunity_id", "o3",
                        "snapshot_date", LocalDate.of(2026, 1, 13), "field_name", "amount_usd",
                        "old_value", "3000.00", "new_value", "3500.00")));
        List<Row> before = transform(silver(Map.of()), FROM, TO).orderBy("funnel_date", "source_channel")
                .collectAsList();
        Dataset<Row> withLater = transform(silver(later), FROM, LocalDate.of(2026, 1, 13));
        List<Row> after = withLater.filter("funnel_date <= DATE'2026-01-12'")
                .orderBy("funnel_date", "source_channel").collectAsList();
        assertThat(after).containsExactlyElementsOf(before);
        // ...and they do count on the day they became known
        Row day13 = byKey(withLater).get("2026-01-13 all");
        assertThat(counts(day13)).isEqualTo("1/1/2/0/1/0/0");
    }

    private static void write(SparkSession spark, Lake lake, Map<TableContract, Dataset<Row>> tables) {
        tables.forEach((table, rows) -> {
            DeltaTables.ensure(spark, lake, table);
            rows.write().format("delta").mode("append").save(lake.path(table));
        });
    }

    private static List<Row> content(SparkSession spark, Lake lake) {
        return DeltaTables.read(spark, lake, GoldTables.FUNNEL_DAILY).orderBy("funnel_date", "source_channel")
                .collectAsList();
    }

    @Test
    void nightlyRunsLeaveTheSameTableAsOneBackfill(@TempDir Path dir) {
        SparkSession spark = SharedSpark.get();
        Lake lake = new Lake(dir.toString());
        write(spark, lake, silver(Map.of()));

        for (LocalDate d = TO.minusDays(1); !d.isAfter(TO); d = d.plusDays(1)) {
            GoldFunnelDailyJob.run(spark, GoldBatch.nightly(lake, d, GoldBatch.DEFAULT_REFOLD_DAYS, "n" + d));
        }
        List<Row> nightly = content(spark, lake);
        assertThat(nightly).extracting(r -> r.getAs("funnel_date").toString() + " " + r.getAs("source_channel"))
                .contains("2026-01-04 all", "2026-01-04 event", "2026-01-12 paid_search")
                .doesNotContain("2026-01-03 all");

        // One backfill over the same dates replaces (and would delete) every row: nothing may differ.
        long written = GoldFunnelDailyJob.run(spark, new GoldBatch(lake,
                TO.minusDays(1 + GoldBatch.DEFAULT_REFOLD_DAYS), TO, "backfill"));
        assertThat(written).isEqualTo(nightly.size());
        assertThat(content(spark, lake)).containsExactlyElementsOf(nightly);

        GoldFunnelDailyJob.run(spark, GoldBatch.nightly(lake, TO, GoldBatch.DEFAULT_REFOLD_DAYS, "again"));
        assertThat(content(spark, lake)).containsExactlyElementsOf(nightly);
    }
}
