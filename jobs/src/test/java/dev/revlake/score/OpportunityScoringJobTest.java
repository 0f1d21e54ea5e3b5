package dev.revlake.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.models.forecast.ForecastCategory;
import dev.revlake.testing.SharedSpark;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpportunityScoringJobTest {

    private static final LocalDate LAST = ScoringFixtures.LAST;

    @TempDir
    static Path dir;

    private final SparkSession spark = SharedSpark.get();
    private Lake lake;

    @BeforeAll
    void score() throws IOException {
        lake = ScoringFixtures.copy(spark, dir.resolve("lake"));
        OpportunityScoringJob.run(spark, ScoringConfig.defaults(lake, LAST.minusDays(7), LAST, "score-1"));
    }

    @Test
    void scoresEveryOpenDealWithWinProbabilityCloseWindowAndCategory() {
        Dataset<Row> scores = DeltaTables.read(spark, lake, ScoreTables.OPPORTUNITY_SCORES);
        assertThat(scores.schema().fieldNames()).containsExactly(ScoreTables.OPPORTUNITY_SCORES.schema().fieldNames());
        assertThat(scores.count()).isEqualTo(40 * 8);
        for (Row r : scores.collectAsList()) {
            LocalDate date = r.getAs("score_date");
            double p = r.getAs("win_probability");
            double month = r.getAs("close_in_month_probability");
            double quarter = r.getAs("close_in_quarter_probability");
            LocalDate low = r.getAs("predicted_close_low_date");
            LocalDate mid = r.getAs("predicted_close_date");
            LocalDate high = r.getAs("predicted_close_high_date");
            assertThat(low).isAfterOrEqualTo(date).isBeforeOrEqualTo(high);
            assertThat(mid).isBetween(low, high);
            assertThat(month).isBetween(0.0, quarter);
            assertThat(quarter).isBetween(0.0, 1.0);
            assertThat((String) r.getAs("forecast_category")).isEqualTo(ForecastCategory.labelOrOmitted(p * quarter));
            assertThat(r.<Boolean>getAs("is_slip_risk")).isEqualTo(mid.isAfter(r.getAs("close_date")));
            assertThat(r.<Integer>getAs("win_score")).isEqualTo((int) Math.max(1, Math.min(99, Math.round(p * 100))));
            if (!r.isNullAt(r.fieldIndex("win_probability_7d_ago"))) {
                assertThat(date).isEqualTo(LAST);
            }
        }
        assertThat(scores.filter(col("score_date").equalTo(lit(LAST))).filter("win_probability_7d_ago IS NULL")
                .count()).isZero();
        // The quarter of 2026-03-31 ends that day: closing "in the quarter" means closing today.
        assertThat(OpportunityScoringJob.quarterEnd(LocalDate.of(2026, 3, 31))).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(OpportunityScoringJob.quarterEnd(LocalDate.of(2026, 5, 2))).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(ChronoUnit.DAYS.between(LAST, OpportunityScoringJob.monthEnd(LAST))).isZero();
    }

    @Test
    void strongDealsAreLikelierToWinAndCloseSooner() {
        Row means = DeltaTables.read(spark, lake, ScoreTables.OPPORTUNITY_SCORES)
                .selectExpr("cast(substring(opportunity_id, 2) AS INT) % 2 = 0 AS strong", "win_probability",
                        "date_diff(predicted_close_date, score_date) AS days")
                .groupBy().agg(org.apache.spark.sql.functions.expr("avg(CASE WHEN strong THEN win_probability END)"),
                        org.apache.spark.sql.functions.expr("avg(CASE WHEN NOT strong THEN win_probability END)"),
                        org.apache.spark.sql.functions.expr("avg(CASE WHEN strong THEN days END)"),
                        org.apache.spark.sql.functions.expr("avg(CASE WHEN NOT strong THEN days END)"))
                .head();
        assertThat(means.getDouble(0)).isGreaterThan(means.getDouble(1) + 0.2);
        assertThat(means.getDouble(2)).isLessThan(means.getDouble(3));
    }

    @Test
    void aMissingCloseDateChampionIsAClearMessageAndWritesNothing() throws IOException {
        Lake other = ScoringFixtures.copy(spark, dir.resolve("other"));
        Files.delete(Path.of(other.root(), "_models", "close_date", "champion.json"));
        assertThatThrownBy(() -> OpportunityScoringJob.run(spark, ScoringConfig.defaults(other, LAST, LAST, "x")))
                .hasMessageStartingWith("No champion model close_date in the registry ");
        assertThat(DeltaTables.exists(spark, other, ScoreTables.OPPORTUNITY_SCORES)).isFalse();
    }
}
