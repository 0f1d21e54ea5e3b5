package dev.revlake.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.testing.SharedSpark;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadScoringJobTest {

    private static final LocalDate LAST = ScoringFixtures.LAST;

    @TempDir
    static Path dir;

    private final SparkSession spark = SharedSpark.get();
    private Lake lake;

    @BeforeAll
    void trainChampions() throws java.io.IOException {
        lake = ScoringFixtures.copy(spark, dir.resolve("lake"));
        LeadScoringJob.run(spark, ScoringConfig.defaults(lake, LAST.minusDays(7), LAST, "score-1"));
    }

    @Test
    void scoresEveryOpenLeadOfEveryDateWithTheContractSchema() {
        Dataset<Row> scores = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES);
        assertThat(scores.schema().fieldNames()).containsExactly(ScoreTables.LEAD_SCORES.schema().fieldNames());
        Dataset<Row> features = DeltaTables.read(spark, lake, GoldTables.LEAD_FEATURES)
                .filter(col("snapshot_date").geq(lit(LAST.minusDays(7))));
        assertThat(scores.count()).isEqualTo(features.count()).isEqualTo(30 * 8);
        assertThat(scores.select("score_date", "contact_id").exceptAll(
                features.select(col("snapshot_date").as("score_date"), col("contact_id"))).count()).isZero();
        assertThat(scores.filter("size(top_reasons) + size(negative_reasons) = 0").count()).isZero();
        assertThat(scores.filter("score < 1 OR score > 99").count()).isZero();
        assertThat(scores.filter("model_name <> 'lead_conversion' OR model_version <> 'v0001' OR run_id <> 'score-1'")
                .count()).isZero();
    }

    @Test
    void scoreIsTheProbabilityInPercentAndTiersFollowTheThresholds() {
        for (Row r : DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES).collectAsList()) {
            double p = r.getAs("conversion_probability");
            int score = r.getAs("score");
            assertThat(score).isEqualTo((int) Math.max(1, Math.min(99, Math.round(p * 100))));
            String tier = score >= 30 ? "A" : score >= 15 ? "B" : score >= 5 ? "C" : "D";
            assertThat((String) r.getAs("tier")).isEqualTo(tier);
        }
    }

    @Test
    void engagedLeadsScoreHigherThanColdOnes() {
        Row means = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES)
                .selectExpr("avg(CASE WHEN cast(substring(contact_id, 2) AS INT) % 2 = 0 THEN score END) AS engaged",
                        "avg(CASE WHEN cast(substring(contact_id, 2) AS INT) % 2 = 1 THEN score END) AS cold")
                .head();
        assertThat(means.getDouble(0)).isGreaterThan(means.getDouble(1) + 10);
    }

    @Test
    void theSevenDayChangeComparesWithTheScoreAWeekEarlier() {
        Map<String, Integer> weekAgo = new HashMap<>();
        Dataset<Row> scores = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES);
        for (Row r : scores.filter(col("score_date").equalTo(lit(LAST.minusDays(7)))).collectAsList()) {
            weekAgo.put(r.getAs("contact_id"), r.getAs("score"));
            assertThat(r.isNullAt(r.fieldIndex("score_7d_ago"))).as("nothing scored 14 days back").isTrue();
        }
        List<Row> last = scores.filter(col("score_date").equalTo(lit(LAST))).collectAsList();
        assertThat(last).hasSize(30);
        for (Row r : last) {
            int before = weekAgo.get(r.<String>getAs("contact_id"));
            assertThat(r.<Integer>getAs("score_7d_ago")).isEqualTo(before);
            assertThat(r.<Integer>getAs("score_change_7d")).isEqualTo(r.<Integer>getAs("score") - before);
        }
    }

    @Test
    void reScoringANightReplacesItWithTheSameScores() {
        Dataset<Row> before = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES)
                .filter(col("score_date").equalTo(lit(LAST))).drop("scored_at", "run_id").localCheckpoint();
        LeadScoringJob.run(spark, ScoringConfig.defaults(lake, LAST, LAST, "score-2"));
        Dataset<Row> after = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES);
        assertThat(after.count()).isEqualTo(30 * 8);
        Dataset<Row> night = after.filter(col("score_date").equalTo(lit(LAST)));
        assertThat(night.filter("run_id = 'score-2'").count()).isEqualTo(30);
        assertThat(night.drop("scored_at", "run_id").exceptAll(before).count()).isZero();
    }

    @Test
    void aMissingSnapshotOrChampionIsAClearMessage() {
        assertThatThrownBy(() -> LeadScoringJob.run(spark,
                ScoringConfig.defaults(lake, LAST, LAST.plusDays(2), "score-x")))
                .hasMessage("gold_lead_features has no snapshot for " + LAST.plusDays(1) + " and 1 more dates up to "
                        + LAST.plusDays(2) + ": run revlake gold --from " + LAST.plusDays(1) + " --to "
                        + LAST.plusDays(2) + " first");
        Lake empty = new Lake(dir.resolve("no-models").toString());
        ScoringFixtures.write(spark, empty, GoldTables.LEAD_FEATURES, ScoringFixtures.leadRows());
        assertThatThrownBy(() -> LeadScoringJob.run(spark, ScoringConfig.defaults(empty, LAST, LAST, "score-y")))
                .hasMessageStartingWith("No champion model lead_conversion in the registry ")
                .hasMessageEndingWith(": run revlake train first");
        assertThat(DeltaTables.exists(spark, empty, ScoreTables.LEAD_SCORES)).isFalse();
    }
}
