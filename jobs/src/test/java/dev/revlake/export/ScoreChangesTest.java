package dev.revlake.export;

import static dev.revlake.export.ScoreRows.NIGHT1;
import static dev.revlake.export.ScoreRows.NIGHT2;
import static dev.revlake.export.ScoreRows.forecast;
import static dev.revlake.export.ScoreRows.lead;
import static dev.revlake.export.ScoreRows.night;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;
import dev.revlake.testing.HeldCheckpoints;
import dev.revlake.testing.SharedSpark;

class ScoreChangesTest {

    private final SparkSession spark = SharedSpark.get();

    /** "contact_id:score:score_date" of every changed row, sorted. */
    private List<String> leads(Lake lake, long from, long to) {
        Set<Integer> held = HeldCheckpoints.ids(spark);
        List<String> leads;
        try (ScoreChanges.ChangeSet changes = ScoreChanges.since(spark, lake, ExportView.LEAD_SCORES, from, to)) {
            leads = changes.rows().collectAsList().stream()
                    .map(r -> r.getAs("contact_id") + ":" + r.<Integer>getAs("score") + ":" + r.getAs("score_date"))
                    .sorted().toList();
        }
        assertThat(HeldCheckpoints.takenSince(spark, held)).as("checkpoints held after the change set closed")
                .isEmpty();
        return leads;
    }

    @Test
    void firstExportSendsTheCurrentRowOfEveryLead(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT1, lead(NIGHT1, "c1", 40), lead(NIGHT1, "c2", 60));
        long v = night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT2, lead(NIGHT2, "c1", 45));

        assertThat(leads(lake, -1, v)).containsExactly("c1:45:2026-03-02", "c2:60:2026-03-01");
        assertThat(leads(lake, v, v)).isEmpty();
    }

    @Test
    void onlyLeadsWhoseComparedColumnsChangedAreSent(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        long v1 = night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT1, lead(NIGHT1, "c1", 40, "Visited pricing"),
                lead(NIGHT1, "c2", 60, "Demo requested"));
        // A new night with the same scores and reasons: new score_date and scored_at only.
        long v2 = night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT2, lead(NIGHT2, "c1", 40, "Visited pricing"),
                lead(NIGHT2, "c2", 60, "Demo requested"));
        assertThat(leads(lake, v1, v2)).isEmpty();

        // A re-run rewriting the same night with identical content.
        long v3 = night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT2, lead(NIGHT2, "c1", 40, "Visited pricing"),
                lead(NIGHT2, "c2", 60, "Demo requested"));
        assertThat(v3).isGreaterThan(v2);
        assertThat(leads(lake, v2, v3)).isEmpty();

        // Re-scoring the night: c1 changes score, c2 only changes its reasons.
        long v4 = night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT2, lead(NIGHT2, "c1", 41, "Visited pricing"),
                lead(NIGHT2, "c2", 60, "Demo requested", "Opened 3 emails"));
        assertThat(leads(lake, v3, v4)).containsExactly("c1:41:2026-03-02", "c2:60:2026-03-02");
        // Over several commits the answer is the net change since the watermark.
        long v5 = night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT2, lead(NIGHT2, "c1", 40, "Visited pricing"),
                lead(NIGHT2, "c2", 60, "Demo requested", "Opened 3 emails"));
        assertThat(leads(lake, v1, v5)).containsExactly("c2:60:2026-03-02");
        assertThat(leads(lake, v4, v5)).containsExactly("c1:40:2026-03-02");
    }

    @Test
    void forecastRowsAreComparedPerPeriodOwnerAndSegment(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        long v1 = night(spark, lake, ScoreTables.PIPELINE_FORECAST, NIGHT1, forecast(NIGHT1, "rep1", "12000.00"),
                forecast(NIGHT1, "rep2", "8000.00"));
        long v2 = night(spark, lake, ScoreTables.PIPELINE_FORECAST, NIGHT2, forecast(NIGHT2, "rep1", "12000.00"),
                forecast(NIGHT2, "rep2", "8500.00"));

        List<Row> changed;
        try (ScoreChanges.ChangeSet changes = ScoreChanges.since(spark, lake, ExportView.PIPELINE_FORECAST, v1, v2)) {
            changed = changes.rows().collectAsList();
        }
        assertThat(changed).extracting(r -> r.getAs("owner_id") + ":" + r.getAs("expected_bookings_usd"))
                .containsExactly("rep2:8500.00");
    }

    @Test
    void aMissingTableNamesTheCommandToRun(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        assertThatThrownBy(() -> ScoreChanges.since(spark, lake, ExportView.OPPORTUNITY_SCORES, -1, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gold_opportunity_scores does not exist").hasMessageContaining("revlake score");
    }
}
