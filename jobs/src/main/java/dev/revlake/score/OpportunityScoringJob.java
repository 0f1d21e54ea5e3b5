package dev.revlake.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.models.CloseDateModel;
import dev.revlake.models.OpportunityWinModel;
import dev.revlake.models.features.FeatureVector;
import dev.revlake.models.forecast.ForecastCategory;
import dev.revlake.models.scoring.DurationEstimate;
import dev.revlake.models.scoring.DurationPredictor;
import dev.revlake.models.scoring.Explanation;
import dev.revlake.models.scoring.ProbabilityPredictor;
import dev.revlake.ops.StepRecorder;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.RowVectors;

/**
 * Builds {@code gold_opportunity_scores}: the opportunity-win and close-date champions applied to
 * every open deal of {@code gold_opportunity_features} for the run's snapshot dates, both models
 * broadcast and applied per partition in batches.
 *
 * <p>The close-date model predicts days to close for deals that are won, with deciles of its
 * validation errors; the probability of closing by the end of the month (or quarter) is read off
 * those deciles ({@link DurationEstimate#probabilityWithin}). A deal is a slip risk when its
 * predicted close is later than the CRM close date. Its forecast category for the current quarter
 * follows {@link ForecastCategory} from win probability × probability of closing in the quarter.
 */
public final class OpportunityScoringJob {

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "score_opportunities";

    private static final Logger LOG = LoggerFactory.getLogger(OpportunityScoringJob.class);

    private static final List<String> PASSED = List.of("score_date", "opportunity_id", "account_id", "owner_id",
            "segment", "stage", "stage_probability_percent", "amount_usd", "close_date");

    private OpportunityScoringJob() {
    }

