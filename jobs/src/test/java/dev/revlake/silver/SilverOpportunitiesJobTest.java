package dev.revlake.silver;

import static dev.revlake.testing.TestRows.at;
import static dev.revlake.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import dev.revlake.raw.Source;
import dev.revlake.testing.TestRows;

class SilverOpportunitiesJobTest {

    private static Map<String, Object> snapshot(String day, String stage, String amount, String close,
                                                String stageChangedAt) {
        boolean closed = stage.startsWith("closed_");
        return values("snapshot_date", LocalDate.parse(day), "opportunity_id", "o1", "account_id", "acc1",
                "owner_id", "rep1", "stage", stage, "amount_usd", new BigDecimal(amount),
                "close_date", LocalDate.parse(close), "created_at", at("2026-01-01T09:00:00Z"),
                "stage_changed_at", stageChangedAt == null ? null : at(stageChangedAt),
                "closed_at", closed ? at(day + "T16:00:00Z") : null, "is_closed", closed,
                "is_won", "closed_won".equals(stage), "delivery_date", LocalDate.parse(day));
    }

    private static Dataset<Row> snapshots() {
        return TestRows.bronze(Source.CRM_OPPORTUNITIES,
                snapshot("2026-01-01", "prospecting", "10000.00", "2026-02-01", "2026-01-01T09:00:00Z"),
                snapshot("2026-01-02", "discovery", "10000.00", "2026-02-01", "2026-01-02T11:00:00Z"),
                snapshot("2026-01-03", "discovery", "12000.00", "2026-02-15", "2026-01-02T11:00:00Z"),
                snapshot("2026-01-04", "prospecting", "12000.00", "2026-02-20", "2026-01-04T08:00:00Z"),
                snapshot("2026-01-05", "closed_won", "12500.00", "2026-01-05", "2026-01-05T16:00:00Z"));
    }

    @Test
    void historyHasOneRowPerStageIntervalWithPushesAndRegressions() {
        Dataset<Row> history = SilverOpportunitiesJob.history(snapshots());
        assertThat(history.schema().fieldNames()).containsExactlyElementsOf(SilverTables.OPPORTUNITY_HISTORY.columns());

        List<Row> rows = history.orderBy("stage_sequence").collectAsList();
        assertThat(rows).extracting(r -> r.<String>getAs("stage"))
                .containsExactly("prospecting", "discovery", "prospecting", "closed_won");
        Row discovery = rows.get(1);
        assertThat(discovery.<Object>getAs("entered_at")).isEqualTo(at("2026-01-02T11:00:00Z"));
        assertThat(discovery.<Object>getAs("exited_at")).isEqualTo(at("2026-01-04T08:00:00Z"));
        assertThat(discovery.<Integer>getAs("close_date_push_count")).isEqualTo(1);
        assertThat(discovery.<Integer>getAs("close_date_pushed_days")).isEqualTo(14);
        assertThat(discovery.<Integer>getAs("amount_change_count")).isEqualTo(1);
        assertThat(discovery.<BigDecimal>getAs("amount_usd_at_exit")).isEqualByComparingTo("12000");
        assertThat(rows).extracting(r -> r.<Boolean>getAs("is_regression")).containsExactly(false, false, true, false);
        assertThat(rows.get(3).<Object>getAs("exited_at")).isNull();
        assertThat(rows.get(3).<Object>getAs("entered_at")).isEqualTo(at("2026-01-05T16:00:00Z"));
    }

    @Test
    void changesListEveryFieldThatMovedBetweenSnapshots() {
        List<Row> changes = SilverOpportunitiesJob.changes(snapshots())
                .orderBy("snapshot_date", "field_name").collectAsList();
        assertThat(changes).extracting(r -> r.getAs("snapshot_date") + " " + r.getAs("field_name") + " "
                        + r.getAs("old_value") + "->" + r.getAs("new_value"))
                .containsExactly(
                        "2026-01-02 stage prospecting->discovery",
                        "2026-01-03 amount_usd 10000.00->12000.00",
                        "2026-01-03 close_date 2026-02-01->2026-02-15",
                        "2026-01-04 close_date 2026-02-15->2026-02-20",
                        "2026-01-04 stage discovery->prospecting",
                        "2026-01-05 amount_usd 12000.00->12500.00",
                        "2026-01-05 close_date 2026-02-20->2026-01-05",
                        "2026-01-05 stage prospecting->closed_won");
        assertThat(changes.get(1).<Integer>getAs("close_date_shift_days")).isNull();
        assertThat(changes.get(2).<Integer>getAs("close_date_shift_days")).isEqualTo(14);
    }

    @Test
    void currentIsTheLatestSnapshot() {
        List<Row> current = SilverOpportunitiesJob.current(snapshots()).collectAsList();
        assertThat(current).hasSize(1);
        assertThat(current.get(0).<String>getAs("stage")).isEqualTo("closed_won");
        assertThat(current.get(0).<Object>getAs("first_snapshot_date")).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(current.get(0).<Object>getAs("last_snapshot_date")).isEqualTo(LocalDate.of(2026, 1, 5));
    }
}
