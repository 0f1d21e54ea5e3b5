package dev.revlake.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.lake.SparkSessions;
import dev.revlake.models.LeadConversionModel;
import dev.revlake.train.ModelTrainingJob;

/**
 * Scoring throughput: the latest night of a lake's {@code gold_lead_features}, repeated until it
 * has the requested number of leads, scored with the lake's lead champion (probabilities, scores,
 * tiers and reasons) into Spark's no-op sink. Prints leads per second.
 *
 * <p>{@code java -cp ... dev.revlake.score.ScoringBench LAKE [LEADS]} (default 1,000,000 leads).
 */
public final class ScoringBench {

    private ScoringBench() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ScoringBench LAKE [LEADS]");
            System.exit(2);
        }
        Lake lake = new Lake(args[0]);
        long leads = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        SparkSession spark = SparkSessions.getOrCreate("revlake-scoring-bench", 4);
        Dataset<Row> features = DeltaTables.read(spark, lake, GoldTables.LEAD_FEATURES);
        LocalDate night = DeltaTables.extremeDate(features, col("snapshot_date"), true);
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> one = checkpoints.take(features.filter(col("snapshot_date").equalTo(lit(night))));
            long base = one.count();
            long copies = (leads + base - 1) / base;
            Dataset<Row> input = one.crossJoin(spark.range(copies).withColumnRenamed("id", "_copy"))
                    .withColumn("contact_id", concat(col("contact_id"), lit("-"), col("_copy").cast("string")))
                    .drop("_copy").limit((int) Math.min(leads, Integer.MAX_VALUE))
                    .repartition(spark.sparkContext().defaultParallelism());
            input = checkpoints.take(input);
            long n = input.count();
            ChampionBundle bundle = ChampionBundle.of(ModelTrainingJob.registry(spark, lake),
                    ModelTrainingJob.store(spark, lake), LeadConversionModel.DEFINITION.name());
            Broadcast<ChampionBundle> model = ScoringInputs.broadcast(spark, bundle);
            ScoringConfig config = ScoringConfig.defaults(lake, night, night, "bench");
            Dataset<Row> none = spark.createDataFrame(List.of(), ScoreTables.LEAD_SCORES.schema());
            for (int round = 1; round <= 2; round++) {
                long start = System.nanoTime();
                try (LocalCheckpoints scored = new LocalCheckpoints()) {
                    LeadScoringJob.transform(scored, input, model, config, Instant.now(), none).write()
                            .format("noop").mode("overwrite").save();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %,d leads scored with %s %s (%s) on %d cores in %.1f s: %,.0f leads/s"
                                + " (%,.0f per minute)%n", round, n, bundle.name(), bundle.version(),
                        bundle.probability().algorithm(), Runtime.getRuntime().availableProcessors(), seconds,
                        n / seconds, n / seconds * 60);
            }
        }
        spark.stop();
    }
}
