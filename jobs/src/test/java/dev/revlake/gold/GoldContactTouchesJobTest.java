package dev.revlake.gold;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import dev.revlake.silver.SilverTables;
import dev.revlake.testing.TestRows;

class GoldContactTouchesJobTest {

    static Map<String, Object> event(String id, String channel, String type, String occurredAt, String anonymousId,
                                     String contact, Object... more) {
        Map<String, Object> m = new java.util.HashMap<>(values("event_id", id, "channel", channel, "event_type", type,
                "occurred_at", at(occurredAt), "event_date", LocalDate.parse(occurredAt.substring(0, 10)),
                "delivery_date", LocalDate.parse(occurredAt.substring(0, 10)), "anonymous_id", anonymousId,
                "contact_id", contact, "account_id", contact == null ? null : "acc1"));
        m.putAll(values(more));
        return m;
    }

    static Map<String, Object> session(String id, String startedAt, String utmSource, String utmMedium,
                                       String referrerDomain) {
        return values("session_id", id, "session_date", LocalDate.parse(startedAt.substring(0, 10)),
                "anonymous_id", "anon1", "contact_id", "c1", "account_id", "acc1", "started_at", at(startedAt),
                "ended_at", at(startedAt), "duration_seconds", 0L, "page_view_count", 1L, "utm_source", utmSource,
                "utm_medium", utmMedium, "referrer_domain", referrerDomain, "has_pricing_view", false,
                "has_demo_view", false);
    }

    @SafeVarargs
    static Dataset<Row> events(Map<String, Object>... rows) {
        return TestRows.of(SilverTables.EVENTS.schema(), List.of(rows));
    }

    static List<Map<String, Object>> baseEvents() {
        return new ArrayList<>(List.of(
                // Anonymous browsing on 1 March by a browser identified on 3 March.
                event("e1", "web", "page_view", "2026-03-01T09:01:00Z", "anon1", "c1", "page_category", "pricing",
                        "device_type", "desktop"),
                event("e2", "email", "email_click", "2026-03-02T08:00:00Z", null, "c1"),
                event("e3", "web", "page_view", "2026-03-03T11:00:00Z", "anon1", "c1", "page_category", "blog",
                        "device_type", "mobile"),
                event("e4", "form", "form_submission", "2026-03-03T10:00:00Z", "anon1", "c1", "form_type",
                        "demo_request"),
                event("e5", "sales", "sales_call", "2026-03-03T15:00:00Z", null, "c1"),
                event("e6", "web", "page_view", "2026-03-03T12:00:00Z", "anon2", null),
                event("e7", "webinar", "webinar_attended", "2026-03-03T16:00:00Z", null, "c1", "minutes_attended", 40),
                // Identified too long after it happened to be attributed.
                event("e8", "web", "page_view", "2025-11-01T09:00:00Z", "anon1", "c1")));
    }

    static Dataset<Row> sessions() {
        return TestRows.table(SilverTables.SESSIONS,
                session("s1", "2026-03-01T09:00:00Z", "linkedin", "paid_social", "linkedin.com"),
                session("s2", "2026-03-03T11:00:00Z", null, null, "www.google.com"));
    }

    static Dataset<Row> identities() {
        return TestRows.table(SilverTables.IDENTITY_MAP, values("anonymous_id", "anon1", "email", "c1@example.com",
                "contact_id", "c1", "account_id", "acc1", "identified_at", at("2026-03-03T10:00:00Z"),
                "identified_by", "form_submission", "identifying_event_id", "e4"));
    }

    private static Map<String, Row> touches(List<Map<String, Object>> events, String from, String to) {
        Dataset<Row> out = GoldContactTouchesJob.transform(TestRows.of(SilverTables.EVENTS.schema(), events),
                sessions(), identities(), LocalDate.parse(from), LocalDate.parse(to));
        // Names and types as in the contract (Delta enforces the NOT NULL columns on write).
        assertThat(out.schema().fields()).extracting(f -> f.name() + " " + f.dataType().simpleString())
                .containsExactlyElementsOf(java.util.Arrays.stream(GoldTables.CONTACT_TOUCHES_DAILY.schema().fields())
                        .map(f -> f.name() + " " + f.dataType().simpleString()).toList());
        Map<String, Row> m = new java.util.HashMap<>();
        out.collectAsList().forEach(r -> m.put(r.getAs("contact_id") + " " + r.getAs("activity_date") + " "
                + r.getAs("known_date"), r));
        return m;
    }

    private static long n(Row r, String column) {
        return ((Number) r.getAs(column)).longValue();
    }

    @Test
    void anonymousBrowsingIsAttributedFromTheDayTheBrowserIsIdentified() {
        Map<String, Row> t = touches(baseEvents(), "2026-03-01", "2026-03-03");
        assertThat(t.keySet()).containsExactlyInAnyOrder("c1 2026-03-01 2026-03-03", "c1 2026-03-02 2026-03-02",
                "c1 2026-03-03 2026-03-03");
        Row stitched = t.get("c1 2026-03-01 2026-03-03");
        assertThat(n(stitched, "page_views")).isEqualTo(1);
        assertThat(n(stitched, "pricing_page_views")).isEqualTo(1);
        assertThat(n(stitched, "desktop_page_views")).isEqualTo(1);
        assertThat(n(stitched, "web_sessions")).isEqualTo(1);
        assertThat(n(stitched, "engagement_points")).isEqualTo(5);
        assertThat(stitched.<String>getAs("first_session_channel")).isEqualTo("paid_social");
        assertThat(stitched.<String>getAs("first_session_source")).isEqualTo("linkedin");
        assertThat(stitched.<Object>getAs("first_touch_at")).isEqualTo(at("2026-03-01T09:00:00Z"));

        Row mar3 = t.get("c1 2026-03-03 2026-03-03");
        assertThat(n(mar3, "page_views")).isEqualTo(1);
        assertThat(n(mar3, "mobile_page_views")).isEqualTo(1);
        assertThat(n(mar3, "form_submissions")).isEqualTo(1);
        assertThat(n(mar3, "high_intent_form_submissions")).isEqualTo(1);
        assertThat(n(mar3, "sales_activities")).isEqualTo(1);
        assertThat(n(mar3, "webinar_minutes")).isEqualTo(40);
        assertThat(n(mar3, "engagement_points")).isEqualTo(1 + 25 + 10);
        assertThat(mar3.<String>getAs("last_session_channel")).isEqualTo("organic_search");
        assertThat(mar3.<String>getAs("last_session_medium")).isEqualTo("organic");
        assertThat(mar3.<Object>getAs("last_touch_at")).isEqualTo(at("2026-03-03T16:00:00Z"));
        assertThat(n(t.get("c1 2026-03-02 2026-03-02"), "email_clicks")).isEqualTo(1);
    }

    @Test
    void aRangeEndingBeforeTheIdentificationDoesNotSeeTheBrowsing() {
        assertThat(touches(baseEvents(), "2026-03-01", "2026-03-02").keySet())
                .containsExactly("c1 2026-03-02 2026-03-02");
        assertThat(touches(baseEvents(), "2026-03-03", "2026-03-03").keySet())
                .containsExactlyInAnyOrder("c1 2026-03-01 2026-03-03", "c1 2026-03-03 2026-03-03");
    }
}