    /**
     * Scores feature rows (reads no table, writes nothing; runs the models once, eagerly).
     *
     * @param checkpoints holds the scored rows; the result can be computed until it closes
     * @param features rows of {@code gold_opportunity_features}
     * @param earlier  {@code score_date, opportunity_id, win_probability} of nights before the run's
     *                 dates, possibly empty
     * @return rows with the columns of {@link ScoreTables#OPPORTUNITY_SCORES}
     */
    public static Dataset<Row> transform(LocalCheckpoints checkpoints, Dataset<Row> features,
            Broadcast<ChampionBundle> win, Broadcast<ChampionBundle> closeDate, ScoringConfig config, Instant scoredAt,
            Dataset<Row> earlier) {
        Dataset<Row> input = features.withColumn("score_date", col("snapshot_date"));
        StructType schema = input.schema();
        RowVectors winVectors = new RowVectors(schema, win.value().probability().spec());
        RowVectors closeVectors = new RowVectors(schema, closeDate.value().duration().spec());
        int[] passed = PASSED.stream().mapToInt(schema::fieldIndex).toArray();
        StructType out = new StructType();
        for (String c : PASSED) {
            out = out.add(schema.apply(c));
        }
        out = out.add("win_probability", DataTypes.DoubleType, false)
                .add("predicted_close_date", DataTypes.DateType, false)
                .add("predicted_close_low_date", DataTypes.DateType, false)
                .add("predicted_close_high_date", DataTypes.DateType, false)
                .add("close_in_month_probability", DataTypes.DoubleType, false)
                .add("close_in_quarter_probability", DataTypes.DoubleType, false)
                .add("forecast_category", DataTypes.StringType, false)
                .add("top_reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
                .add("negative_reasons", DataTypes.createArrayType(DataTypes.StringType, false), false);
        Dataset<Row> scored = checkpoints.take(input.mapPartitions(
                        new Scorer(win, closeDate, winVectors, closeVectors, passed), Encoders.row(out))
                .withColumn("win_score", least(lit(99), greatest(lit(1),
                        round(col("win_probability").multiply(100)).cast("int"))))
                .withColumn("is_slip_risk", col("predicted_close_date").gt(col("close_date")))
                .withColumn("win_model_version", lit(win.value().version()))
                .withColumn("close_date_model_version", lit(closeDate.value().version()))
                .withColumn("scored_at", lit(scoredAt))
                .withColumn("run_id", lit(config.runId())));
        Dataset<Row> before = earlier.select("score_date", "opportunity_id", "win_probability")
                .unionByName(scored.select("score_date", "opportunity_id", "win_probability"))
                .select(col("score_date").as("_before_date"), col("opportunity_id").as("_before_id"),
                        col("win_probability").as("win_probability_7d_ago"));
        Dataset<Row> joined = scored.join(before, col("opportunity_id").equalTo(col("_before_id"))
                .and(col("_before_date").equalTo(date_add(col("score_date"), -7))), "left");
        return joined.select(ScoreTables.OPPORTUNITY_SCORES.columns().stream()
                .map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }

    /**
     * Scores the run's dates and replaces their rows in {@code gold_opportunity_scores}.
     *
     * @throws IllegalStateException when a champion, the feature table or a date's snapshot is
     *                               missing, with what to run
     */
    public static StepRecorder.TableResult run(SparkSession spark, ScoringConfig config) {
        Lake lake = config.lake();
        ScoringInputs.Snapshots snapshots = ScoringInputs.snapshots(spark, lake, GoldTables.OPPORTUNITY_FEATURES, config);
        Dataset<Row> features = snapshots.rows();
        var registry = ModelTrainingJob.registry(spark, lake);
        var store = ModelTrainingJob.store(spark, lake);
        ChampionBundle winBundle = ChampionBundle.of(registry, store, OpportunityWinModel.DEFINITION.name());
        ChampionBundle closeBundle = ChampionBundle.of(registry, store, CloseDateModel.DEFINITION.name());
        Broadcast<ChampionBundle> win = ScoringInputs.broadcast(spark, winBundle);
        Broadcast<ChampionBundle> closeDate = ScoringInputs.broadcast(spark, closeBundle);
        Dataset<Row> earlier = ScoringInputs.earlier(spark, lake, ScoreTables.OPPORTUNITY_SCORES, config);
        StepRecorder recorder = new StepRecorder(spark, lake, config.runId(), JOB, config.from(), config.to());
        long read = snapshots.count();
        try {
            recorder.step(ScoreTables.OPPORTUNITY_SCORES, read, () -> {
                try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
                    Dataset<Row> scored = transform(checkpoints, features, win, closeDate, config, Instant.now(),
                            earlier);
                    DeltaTables.replaceRange(spark, lake, ScoreTables.OPPORTUNITY_SCORES, "score_date",
                            config.from(), config.to(), scored);
                    return DeltaTables.lastCommitOutputRows(spark, lake, ScoreTables.OPPORTUNITY_SCORES);
                }
            }, n -> n);
        } finally {
            recorder.flush();
            win.destroy();
            closeDate.destroy();
        }
        StepRecorder.TableResult result = recorder.results().get(0);
        LOG.info("table={} version={} models=opportunity_win {} close_date {} rows_in={} rows_out={}", result.table(),
                result.deltaVersion(), winBundle.version(), closeBundle.version(), read, result.rowsWritten());
        return result;
    }

    /** Last day of the calendar month of a date. */
    static LocalDate monthEnd(LocalDate date) {
        return date.withDayOfMonth(date.lengthOfMonth());
    }

    /** Last day of the calendar quarter of a date. */
    static LocalDate quarterEnd(LocalDate date) {
        LocalDate start = date.with(IsoFields.DAY_OF_QUARTER, 1);
        return start.plusMonths(3).minusDays(1);
    }

    /** Applies both models to a partition, one batch at a time. */
    private static final class Scorer implements MapPartitionsFunction<Row, Row> {

        private static final long serialVersionUID = 1L;

        private final Broadcast<ChampionBundle> win;
        private final Broadcast<ChampionBundle> closeDate;
        private final RowVectors winVectors;
        private final RowVectors closeVectors;
        private final int[] passed;

        Scorer(Broadcast<ChampionBundle> win, Broadcast<ChampionBundle> closeDate, RowVectors winVectors,
                RowVectors closeVectors, int[] passed) {
            this.win = win;
            this.closeDate = closeDate;
            this.winVectors = winVectors;
            this.closeVectors = closeVectors;
            this.passed = passed;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ProbabilityPredictor winModel = win.value().probability();
            DurationPredictor closeModel = closeDate.value().duration();
            return new Batched(rows, LeadScoringJob.BATCH_ROWS) {
                @Override
                List<Row> score(List<Row> batch) {
                    List<FeatureVector> w = new ArrayList<>(batch.size());
                    List<FeatureVector> c = new ArrayList<>(batch.size());
                    for (Row r : batch) {
                        w.add(winVectors.vector(r));
                        c.add(closeVectors.vector(r));
                    }
                    List<ProbabilityPredictor.Scored> win = winModel.scoreAndExplain(w, 3, 2);
                    List<DurationEstimate> days = closeModel.estimates(c);
                    List<Row> out = new ArrayList<>(batch.size());
                    for (int i = 0; i < win.size(); i++) {
                        double p = win.get(i).probability();
                        Row r = batch.get(i);
                        LocalDate date = r.getAs(passed[0]);
                        DurationEstimate e = days.get(i);
                        double inMonth = e.probabilityWithin(ChronoUnit.DAYS.between(date, monthEnd(date)));
                        double inQuarter = e.probabilityWithin(ChronoUnit.DAYS.between(date, quarterEnd(date)));
                        Explanation why = win.get(i).explanation();
                        Object[] cells = new Object[passed.length + 9];
                        for (int j = 0; j < passed.length; j++) {
                            cells[j] = r.get(passed[j]);
                        }
                        int k = passed.length;
                        cells[k] = p;
                        cells[k + 1] = date.plusDays(Math.round(e.days()));
                        cells[k + 2] = date.plusDays(Math.round(e.lowDays()));
                        cells[k + 3] = date.plusDays(Math.round(e.highDays()));
                        cells[k + 4] = inMonth;
                        cells[k + 5] = inQuarter;
                        cells[k + 6] = ForecastCategory.labelOrOmitted(ForecastCategory.bookingProbability(p, inQuarter));
                        cells[k + 7] = LeadScoringJob.texts(why.positive());
                        cells[k + 8] = LeadScoringJob.texts(why.negative());
                        out.add(RowFactory.create(cells));
                    }
                    return out;
                }
            };
        }
    }
}
