package dev.revlake.silver;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import dev.revlake.raw.Source;
import dev.revlake.testing.TestRows;

class SilverIdentityAndEventsTest {

    private static Dataset<Row> contacts() {
        return TestRows.table(SilverTables.CONTACTS,
                values("contact_id", "c1", "record_type", "lead", "account_id", "acc1", "email", "ann@acme.example",
                        "status", "open", "is_converted", false, "created_at", at("2026-01-01T00:00:00Z"),
                        "updated_at", at("2026-01-01T00:00:00Z")),
                values("contact_id", "c2", "record_type", "contact", "account_id", "acc2", "email", "bob@beta.example",
                        "status", "working", "is_converted", false, "created_at", at("2026-01-01T00:00:00Z"),
                        "updated_at", at("2026-01-01T00:00:00Z")));
    }

    private static Dataset<Row> forms() {
        return TestRows.bronze(Source.FORM_SUBMISSIONS,
                values("event_id", "f1", "occurred_at", at("2026-01-05T10:00:00Z"), "form_id", "demo",
                        "form_type", "demo_request", "anonymous_id", "cookie-a", "email", "  Ann@ACME.example ",
                        "page_url", "https://x.example/demo"),
                // a later form on the same cookie by someone else: the first identification wins
                values("event_id", "f2", "occurred_at", at("2026-01-05T12:00:00Z"), "form_id", "demo",
                        "form_type", "demo_request", "anonymous_id", "cookie-a", "email", "bob@beta.example"),
                // an address the CRM does not know yet
                values("event_id", "f3", "occurred_at", at("2026-01-05T13:00:00Z"), "form_id", "newsletter",
                        "form_type", "newsletter", "anonymous_id", "cookie-z", "email", "new@gamma.example"));
    }

    private static Dataset<Row> emails() {
        return TestRows.bronze(Source.EMAIL_EVENTS,
                values("event_id", "m1", "event_type", "click", "occurred_at", at("2026-01-04T09:00:00Z"),
                        "email", "bob@beta.example", "campaign_id", "cmp", "message_id", "msg1",
                        "url", "https://x.example/blog/a", "anonymous_id", "cookie-b2"),
                values("event_id", "m2", "event_type", "open", "occurred_at", at("2026-01-04T08:59:00Z"),
                        "email", "BOB@beta.example", "campaign_id", "cmp", "message_id", "msg1"));
    }

    @Test
    void formsAndTrackedClicksIdentifyCookiesAndTheFirstIdentificationWins() {
        Dataset<Row> empty = TestRows.table(SilverTables.IDENTITY_MAP);
        List<Row> identities = SilverIdentityJob.transform(forms(), emails(), empty, contacts())
                .orderBy("anonymous_id").collectAsList();
        assertThat(identities).extracting(r -> r.getAs("anonymous_id") + "=" + r.getAs("contact_id") + "/"
                        + r.getAs("email") + "/" + r.getAs("identified_by"))
                .containsExactly("cookie-a=c1/ann@acme.example/form_submission",
                        "cookie-b2=c2/bob@beta.example/email_click",
                        "cookie-z=null/new@gamma.example/form_submission");
    }

    @Test
    void eventsCarryTheNormalizedEmailAndTheirContact() {
        Dataset<Row> identities = SilverIdentityJob.transform(forms(), emails(),
                TestRows.table(SilverTables.IDENTITY_MAP), contacts());
        Dataset<Row> pageviews = TestRows.bronze(Source.WEB_PAGEVIEWS,
                values("event_id", "p1", "event_type", "page", "occurred_at", at("2026-01-05T09:59:00+00:00"),
                        "anonymous_id", "cookie-a", "url", "https://www.x.example/Pricing?plan=pro",
                        "referrer", "https://www.google.com/search?q=x", "user_agent", "Mozilla/5.0 (iPhone) Mobile"),
                values("event_id", "p2", "event_type", "page", "occurred_at", at("2026-01-05T09:00:00Z"),
                        "anonymous_id", "cookie-unknown", "url", "https://x.example"));
        Dataset<Row> activities = TestRows.bronze(Source.CRM_ACTIVITIES,
                values("activity_id", "act1", "activity_type", "call", "occurred_at", at("2026-01-05T15:00:00Z"),
                        "owner_id", "rep1", "contact_id", "c2", "duration_minutes", 12));
        Dataset<Row> events = SilverEventsJob.transform(pageviews, emails(), forms(),
                TestRows.bronze(Source.WEBINAR_ATTENDANCE), activities, identities, contacts());

        assertThat(events.schema().fieldNames()).containsExactlyElementsOf(SilverTables.EVENTS.columns());
        Map<String, Row> byId = new java.util.HashMap<>();
        events.collectAsList().forEach(r -> byId.put(r.getAs("event_id"), r));
        assertThat(byId).hasSize(8);
        Row p1 = byId.get("p1");
        assertThat(p1.<String>getAs("contact_id")).isEqualTo("c1");
        assertThat(p1.<String>getAs("account_id")).isEqualTo("acc1");
        assertThat(p1.<String>getAs("page_path")).isEqualTo("/pricing");
        assertThat(p1.<String>getAs("page_category")).isEqualTo("pricing");
        assertThat(p1.<String>getAs("referrer_domain")).isEqualTo("google.com");
        assertThat(p1.<String>getAs("device_type")).isEqualTo("mobile");
        assertThat(byId.get("p2").<String>getAs("contact_id")).isNull();
        assertThat(byId.get("p2").<String>getAs("page_category")).isEqualTo("home");
        assertThat(byId.get("m2").<String>getAs("email")).isEqualTo("bob@beta.example");
        assertThat(byId.get("m2").<String>getAs("event_type")).isEqualTo("email_open");
        assertThat(byId.get("m2").<String>getAs("contact_id")).isEqualTo("c2");
        assertThat(byId.get("f1").<String>getAs("email")).isEqualTo("ann@acme.example");
        assertThat(byId.get("act1").<String>getAs("event_type")).isEqualTo("sales_call");
        assertThat(byId.get("act1").<String>getAs("account_id")).isEqualTo("acc2");
        assertThat(byId.get("act1").<String>getAs("channel")).isEqualTo("sales");
    }
}
