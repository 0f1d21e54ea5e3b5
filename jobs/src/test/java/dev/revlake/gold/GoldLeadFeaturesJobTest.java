package dev.revlake.gold;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.silver.SilverTables;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;

class GoldLeadFeaturesJobTest {

    /** The checkpoints a transform takes, released after each test. */
    private static final LocalCheckpoints CHECKPOINTS = new LocalCheckpoints();

    @AfterEach
    void releaseCheckpoints() {
        CHECKPOINTS.close();
    }

    private static final LocalDate MAR_1 = LocalDate.of(2026, 3, 1);

    static Map<String, Object> touch(String contact, String account, String activity, String known,
                                     Object... measures) {
        Map<String, Object> m = new HashMap<>();
        for (String name : GoldContactTouchesJob.MEASURES) {
            m.put(name, 0L);
        }
        m.putAll(values("contact_id", contact, "account_id", account, "activity_date", LocalDate.parse(activity),
                "known_date", LocalDate.parse(known), "first_touch_at", at(activity + "T09:00:00Z"),
                "last_touch_at", at(activity + "T10:00:00Z")));
        for (int i = 0; i < measures.length; i += 2) {
            Object v = measures[i + 1];
            m.put((String) measures[i], v instanceof Integer n ? (Object) n.longValue() : v);
        }
        return m;
    }

    static Map<String, Object> session(String which, String at, String channel, String source, String medium) {
        return values(which + "_session_at", at(at), which + "_session_channel", channel,
                which + "_session_source", source, which + "_session_medium", medium);
    }

    static Map<String, Object> with(Map<String, Object> row, Map<String, Object> more) {
        Map<String, Object> m = new HashMap<>(row);
        m.putAll(more);
        return m;
    }

    static Map<String, Object> contact(String id, String type, String status, String updatedAt, String created,
                                       String title, String country) {
        return values("contact_id", id, "record_type", type, "account_id", "a1", "email", id + "@example.com",
                "job_title", title, "country", country, "owner_id", "rep1", "lead_source", "Web",
                "status", status, "is_converted", status.equals("converted"),
                "converted_at", status.equals("converted") ? at(updatedAt) : null,
                "created_at", at(created), "updated_at", at(updatedAt));
    }

    static List<Map<String, Object>> baseTouches() {
        List<Map<String, Object>> t = new ArrayList<>();
        t.add(with(touch("c1", "a1", "2026-03-01", "2026-03-01", "page_views", 3, "pricing_page_views", 1,
                "desktop_page_views", 3, "web_sessions", 1, "engagement_points", 7),
                session("first", "2026-03-01T09:00:00Z", "organic_search", "google.com", "organic")));
        t.set(0, with(t.get(0), session("last", "2026-03-01T09:00:00Z", "organic_search", "google.com", "organic")));
        t.add(touch("c1", "a1", "2026-03-02", "2026-03-02", "email_opens", 1, "email_clicks", 1,
                "engagement_points", 4));
        // Anonymous browsing of 25 February, attributed when the browser was identified on 1 March.
        Map<String, Object> stitched = with(touch("c1", "a1", "2026-02-25", "2026-03-01", "page_views", 2,
                "mobile_page_views", 2, "web_sessions", 1, "engagement_points", 2),
                session("first", "2026-02-25T20:00:00Z", "paid_social", "linkedin", "paid_social"));
        t.add(with(stitched, session("last", "2026-02-25T20:00:00Z", "paid_social", "linkedin", "paid_social")));
        t.add(touch("c1", "a1", "2026-03-04", "2026-03-04", "page_views", 1, "mobile_page_views", 1,
                "engagement_points", 1));
        t.add(touch("c3", "a1", "2026-03-03", "2026-03-03", "page_views", 5, "engagement_points", 5));
        t.add(touch("c2", "a1", "2026-03-03", "2026-03-03", "form_submissions", 1,
                "high_intent_form_submissions", 1, "engagement_points", 25));
        return t;
    }

