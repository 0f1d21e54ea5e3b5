package dev.revlake.gold;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.silver.SilverTables;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;

class GoldContactActivityDailyJobTest {

    private static final LocalDate FROM = LocalDate.of(2026, 1, 10);
    private static final LocalDate TO = LocalDate.of(2026, 1, 11);

    private static Map<String, Object> view(String id, String cookie, String contact, String at, String path,
                                            String category) {
        return values("event_id", id, "event_date", at(at).atZone(ZoneOffset.UTC).toLocalDate(),
                "occurred_at", at(at), "channel", "web", "event_type", "page_view", "anonymous_id", cookie,
                "contact_id", contact, "page_path", path, "page_category", category,
                "delivery_date", at(at).atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static Map<String, Object> session(String id, String cookie, String contact, String startedAt,
                                               String medium, String referrer) {
        return values("session_id", id, "session_date", at(startedAt).atZone(ZoneOffset.UTC).toLocalDate(),
                "anonymous_id", cookie, "contact_id", contact, "started_at", at(startedAt),
                "ended_at", at(startedAt), "duration_seconds", 0L, "page_view_count", 1L,
                "utm_medium", medium, "utm_source", medium == null ? null : "google", "referrer_domain", referrer,
                "has_pricing_view", false, "has_demo_view", false);
    }

    private static Map<String, Object> identity(String cookie, String contact, String identifiedAt) {
        return values("anonymous_id", cookie, "email", contact + "@x.example", "contact_id", contact,
                "identified_at", at(identifiedAt), "identified_by", "email_click", "identifying_event_id", "e");
    }

    private static Map<String, Object> contact(String id, String updatedAt, String account, String owner,
                                               String status, String first, String last, String title) {
        return values("contact_id", id, "record_type", "lead", "account_id", account, "email", id + "@x.example",
                "first_name", first, "last_name", last, "job_title", title, "owner_id", owner, "status", status,
                "is_converted", false, "created_at", at("2026-01-01T00:00:00Z"), "updated_at", at(updatedAt));
    }

    private static Map<String, Object> account(String id, String updatedAt, String name, String owner) {
        return values("account_id", id, "account_name", name, "owner_id", owner,
                "created_at", at("2026-01-01T00:00:00Z"), "updated_at", at(updatedAt));
    }

    private static Map<TableContract, Dataset<Row>> silver(Map<TableContract, List<Map<String, Object>>> extra) {
        Map<TableContract, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put(SilverTables.EVENTS, List.of(
                // a1 = c1 from 09:30 on the 10th; views before that, the same day, count too
                view("e1", "a1", "c1", "2026-01-10T09:00:00Z", "/pricing", "pricing"),
                view("e2", "a1", "c1", "2026-01-10T09:10:00Z", "/blog/x", "blog"),
                view("e3", "a1", "c1", "2026-01-10T09:20:00Z", "/pricing", "pricing"),
                view("e4", "a1", "c1", "2026-01-10T15:00:00Z", "/", "home"),
                view("e5", "a1", "c1", "2026-01-10T15:05:00Z", "/careers", "careers"),
                view("e6", "a1", "c1", "2026-01-10T15:10:00Z", "/demo", "demo"),
                view("e7", "a1", "c1", "2026-01-10T15:15:00Z", "/docs/a", "docs"),
                view("e8", "a1", "c1", "2026-01-10T15:20:00Z", "/blog/x", "blog"),
                view("e9", "a1", "c1", "2026-01-11T11:00:00Z", "/pricing", "pricing"),
                // a2 = c2 only from the 11th (silver stitched the 10th's view retroactively)
                view("e10", "a2", "c2", "2026-01-10T11:00:00Z", "/pricing", "pricing"),
                view("e11", "a2", "c2", "2026-01-11T10:00:00Z", "/demo", "demo"),
                view("e12", "a2", "c2", "2026-01-11T13:00:00Z", "/case-studies/x", "case_study"),
                // never identified
                view("e13", "a3", null, "2026-01-10T11:00:00Z", "/pricing", "pricing"),
                // identified as c7, whom the CRM does not know yet
                view("e14", "a4", "c7", "2026-01-10T11:00:00Z", "/pricing", "pricing"),
                // not a page view
                values("event_id", "x1", "event_date", LocalDate.of(2026, 1, 10), "occurred_at",
                        at("2026-01-10T08:00:00Z"), "channel", "email", "event_type", "email_click",
                        "contact_id", "c1", "delivery_date", LocalDate.of(2026, 1, 10))));
        rows.put(SilverTables.SESSIONS, List.of(
                session("s1", "a1", "c1", "2026-01-10T09:00:00Z", "cpc", null),
                session("s2", "a1", "c1", "2026-01-10T15:00:00Z", null, "www.google.com"),
                session("s3", "a1", "c1", "2026-01-11T11:00:00Z", null, null),
                session("s4", "a2", "c2", "2026-01-10T11:00:00Z", "cpc", null),
                session("s5", "a2", "c2", "2026-01-11T10:00:00Z", null, null),
                session("s6", "a2", "c2", "2026-01-11T13:00:00Z", "email", null)));
        rows.put(SilverTables.IDENTITY_MAP, List.of(
                identity("a1", "c1", "2026-01-10T09:30:00Z"),
                identity("a2", "c2", "2026-01-11T12:00:00Z"),
                identity("a4", "c7", "2026-01-10T10:00:00Z")));
        rows.put(SilverTables.CONTACT_HISTORY, List.of(
                contact("c1", "2026-01-01T00:00:00Z", "acc1", "rep1", "open", "Ada", " Lovelace ", "CTO"),
                contact("c1", "2026-01-11T08:00:00Z", "acc1", "rep2", "working", "Ada", " Lovelace ", "CTO"),
                contact("c2", "2026-01-05T00:00:00Z", "acc2", null, "open", "Grace", null, null),
                contact("c7", "2026-01-12T00:00:00Z", "acc2", "rep7", "open", "Late", "Lead", null)));
        rows.put(SilverTables.ACCOUNT_HISTORY, List.of(
                account("acc1", "2026-01-01T00:00:00Z", "Acme", "repA"),
                account("acc1", "2026-01-11T09:00:00Z", "Acme Corp", "repA"),
                account("acc2", "2026-01-01T00:00:00Z", "Globex", "repG"),
                account("acc2", "2026-01-12T00:00:00Z", "Globex", "repH")));
        Map<TableContract, Dataset<Row>> out = new LinkedHashMap<>();
        rows.forEach((table, base) -> {
            List<Map<String, Object>> all = new ArrayList<>(base);
            all.addAll(extra.getOrDefault(table, List.of()));
            out.put(table, TestRows.of(table.schema(), all));
        });
        return out;
    }

    private static Dataset<Row> transform(Map<TableContract, Dataset<Row>> s, LocalDate from, LocalDate to) {
        return GoldContactActivityDailyJob.transform(s.get(SilverTables.EVENTS), s.get(SilverTables.SESSIONS),
                s.get(SilverTables.IDENTITY_MAP), s.get(SilverTables.CONTACT_HISTORY),
                s.get(SilverTables.ACCOUNT_HISTORY), from, to);
    }

    private static String describe(Row r) {
        return r.getAs("activity_date") + " " + r.getAs("contact_id") + " | " + r.getAs("account_id") + " "
                + r.getAs("account_name") + " " + r.getAs("owner_id") + " " + r.getAs("full_name") + " "
                + r.getAs("job_title") + " " + r.getAs("lead_status") + " | " + r.getAs("page_views") + " "
                + r.getAs("web_sessions") + " " + r.getAs("first_seen_at") + " " + r.getAs("last_seen_at") + " "
                + r.getList(r.fieldIndex("top_pages")) + " " + r.getList(r.fieldIndex("page_categories")) + " "
                + r.getAs("has_pricing_view") + " " + r.getAs("has_demo_view") + " " + r.getAs("landing_channel");
    }

    private static List<String> rows(Dataset<Row> result) {
        return result.orderBy("activity_date", "contact_id").collectAsList().stream()
                .map(GoldContactActivityDailyJobTest::describe).toList();
    }

    @Test
    void listsKnownContactsWithTheirPagesAndWhoTheyWereThatDay() {
        Dataset<Row> result = transform(silver(Map.of()), FROM, TO);
        assertThat(result.schema().fieldNames()).containsExactlyElementsOf(GoldTables.CONTACT_ACTIVITY_DAILY.columns());
        for (var f : GoldTables.CONTACT_ACTIVITY_DAILY.schema().fields()) {
            assertThat(result.schema().apply(f.name()).dataType()).as(f.name()).isEqualTo(f.dataType());
        }
        assertThat(rows(result)).containsExactly(
                // most viewed first, ties by path, five at most; owner and status as of the 10th
                "2026-01-10 c1 | acc1 Acme rep1 Ada Lovelace CTO open | 8 2 2026-01-10T09:00:00Z"
                        + " 2026-01-10T15:20:00Z [/blog/x, /pricing, /, /careers, /demo]"
                        + " [blog, careers, demo, docs, home, pricing] true true paid_search",
                // the CRM versions of the morning of the 11th apply
                "2026-01-11 c1 | acc1 Acme Corp rep2 Ada Lovelace CTO working | 1 1 2026-01-11T11:00:00Z"
                        + " 2026-01-11T11:00:00Z [/pricing] [pricing] true false direct",
                // no contact owner: the account owner as of the 11th (repH only from the 12th)
                "2026-01-11 c2 | acc2 Globex repG Grace null open | 2 2 2026-01-11T10:00:00Z"
                        + " 2026-01-11T13:00:00Z [/case-studies/x, /demo] [case_study, demo] false true direct");
    }

    @Test
    void activityKnownAfterTheDayDoesNotChangeIt() {
        Map<TableContract, List<Map<String, Object>>> later = Map.of(
                SilverTables.EVENTS, List.of(view("e20", "a3", "c3", "2026-01-12T09:00:00Z", "/demo", "demo")),
                SilverTables.SESSIONS, List.of(session("s20", "a3", "c3", "2026-01-12T09:00:00Z", null, null)),
                // a3 (a visitor of the 10th) identified on the 12th
                SilverTables.IDENTITY_MAP, List.of(identity("a3", "c3", "2026-01-12T09:00:00Z")),
                SilverTables.CONTACT_HISTORY, List.of(
                        contact("c3", "2026-01-01T00:00:00Z", "acc1", "rep3", "open", "Cy", "Three", null),
                        contact("c1", "2026-01-12T08:00:00Z", "acc2", "rep9", "qualified", "Ada", "L", "CEO")),
                SilverTables.ACCOUNT_HISTORY, List.of(account("acc1", "2026-01-12T01:00:00Z", "Acme Inc", "repZ")));
        List<String> before = rows(transform(silver(Map.of()), FROM, TO));
        Dataset<Row> withLater = transform(silver(later), FROM, LocalDate.of(2026, 1, 12));
        assertThat(rows(withLater.filter("activity_date <= DATE'2026-01-11'"))).containsExactlyElementsOf(before);
        assertThat(rows(withLater.filter("activity_date = DATE'2026-01-12'"))).containsExactly(
                "2026-01-12 c3 | acc1 Acme Inc rep3 Cy Three null open | 1 1 2026-01-12T09:00:00Z"
                        + " 2026-01-12T09:00:00Z [/demo] [demo] false true direct");
    }

    @Test
    void nightlyRunsLeaveTheSameTableAsOneBackfill(@TempDir Path dir) {
        SparkSession spark = SharedSpark.get();
        Lake lake = new Lake(dir.toString());
        silver(Map.of()).forEach((table, rows) -> {
            DeltaTables.ensure(spark, lake, table);
            rows.write().format("delta").mode("append").save(lake.path(table));
        });
        GoldContactActivityDailyJob.run(spark, GoldBatch.nightly(lake, FROM, 1, "n1"));
        GoldContactActivityDailyJob.run(spark, GoldBatch.nightly(lake, TO, 1, "n2"));
        List<String> nightly = rows(DeltaTables.read(spark, lake, GoldTables.CONTACT_ACTIVITY_DAILY));
        assertThat(nightly).hasSize(3);

        // One backfill over the same dates replaces (and would delete) every row: nothing may differ.
        long written = GoldContactActivityDailyJob.run(spark, new GoldBatch(lake, FROM.minusDays(1), TO, "backfill"));
        assertThat(written).isEqualTo(3);
        assertThat(rows(DeltaTables.read(spark, lake, GoldTables.CONTACT_ACTIVITY_DAILY)))
                .containsExactlyElementsOf(nightly);

        GoldContactActivityDailyJob.run(spark, GoldBatch.nightly(lake, TO, 1, "again"));
        assertThat(rows(DeltaTables.read(spark, lake, GoldTables.CONTACT_ACTIVITY_DAILY)))
                .containsExactlyElementsOf(nightly);
    }
}
