package dev.revlake.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;

/** What the scoring jobs read, with the checks that turn missing input into a clear message. */
final class ScoringInputs {

    private ScoringInputs() {
    }

    /**
     * The feature snapshots of the run's dates and how many rows they hold (one Spark action gives
     * both the row count and the dates present).
     */
    record Snapshots(Dataset<Row> rows, long count) {
    }

    /**
     * The feature snapshots of the run's dates.
     *
     * @throws IllegalStateException when the table is missing or a date has no snapshot
     */
    static Snapshots snapshots(SparkSession spark, Lake lake, TableContract features, ScoringConfig config) {
        if (!DeltaTables.exists(spark, lake, features)) {
            throw new IllegalStateException("Table " + features.name() + " does not exist in " + lake.root()
                    + ": run revlake gold first");
        }
        Dataset<Row> rows = DeltaTables.read(spark, lake, features)
                .filter(col("snapshot_date").between(lit(config.from()), lit(config.to())));
        List<LocalDate> have = new ArrayList<>();
        long count = 0;
        for (Row r : rows.groupBy("snapshot_date").count().collectAsList()) {
            have.add(r.getAs(0));
            count += r.getLong(1);
        }
        List<LocalDate> missing = config.from().datesUntil(config.to().plusDays(1)).filter(d -> !have.contains(d))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(features.name() + " has no snapshot for " + missing.get(0)
                    + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more dates up to "
                    + missing.get(missing.size() - 1) : "") + ": run revlake gold --from " + missing.get(0) + " --to "
                    + missing.get(missing.size() - 1) + " first");
        }
        return new Snapshots(rows, count);
    }

    /** Earlier nights' rows of a score table, 7 to 13 days before the run's dates (for 7-day changes). */
    static Dataset<Row> earlier(SparkSession spark, Lake lake, TableContract scores, ScoringConfig config) {
        return DeltaTables.readOrEmpty(spark, lake, scores)
                .filter(col("score_date").between(lit(config.from().minusDays(7)), lit(config.to().minusDays(7))))
                .filter(col("score_date").lt(lit(config.from())));
    }

    /** Broadcasts a champion to the executors. */
    static Broadcast<ChampionBundle> broadcast(SparkSession spark, ChampionBundle bundle) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bundle);
    }
}