    static List<Map<String, Object>> contacts() {
        return List.of(
                contact("c1", "lead", "open", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z", "VP of Marketing", null),
                contact("c1", "lead", "working", "2026-03-05T11:00:00Z", "2026-03-01T10:00:00Z", "VP of Marketing",
                        null),
                contact("c1", "contact", "converted", "2026-03-20T12:00:00Z", "2026-03-01T10:00:00Z",
                        "VP of Marketing", null),
                contact("c2", "lead", "open", "2026-03-02T08:00:00Z", "2026-03-02T08:00:00Z", "Data Analyst", "DE"),
                contact("c2", "lead", "disqualified", "2026-03-05T08:00:00Z", "2026-03-02T08:00:00Z", "Data Analyst",
                        "DE"),
                contact("c3", "contact", "converted", "2026-01-10T08:00:00Z", "2026-01-01T08:00:00Z", "CFO", "US"));
    }

    static Dataset<Row> accounts() {
        return TestRows.table(SilverTables.ACCOUNT_HISTORY,
                values("account_id", "a1", "account_name", "Acme", "industry", "Software", "employee_count", 150,
                        "annual_revenue_usd", new BigDecimal("20000000.00"), "country", "US",
                        "created_at", at("2026-02-01T00:00:00Z"), "updated_at", at("2026-02-01T00:00:00Z")),
                values("account_id", "a1", "account_name", "Acme", "industry", "Software", "employee_count", 300,
                        "annual_revenue_usd", new BigDecimal("20000000.00"), "country", "US",
                        "created_at", at("2026-02-01T00:00:00Z"), "updated_at", at("2026-03-08T00:00:00Z")));
    }

    static Dataset<Row> touches(List<Map<String, Object>> rows) {
        return TestRows.of(GoldTables.CONTACT_TOUCHES_DAILY.schema(), rows);
    }

    static Dataset<Row> history(List<Map<String, Object>> rows) {
        return TestRows.of(SilverTables.CONTACT_HISTORY.schema(), rows);
    }

    static Map<String, Row> byKey(Dataset<Row> features) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : features.collectAsList()) {
            m.put(r.getAs("contact_id") + " " + r.getAs("snapshot_date"), r);
        }
        return m;
    }

    private static Map<String, Row> features(List<Map<String, Object>> touches, List<Map<String, Object>> contacts,
                                             String from, String to) {
        return byKey(GoldLeadFeaturesJob.transform(CHECKPOINTS, touches(touches), history(contacts), accounts(),
                LocalDate.parse(from), LocalDate.parse(to)));
    }

    private static long n(Row r, String column) {
        return ((Number) r.getAs(column)).longValue();
    }

    @Test
    void oneRowPerOpenLeadPerDayWithTheContractSchema() {
        Dataset<Row> out = GoldLeadFeaturesJob.transform(CHECKPOINTS, touches(baseTouches()), history(contacts()),
                accounts(), MAR_1, LocalDate.of(2026, 3, 6));
        assertThat(shape(out.schema())).isEqualTo(shape(GoldTables.LEAD_FEATURES.schema()));
        assertThat(byKey(out).keySet()).containsExactlyInAnyOrder(
                "c1 2026-03-01", "c1 2026-03-02", "c1 2026-03-03", "c1 2026-03-04", "c1 2026-03-05", "c1 2026-03-06",
                "c2 2026-03-02", "c2 2026-03-03", "c2 2026-03-04");
    }

    @Test
    void windowedCountsRecencyAttributionAndFit() {
        Map<String, Row> f = features(baseTouches(), contacts(), "2026-03-01", "2026-03-06");
        Row mar1 = f.get("c1 2026-03-01");
        assertThat(n(mar1, "page_views_1d")).isEqualTo(3);
        assertThat(n(mar1, "page_views_7d")).isEqualTo(5); // includes the browsing attributed that day
        assertThat(n(mar1, "web_sessions_7d")).isEqualTo(2);
        assertThat(n(mar1, "pricing_page_views_7d")).isEqualTo(1);
        assertThat(n(mar1, "web_active_days_7d")).isEqualTo(2);
        assertThat(n(mar1, "device_types_30d")).isEqualTo(2);
        assertThat(mar1.<Boolean>getAs("is_multi_device_30d")).isTrue();
        assertThat(n(mar1, "days_since_first_touch")).isEqualTo(4);
        assertThat(n(mar1, "days_since_last_touch")).isZero();
        assertThat(mar1.<Object>getAs("days_since_last_email_click")).isNull();
        assertThat(mar1.<String>getAs("first_touch_channel")).isEqualTo("paid_social");
        assertThat(mar1.<String>getAs("first_touch_source")).isEqualTo("linkedin");
        assertThat(mar1.<String>getAs("last_touch_channel")).isEqualTo("organic_search");
        assertThat(n(mar1, "web_visit_streak_days")).isEqualTo(1);
        assertThat(mar1.<Double>getAs("engagement_score")).isCloseTo(7 + 2 * Math.pow(0.5, 4 / 14.0), within(0.006));
        assertThat(mar1.<String>getAs("industry")).isEqualTo("Software");
        assertThat(mar1.<String>getAs("employee_band")).isEqualTo("51-200");
        assertThat(mar1.<String>getAs("segment")).isEqualTo("smb");
        assertThat(mar1.<String>getAs("country")).isEqualTo("US");
        assertThat(mar1.<String>getAs("job_title_seniority")).isEqualTo("vp");
        assertThat(mar1.<String>getAs("job_title_department")).isEqualTo("marketing");
        assertThat(mar1.<String>getAs("lead_status")).isEqualTo("open");
        assertThat(n(mar1, "days_since_created")).isZero();

        Row mar2 = f.get("c1 2026-03-02");
        assertThat(n(mar2, "page_views_1d")).isZero();
        assertThat(n(mar2, "email_clicks_1d")).isEqualTo(1);
        assertThat(n(mar2, "days_since_last_email_click")).isZero();
        assertThat(n(mar2, "web_visit_streak_days")).isEqualTo(1); // visited yesterday
        assertThat(n(f.get("c1 2026-03-03"), "web_visit_streak_days")).isZero();

        Row mar3 = f.get("c1 2026-03-03");
        assertThat(n(mar3, "account_page_views_30d")).isEqualTo(10); // c1 5 + c3 (a customer contact) 5
        assertThat(n(mar3, "account_engaged_contacts_30d")).isEqualTo(3);
        assertThat(n(mar3, "days_since_last_email_click")).isEqualTo(1);

        Row mar6 = f.get("c1 2026-03-06");
        assertThat(n(mar6, "page_views_7d")).isEqualTo(4); // 25 February has left the window
        assertThat(n(mar6, "page_views_30d")).isEqualTo(6);
        assertThat(n(mar6, "page_views_90d")).isEqualTo(6);
        assertThat(mar6.<String>getAs("lead_status")).isEqualTo("working");
        assertThat(n(mar6, "days_since_last_page_view")).isEqualTo(2);

        Row c2 = f.get("c2 2026-03-03");
        assertThat(n(c2, "high_intent_form_submissions_30d")).isEqualTo(1);
        assertThat(n(c2, "days_since_last_form_submission")).isZero();
        assertThat(c2.<String>getAs("country")).isEqualTo("DE");
        assertThat(c2.<String>getAs("job_title_seniority")).isEqualTo("individual_contributor");
        assertThat(c2.<String>getAs("job_title_department")).isEqualTo("data");
    }

    /**
     * The windowed counts of a short batch (a night with its refold) start from the sums on the
     * day before it; a long batch folds every change. Both must give, for every snapshot, what
     * counting the touches directly gives: known by then, and happened within the window.
     */
    @Test
    void windowedCountsOfShortAndLongBatchesEqualADirectCount() {
        java.util.Random random = new java.util.Random(11);
        List<Map<String, Object>> touches = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (LocalDate day = LocalDate.of(2025, 12, 1); day.isBefore(LocalDate.of(2026, 5, 1)); day = day.plusDays(1)) {
            for (int i = 0; i < 2; i++) {
                if (random.nextInt(100) >= 40) {
                    continue;
                }
                // Most touches are known the day they happen; some only when a browser is identified later.
                LocalDate known = random.nextInt(4) == 0 ? day.plusDays(1 + random.nextInt(100)) : day;
                if (keys.add(day + " " + known)) {
                    int views = random.nextInt(4);
                    touches.add(touch("c5", "a1", day.toString(), known.toString(), "page_views", views,
                            "desktop_page_views", views, "email_opens", random.nextInt(3)));
                }
            }
        }
        List<Map<String, Object>> leads = List.of(contact("c5", "lead", "open", "2025-12-01T10:00:00Z",
                "2025-12-01T10:00:00Z", "VP of Sales", "US"));
        LocalDate asOf = LocalDate.of(2026, 4, 30);
        List<LocalDate[]> batches = List.of(
                new LocalDate[] {LocalDate.of(2026, 1, 20), asOf},
                new LocalDate[] {LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 10)},
                new LocalDate[] {LocalDate.of(2026, 2, 14), LocalDate.of(2026, 2, 14)});
        List<String> checked = List.of("page_views_1d", "page_views_7d", "page_views_30d", "page_views_90d",
                "email_opens_7d", "email_opens_90d", "web_active_days_7d", "web_active_days_30d");
        int compared = 0;
        for (LocalDate[] batch : batches) {
            Map<String, Row> f = byKey(GoldLeadFeaturesJob.transform(CHECKPOINTS, touches(touches), history(leads),
                    accounts(), batch[0], batch[1], asOf));
            for (LocalDate d = batch[0]; !d.isAfter(batch[1]); d = d.plusDays(1)) {
                Row row = f.get("c5 " + d);
                assertThat(row).as("c5 %s", d).isNotNull();
                for (String column : checked) {
                    assertThat(n(row, column)).as("%s on %s in batch %s..%s", column, d, batch[0], batch[1])
                            .isEqualTo(directCount(touches, column, d));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(checked.size() * (101 + 8 + 1));
    }

    /** A windowed column counted touch by touch, with no running sums. */
    private static long directCount(List<Map<String, Object>> touches, String column, LocalDate day) {
        int cut = column.lastIndexOf('_');
        String measure = column.substring(0, cut);
        int window = Integer.parseInt(column.substring(cut + 1, column.length() - 1));
        LocalDate first = day.minusDays(window - 1);
        if (measure.equals("web_active_days")) {
            Map<LocalDate, LocalDate> firstKnown = new HashMap<>();
            for (Map<String, Object> t : touches) {
                if ((Long) t.get("page_views") > 0) {
                    firstKnown.merge((LocalDate) t.get("activity_date"), (LocalDate) t.get("known_date"),
                            (a, b) -> a.isBefore(b) ? a : b);
                }
            }
            return firstKnown.entrySet().stream().filter(e -> !e.getKey().isBefore(first)
                    && !e.getKey().isAfter(day) && !e.getValue().isAfter(day)).count();
        }
        return touches.stream().filter(t -> !((LocalDate) t.get("activity_date")).isBefore(first)
                        && !((LocalDate) t.get("activity_date")).isAfter(day)
                        && !((LocalDate) t.get("known_date")).isAfter(day))
                .mapToLong(t -> (Long) t.get(measure)).sum();
    }

    @Test
    void firmographicsFollowTheAccountVersionOfTheDay() {
        Map<String, Row> f = features(baseTouches(), contacts(), "2026-03-07", "2026-03-08");
        assertThat(f.get("c1 2026-03-07").<String>getAs("employee_band")).isEqualTo("51-200");
        assertThat(f.get("c1 2026-03-08").<String>getAs("employee_band")).isEqualTo("201-1000");
        assertThat(f.get("c1 2026-03-08").<String>getAs("segment")).isEqualTo("mid_market");
    }

    @Test
    void laterTouchesAndVersionsNeverChangeAnEarlierSnapshot() {
        Map<String, Row> before = features(baseTouches(), contacts(), "2026-03-01", "2026-03-04");
        List<Map<String, Object>> more = new ArrayList<>(baseTouches());
        more.add(touch("c1", "a1", "2026-03-05", "2026-03-05", "page_views", 9, "engagement_points", 40));
        // Browsing of 2 March by a browser identified only on 5 March.
        more.add(touch("c1", "a1", "2026-03-02", "2026-03-05", "page_views", 4, "engagement_points", 4));
        more.add(touch("c4", "a1", "2026-03-05", "2026-03-05", "page_views", 4));
        List<Map<String, Object>> versions = new ArrayList<>(contacts());
        versions.add(contact("c2", "lead", "working", "2026-03-04T23:59:00Z", "2026-03-02T08:00:00Z",
                "Chief Data Officer", "DE"));
        Map<String, Row> after = features(more, versions, "2026-03-01", "2026-03-04");
        for (String key : List.of("c1 2026-03-01", "c1 2026-03-02", "c1 2026-03-03", "c1 2026-03-04",
                "c2 2026-03-02", "c2 2026-03-03")) {
            assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
        }
        assertThat(after.get("c2 2026-03-04")).isNotEqualTo(before.get("c2 2026-03-04")); // a same-day version
        assertThat(after.get("c2 2026-03-04").<String>getAs("job_title_seniority")).isEqualTo("c_level");
    }

    @Test
    void labelsStayNullUntilTheWindowHasPassed() {
        Map<String, Row> early = features(baseTouches(), contacts(), "2026-03-01", "2026-03-30");
        assertThat(early.values()).allSatisfy(r -> assertThat(r.<Object>getAs("converted_within_30d")).isNull());
        assertThat(early).doesNotContainKey("c1 2026-03-20"); // converted that day: no longer an open lead

        Map<String, Row> f = features(baseTouches(), contacts(), "2026-03-01", "2026-04-10");
        assertThat(f.get("c1 2026-03-01").<Boolean>getAs("converted_within_30d")).isTrue();
        assertThat(f.get("c1 2026-03-01").<Object>getAs("converted_date")).isEqualTo(LocalDate.of(2026, 3, 20));
        assertThat(f.get("c1 2026-03-01").<Object>getAs("label_matures_on")).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(f.get("c1 2026-03-10").<Boolean>getAs("converted_within_30d")).isTrue();
        assertThat(f.get("c1 2026-03-12").<Object>getAs("converted_within_30d")).isNull(); // matures 11 April
        assertThat(f.get("c2 2026-03-02").<Boolean>getAs("converted_within_30d")).isFalse();
        assertThat(f.get("c2 2026-03-02").<Object>getAs("converted_date")).isNull();
    }

    @Test
    void nightlyRunsEqualOneBackfillAndRerunsChangeNothing(@TempDir Path dir) {
        SparkSession spark = SharedSpark.get();
        Lake nightly = seeded(spark, dir.resolve("nightly"));
        Lake backfill = seeded(spark, dir.resolve("backfill"));
        LocalDate week = LocalDate.of(2026, 3, 5);
        for (LocalDate d = MAR_1; !d.isAfter(week); d = d.plusDays(1)) {
            GoldLeadFeaturesJob.run(spark, GoldBatch.nightly(nightly, d, 2, "n-" + d));
        }
        GoldLeadFeaturesJob.run(spark, new GoldBatch(backfill, MAR_1, week, "b"));
        assertThat(sorted(spark, nightly)).containsExactlyElementsOf(sorted(spark, backfill)).hasSize(5 + 3);

        // A month later: a catch-up batch, then one nightly run whose labels mature for earlier snapshots.
        LocalDate last = LocalDate.of(2026, 4, 8);
        GoldLeadFeaturesJob.run(spark, new GoldBatch(nightly, week.plusDays(1), last.minusDays(1), "catch-up"));
        GoldLeadFeaturesJob.run(spark, GoldBatch.nightly(nightly, last, 2, "n-" + last));
        GoldLeadFeaturesJob.run(spark, new GoldBatch(backfill, MAR_1, last, "b2"));
        List<Row> expected = sorted(spark, backfill);
        assertThat(expected).hasSize(19 + 3);
        assertThat(expected.stream().filter(r -> r.getAs("converted_within_30d") != null))
                .hasSize(9 + 3); // matured by 8 April: snapshots up to 9 March
        assertThat(sorted(spark, nightly)).containsExactlyElementsOf(expected);

        GoldLeadFeaturesJob.run(spark, new GoldBatch(backfill, MAR_1, last, "again"));
        assertThat(sorted(spark, backfill)).containsExactlyElementsOf(expected);
    }

    static List<String> shape(org.apache.spark.sql.types.StructType schema) {
        return java.util.Arrays.stream(schema.fields())
                .map(f -> f.name() + " " + f.dataType().simpleString() + (f.nullable() ? "" : " not null")).toList();
    }

    private static Lake seeded(SparkSession spark, Path dir) {
        Lake lake = new Lake(dir.toString());
        write(touches(baseTouches()), lake.path(GoldTables.CONTACT_TOUCHES_DAILY));
        write(history(contacts()), lake.path(SilverTables.CONTACT_HISTORY));
        write(accounts(), lake.path(SilverTables.ACCOUNT_HISTORY));
        return lake;
    }

    private static void write(Dataset<Row> rows, String path) {
        rows.write().format("delta").mode(SaveMode.Overwrite).save(path);
    }

    private static List<Row> sorted(SparkSession spark, Lake lake) {
        return DeltaTables.read(spark, lake, GoldTables.LEAD_FEATURES).orderBy("snapshot_date", "contact_id")
                .collectAsList();
    }
}
