package dev.revlake.bench.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The comparison core finds every kind of difference, and only differences. */
class FeatureDiffTest {

    private static final List<String> COLUMNS = List.of("snapshot_date", "contact_id", "page_views_7d",
            "engagement_score", "first_touch_campaign", "converted_date");
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    private static Object[] row(String contact, Object views, Object score, Object campaign, Object converted) {
        return new Object[] {DAY, contact, views, score, campaign, converted};
    }

    private static FeatureDiff.Side side(Object[]... rows) {
        FeatureDiff.Side side = new FeatureDiff.Side();
        for (Object[] r : rows) {
            side.add(new FeatureDiff.Key((String) r[1], FeatureDiff.normalise(r[0]) instanceof LocalDate d ? d : null),
                    r);
        }
        return side;
    }

    @Test
    void equalRowsFromTwoEnginesAreEqual() {
        // Integer widths, SQL dates and a double within 1e-9 relative count as equal; null equals null.
        FeatureDiff.Outcome outcome = FeatureDiff.compare(COLUMNS,
                side(row("c1", 3L, 12.34, null, null), row("c2", 0L, 0.0, "spring", LocalDate.of(2026, 3, 9))),
                side(row("c1", BigInteger.valueOf(3), 12.34 * (1 + 1e-12), null, null),
                        row("c2", 0, 0.0, "spring", java.sql.Date.valueOf("2026-03-09"))));

        assertThat(outcome.rowsCompared()).isEqualTo(2);
        assertThat(outcome.mismatchesByColumn()).isEmpty();
        assertThat(outcome.examples()).isEmpty();
    }

    @Test
    void oneChangedValueIsCaughtWithBothValues() {
        FeatureDiff.Outcome outcome = FeatureDiff.compare(COLUMNS,
                side(row("c1", 3L, 12.34, null, null), row("c2", 5L, 1.5, "spring", null)),
                side(row("c1", 3L, 12.35, null, null), row("c2", 5L, 1.5, null, null)));

        assertThat(outcome.rowsCompared()).isEqualTo(2);
        assertThat(outcome.mismatchesByColumn()).containsOnly(
                java.util.Map.entry("engagement_score", 1L), java.util.Map.entry("first_touch_campaign", 1L));
        assertThat(outcome.examples()).containsExactly(
                new LeadFeaturesComparison.Mismatch("c1", DAY, "engagement_score", "12.34", "12.35"),
                new LeadFeaturesComparison.Mismatch("c2", DAY, "first_touch_campaign", "spring", "null"));
    }

    @Test
    void rowsOnOneSideOnlyAndDuplicatesAreCounted() {
        FeatureDiff.Outcome outcome = FeatureDiff.compare(COLUMNS,
                side(row("c1", 1L, 0.0, null, null), row("c2", 1L, 0.0, null, null)),
                side(row("c2", 1L, 0.0, null, null), row("c3", 1L, 0.0, null, null),
                        row("c3", 1L, 0.0, null, null)));

        assertThat(outcome.rowsCompared()).isEqualTo(1);
        assertThat(outcome.mismatchesByColumn()).containsOnly(java.util.Map.entry(FeatureDiff.ONLY_REVLAKE, 1L),
                java.util.Map.entry(FeatureDiff.ONLY_DUCKDB, 1L), java.util.Map.entry(FeatureDiff.DUPLICATE, 1L));
    }

    @Test
    void aDoubleBeyondTheToleranceDiffers() {
        assertThat(FeatureDiff.same(100.0, 100.0 * (1 + 1e-8))).isFalse();
        assertThat(FeatureDiff.same(100.0, 100.0 * (1 + 1e-10))).isTrue();
        assertThat(FeatureDiff.same(0.0, 1e-300)).isFalse();
        assertThat(FeatureDiff.same(null, 0L)).isFalse();
        assertThat(FeatureDiff.same(7, 7L)).isTrue();
    }
}
