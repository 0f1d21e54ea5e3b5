package dev.revlake.silver;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;

/**
 * Retroactive stitching gives the same rows whichever way it writes them: an UPDATE naming the
 * cookies (a nightly's few) or a MERGE with the identities (a backfill's many).
 */
class SilverStitchTest {

    private final SparkSession spark = SharedSpark.get();

    private static Map<String, Object> event(String id, String date, String channel, String cookie, String contact,
                                             String account) {
        return values("event_id", id, "event_date", LocalDate.parse(date), "occurred_at", at(date + "T10:00:00Z"),
                "channel", channel, "event_type", "web".equals(channel) ? "page_view" : "click",
                "anonymous_id", cookie, "contact_id", contact, "account_id", account,
                "delivery_date", LocalDate.parse(date));
    }

    private static Map<String, Object> session(String id, String date, String cookie, String contact) {
        return values("session_id", id, "session_date", LocalDate.parse(date), "anonymous_id", cookie,
                "contact_id", contact, "started_at", at(date + "T10:00:00Z"), "ended_at", at(date + "T10:05:00Z"),
                "duration_seconds", 300L, "page_view_count", 2L, "has_pricing_view", false, "has_demo_view", false);
    }

    /** {@code key -> contact_id/account_id} of every row. */
    private static Map<String, String> owners(Dataset<Row> rows, String key) {
        Map<String, String> m = new TreeMap<>();
        for (Row r : rows.collectAsList()) {
            m.put(r.getAs(key), r.getAs("contact_id") + "/" + r.getAs("account_id"));
        }
        return m;
    }

    @ParameterizedTest(name = "inline limit {0}")
    @ValueSource(ints = {SilverEventsJob.INLINE_STITCH_LIMIT, 0})
    void earlierAnonymousPageViewsAndSessionsOfIdentifiedCookiesGetTheirContact(int inlineLimit,
                                                                                   @TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        DeltaTables.ensure(spark, lake, SilverTables.EVENTS);
        DeltaTables.ensure(spark, lake, SilverTables.SESSIONS);
        TestRows.table(SilverTables.EVENTS,
                        event("e1", "2026-01-02", "web", "cookie-a", null, null),
                        event("e2", "2026-01-03", "web", "cookie-a", null, null),
                        // already attributed (another person on the cookie earlier): left alone
                        event("e3", "2026-01-03", "web", "cookie-a", "c9", "acc9"),
                        // not a page view: the stitch is for web rows only
                        event("e4", "2026-01-03", "email", "cookie-a", null, null),
                        event("e5", "2026-01-04", "web", "cookie-b", null, null),
                        // a cookie nobody identified, and one identified with an address the CRM lacks
                        event("e6", "2026-01-04", "web", "cookie-x", null, null),
                        event("e7", "2026-01-04", "web", "cookie-z", null, null))
                .write().format("delta").mode(SaveMode.Append).save(lake.path(SilverTables.EVENTS));
        TestRows.table(SilverTables.SESSIONS,
                        session("s1", "2026-01-02", "cookie-a", null),
                        session("s2", "2026-01-03", "cookie-a", "c9"),
                        session("s3", "2026-01-04", "cookie-b", null),
                        session("s4", "2026-01-04", "cookie-x", null))
                .write().format("delta").mode(SaveMode.Append).save(lake.path(SilverTables.SESSIONS));
        Dataset<Row> identities = TestRows.of(new StructType().add("anonymous_id", DataTypes.StringType)
                .add("contact_id", DataTypes.StringType).add("account_id", DataTypes.StringType), List.of(
                values("anonymous_id", "cookie-a", "contact_id", "c1", "account_id", "acc1"),
                values("anonymous_id", "cookie-b", "contact_id", "c2"),
                values("anonymous_id", "cookie-z")));
        SilverBatch batch = new SilverBatch(lake, LocalDate.parse("2026-01-05"), LocalDate.parse("2026-01-05"), "t");

        SilverEventsJob.stitchEarlierEvents(spark, batch, identities, inlineLimit);
        SilverEventsJob.stitchEarlierEvents(spark, batch, identities, inlineLimit); // a re-run changes nothing

        assertThat(owners(DeltaTables.read(spark, lake, SilverTables.EVENTS), "event_id")).isEqualTo(Map.of(
                "e1", "c1/acc1", "e2", "c1/acc1", "e3", "c9/acc9", "e4", "null/null", "e5", "c2/null",
                "e6", "null/null", "e7", "null/null"));
        assertThat(owners(DeltaTables.read(spark, lake, SilverTables.SESSIONS), "session_id")).isEqualTo(Map.of(
                "s1", "c1/acc1", "s2", "c9/null", "s3", "c2/null", "s4", "null/null"));
    }
}
