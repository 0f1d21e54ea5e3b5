package dev.revlake.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.simulate.Simulator;
import dev.revlake.simulate.SimulatorConfig;

/**
 * RevLake and DuckDB compute the same gold lead features from the silver tables of a small simulated
 * company (150 contacts over 40 days, with dirt), every contact compared; one value changed is
 * caught. Both engines run once: building the lake and the Spark path are the expensive part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadFeaturesComparisonTest {

    private static final LocalDate START = LocalDate.of(2026, 2, 20);
    private static final int DAYS = 40;
    private static final LocalDate LAST = START.plusDays(DAYS - 1L);

    @TempDir
    static Path dir;

    private final SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);
    private Lake lake;

    @BeforeAll
    void buildSilver() {
        Path raw = dir.resolve("raw");
        new Simulator(new SimulatorConfig(150, DAYS, START, 9L, raw, dir.resolve("truth"), 0.01))
                .run((d, date, n) -> { });
        lake = new Lake(dir.resolve("lake").toString());
        Pipeline pipeline = new Pipeline(spark, lake, raw.toString(), line -> { });
        pipeline.ingest(START, LAST);
        pipeline.silver(START, LAST);
    }

    @Test
    void bothEnginesGiveTheSameRowsAndAChangedValueIsCaught() throws SQLException {
        // Five days of history before the batch; labels mature for its first five snapshots (to - 30).
        LocalDate from = START.plusDays(5);
        try (LeadFeaturesComparison.Run run = LeadFeaturesComparison.Run.start(spark, lake, from, LAST)) {
            LeadFeaturesComparison.Result all = run.compare(0);

            assertThat(all.examples()).isEmpty();
            assertThat(all.mismatchesByColumn()).isEmpty();
            assertThat(all.revLakeRows()).isGreaterThan(1_000).isEqualTo(all.duckDbRows());
            assertThat(all.rowsCompared()).isEqualTo(all.revLakeRows());
            assertThat(all.contactsSampled()).isGreaterThan(20);
            assertThat(all.isEqual()).isTrue();
            assertThat(all.ratio()).isEqualTo(all.revLakeSeconds() / all.duckDbSeconds()).isPositive();
            // The rows exercise what is hard to get right, so equal rows mean something.
            Connection duck = run.duckDb().connection();
            assertThat(count(duck, "touches WHERE known_date > activity_date")).as("late-attributed touches")
                    .isPositive();
            assertThat(count(duck, "lead_features WHERE converted_within_30d IS NOT NULL")).as("matured labels")
                    .isPositive();
            assertThat(count(duck, "lead_features WHERE converted_within_30d IS NULL")).as("open labels")
                    .isPositive();
            assertThat(count(duck, "lead_features WHERE web_visit_streak_days > 1")).as("streaks").isPositive();
            assertThat(count(duck, "lead_features WHERE account_engaged_contacts_30d > 1")).as("committees")
                    .isPositive();
            assertThat(count(duck, "lead_features WHERE engagement_score > 0 AND page_views_90d > page_views_30d"))
                    .as("decayed scores over long windows").isPositive();
            assertThat(count(duck, "lead_features WHERE first_touch_channel IS NOT NULL")).as("sessions")
                    .isPositive();

            LeadFeaturesComparison.Result sample = run.compare(10);
            assertThat(sample.contactsSampled()).isEqualTo(10);
            assertThat(sample.rowsCompared()).isPositive().isLessThan(all.rowsCompared());
            assertThat(sample.mismatches()).isZero();

            // One value changed on the DuckDB side is one mismatch, reported with both values.
            try (Statement s = duck.createStatement()) {
                s.execute("UPDATE lead_features SET engagement_score = engagement_score + 0.01"
                        + " WHERE (contact_id, snapshot_date) = (SELECT (contact_id, snapshot_date) FROM lead_features"
                        + " ORDER BY contact_id, snapshot_date LIMIT 1)");
            }
            LeadFeaturesComparison.Result changed = run.compare(0);
            assertThat(changed.mismatchesByColumn()).containsOnly(Map.entry("engagement_score", 1L));
            assertThat(changed.examples()).singleElement().satisfies(m -> {
                assertThat(m.column()).isEqualTo("engagement_score");
                assertThat(Double.parseDouble(m.duckDbValue()) - Double.parseDouble(m.revLakeValue()))
                        .isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
            });
            assertThat(changed.isEqual()).isFalse();
        }
        // The caller's lake is only read: no gold table appears in it.
        assertThat(Files.exists(dir.resolve("lake/gold"))).isFalse();
    }

    private static long count(Connection duck, String from) throws SQLException {
        try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + from)) {
            r.next();
            return r.getLong(1);
        }
    }
}
