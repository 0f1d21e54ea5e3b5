package dev.revlake.silver;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import dev.revlake.testing.TestRows;

class SilverSessionsJobTest {

    private static java.util.Map<String, Object> view(String id, String cookie, String at, String url) {
        return values("event_id", id, "anonymous_id", cookie, "occurred_at", at(at),
                "event_date", at(at).atZone(java.time.ZoneOffset.UTC).toLocalDate(), "channel", "web",
                "event_type", "page_view", "url", url, "page_category",
                url.contains("pricing") ? "pricing" : "blog", "delivery_date", java.time.LocalDate.of(2026, 1, 5));
    }

    @Test
    void thirtyMinutesOfInactivityAndMidnightEndASession() {
        var views = TestRows.table(SilverTables.EVENTS,
                view("e1", "a", "2026-01-05T10:00:00Z", "https://x.example/blog/one"),
                view("e2", "a", "2026-01-05T10:29:59Z", "https://x.example/pricing"),
                // 30 minutes and 1 second later: a new session
                view("e3", "a", "2026-01-05T11:00:00Z", "https://x.example/blog/two"),
                view("e4", "a", "2026-01-05T23:59:00Z", "https://x.example/blog/three"),
                // one minute later, but after midnight: a new session
                view("e5", "a", "2026-01-06T00:00:00Z", "https://x.example/blog/four"),
                view("e6", "b", "2026-01-05T10:05:00Z", "https://x.example/pricing"));

        List<Row> sessions = SilverSessionsJob.transform(views).orderBy("anonymous_id", "started_at").collectAsList();

        assertThat(SilverSessionsJob.transform(views).schema().fieldNames())
                .containsExactlyElementsOf(SilverTables.SESSIONS.columns());
        assertThat(sessions).extracting(r -> r.<String>getAs("anonymous_id") + ":" + r.getAs("page_view_count")
                        + ":" + r.getAs("has_pricing_view") + ":" + r.getAs("duration_seconds"))
                .containsExactly("a:2:true:1799", "a:1:false:0", "a:1:false:0", "a:1:false:0", "b:1:true:0");
        assertThat(sessions.get(0).<String>getAs("landing_url")).isEqualTo("https://x.example/blog/one");
        assertThat(sessions).extracting(r -> r.<String>getAs("session_id")).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).hasSize(32));
    }
}
