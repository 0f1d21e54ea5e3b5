package dev.revlake.score;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
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

import dev.revlake.gold.Channels;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.models.LeadConversionModel;
import dev.revlake.models.features.FeatureVector;
import dev.revlake.models.scoring.Explanation;
import dev.revlake.models.scoring.ProbabilityPredictor;
import dev.revlake.models.scoring.Reason;
import dev.revlake.ops.StepRecorder;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.RowVectors;

/**
 * Builds {@code gold_lead_scores}: the lead-conversion champion applied to every open lead of
 * {@code gold_lead_features} for the run's snapshot dates. The model is broadcast once and applied
 * per partition in batches (one XGBoost call per batch), so scoring scales with the executors.
 *
 * <p>The score is the calibrated probability in percent, rounded and kept within 1..99 (a lead is
 * never certain either way); the tier follows {@link ScoringConfig}. Reasons come from the
 * explainer stored with the model. A date is scored as a whole and replaces what was scored for it
 * before; a nightly run scores only its own night, so earlier nights keep what was said then.
 */
public final class LeadScoringJob {

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "score_leads";

    /** Rows scored per model call. */
    static final int BATCH_ROWS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LeadScoringJob.class);

    private static final List<String> PASSED = List.of("score_date", "contact_id", "account_id", "owner_id",
            "lead_status", "segment", "source_channel");

    private LeadScoringJob() {
    }

    /**
     * Scores feature rows (reads no table, writes nothing; runs the model once, eagerly).
     *
     * @param checkpoints holds the scored rows; the result can be computed until it closes
     * @param features rows of {@code gold_lead_features}
     * @param model    the broadcast champion
     * @param earlier  {@code score_date, contact_id, score} of nights before the run's dates (for the
     *                 7-day change), possibly empty; the run's own dates come from the new scores
     * @return rows with the columns of {@link ScoreTables#LEAD_SCORES}
     */
    public static Dataset<Row> transform(LocalCheckpoints checkpoints, Dataset<Row> features,
            Broadcast<ChampionBundle> model, ScoringConfig config, Instant scoredAt, Dataset<Row> earlier) {
        ChampionBundle bundle = model.value();
        Dataset<Row> input = features
                .withColumn("score_date", col("snapshot_date"))
                .withColumn("source_channel", coalesce(col("first_touch_channel"),
                        Channels.ofLeadSource(col("lead_source")), lit("unknown")));
        RowVectors vectors = new RowVectors(input.schema(), bundle.probability().spec());
        int[] passed = PASSED.stream().mapToInt(input.schema()::fieldIndex).toArray();
        StructType out = new StructType();
        for (String c : PASSED) {
            out = out.add(input.schema().apply(c));
        }
        out = out.add("conversion_probability", DataTypes.DoubleType, false)
                .add("top_reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
                .add("negative_reasons", DataTypes.createArrayType(DataTypes.StringType, false), false);
        Dataset<Row> scored = input.mapPartitions(new Scorer(model, vectors, passed), Encoders.row(out));
        Column score = least(lit(99), greatest(lit(1), round(col("conversion_probability").multiply(100)).cast("int")));
        Dataset<Row> withScore = scored.withColumn("score", score)
                .withColumn("tier", when(col("score").geq(config.tierA()), "A").when(col("score").geq(config.tierB()), "B")
                        .when(col("score").geq(config.tierC()), "C").otherwise("D"))
                .withColumn("model_name", lit(bundle.name()))
                .withColumn("model_version", lit(bundle.version()))
                .withColumn("scored_at", lit(scoredAt))
                .withColumn("run_id", lit(config.runId()));
        // Checkpointed: the 7-day change joins the new scores with themselves (a backfill range), and
        // scoring must run once.
        withScore = checkpoints.take(withScore);
        Dataset<Row> before = earlier.select("score_date", "contact_id", "score")
                .unionByName(withScore.select("score_date", "contact_id", "score"))
                .select(col("score_date").as("_before_date"), col("contact_id").as("_before_id"),
                        col("score").as("score_7d_ago"));
        Dataset<Row> joined = withScore.join(before, col("contact_id").equalTo(col("_before_id"))
                .and(col("_before_date").equalTo(date_add(col("score_date"), -7))), "left")
                .withColumn("score_change_7d", col("score").minus(col("score_7d_ago")));
        return joined.select(ScoreTables.LEAD_SCORES.columns().stream().map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new));
    }

    /**
     * Scores the run's dates and replaces their rows in {@code gold_lead_scores}.
     *
     * @throws IllegalStateException when there is no champion, no feature table or a date without
     *                               a feature snapshot, with what to run
     */
    public static StepRecorder.TableResult run(SparkSession spark, ScoringConfig config) {
        Lake lake = config.lake();
        ScoringInputs.Snapshots snapshots = ScoringInputs.snapshots(spark, lake, GoldTables.LEAD_FEATURES, config);
        Dataset<Row> features = snapshots.rows();
        ChampionBundle bundle = ChampionBundle.of(ModelTrainingJob.registry(spark, lake),
                ModelTrainingJob.store(spark, lake), LeadConversionModel.DEFINITION.name());
        Broadcast<ChampionBundle> model = ScoringInputs.broadcast(spark, bundle);
        Dataset<Row> earlier = ScoringInputs.earlier(spark, lake, ScoreTables.LEAD_SCORES, config)
                .select("score_date", "contact_id", "score");
        StepRecorder recorder = new StepRecorder(spark, lake, config.runId(), JOB, config.from(), config.to());
        long read = snapshots.count();
        StepRecorder.TableResult result;
        try {
            recorder.step(ScoreTables.LEAD_SCORES, read, () -> {
                try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
                    Dataset<Row> scored = transform(checkpoints, features, model, config, Instant.now(), earlier);
                    DeltaTables.replaceRange(spark, lake, ScoreTables.LEAD_SCORES, "score_date", config.from(),
                            config.to(), scored);
                    return DeltaTables.lastCommitOutputRows(spark, lake, ScoreTables.LEAD_SCORES);
                }
            }, n -> n);
        } finally {
            recorder.flush();
            model.destroy();
        }
        result = recorder.results().get(0);
        LOG.info("table={} version={} model={} {} rows_in={} rows_out={}", result.table(), result.deltaVersion(),
                bundle.name(), bundle.version(), read, result.rowsWritten());
        return result;
    }

    /** Applies the model to a partition, one batch at a time. */
    private static final class Scorer implements MapPartitionsFunction<Row, Row> {

        private static final long serialVersionUID = 1L;

        private final Broadcast<ChampionBundle> model;
        private final RowVectors vectors;
        private final int[] passed;

        Scorer(Broadcast<ChampionBundle> model, RowVectors vectors, int[] passed) {
            this.model = model;
            this.vectors = vectors;
            this.passed = passed;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ProbabilityPredictor predictor = model.value().probability();
            return new Batched(rows, BATCH_ROWS) {
                @Override
                List<Row> score(List<Row> batch) {
                    List<FeatureVector> v = new ArrayList<>(batch.size());
                    for (Row r : batch) {
                        v.add(vectors.vector(r));
                    }
                    List<ProbabilityPredictor.Scored> scored = predictor.scoreAndExplain(v, 3, 2);
                    List<Row> out = new ArrayList<>(batch.size());
                    for (int i = 0; i < scored.size(); i++) {
                        Explanation why = scored.get(i).explanation();
                        Object[] cells = new Object[passed.length + 3];
                        for (int j = 0; j < passed.length; j++) {
                            cells[j] = batch.get(i).get(passed[j]);
                        }
                        cells[passed.length] = scored.get(i).probability();
                        cells[passed.length + 1] = texts(why.positive());
                        cells[passed.length + 2] = texts(why.negative());
                        out.add(RowFactory.create(cells));
                    }
                    return out;
                }
            };
        }
    }

    /** Reason texts as a Spark array value. */
    static scala.collection.immutable.Seq<String> texts(List<Reason> reasons) {
        return scala.jdk.javaapi.CollectionConverters.asScala(reasons.stream().map(Reason::text).toList()).toList();
    }
}
