package dev.revlake.score;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.gold.GoldFunnelDailyJob;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.ops.StepRecorder;

/**
 * Builds {@code gold_lead_alerts}: one alert each time a lead's score crosses the handoff threshold
 * from below, the moment sales should call. A lead staying above the threshold night after night
 * alerts once; one that drops below and crosses again alerts again; a lead first scored at or above
 * the threshold alerts on that night. The lead's previous score is its last score before the night,
 * looked up to {@link #LOOKBACK_DAYS} back (a lead unscored for longer counts as new).
 *
 * <p>Alerts go to the lead owner, or to the configured queue when the lead has no owner. The same
 * run writes each night's count of handoffs into {@code gold_funnel_daily.handoff_leads}, per
 * source channel that has a funnel row that day and for {@code all}.
 */
public final class LeadAlertsJob {

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "lead_alerts";

    /** How far back a lead's previous score is looked for. */
    public static final int LOOKBACK_DAYS = 90;

    private static final Logger LOG = LoggerFactory.getLogger(LeadAlertsJob.class);

    private LeadAlertsJob() {
    }

    /** What an alerts run wrote. */
    public record Result(long alerts, long unassigned, long funnelRowsUpdated) {
    }

    /**
     * The alerts of the run's dates (pure).
     *
     * @param scores rows of {@code gold_lead_scores} from {@link #LOOKBACK_DAYS} before the run's first
     *               date to its last
     */
    public static Dataset<Row> transform(Dataset<Row> scores, ScoringConfig config, Instant alertedAt) {
        int threshold = config.handoffThreshold();
        Column previous = lag(col("score"), 1).over(Window.partitionBy("contact_id").orderBy("score_date"));
        return scores.withColumn("previous_score", previous)
                .filter(col("score_date").between(lit(config.from()), lit(config.to())))
                .filter(col("score").geq(threshold)
                        .and(col("previous_score").isNull().or(col("previous_score").lt(threshold))))
                .select(col("score_date").as("alert_date"), col("contact_id"), col("account_id"), col("owner_id"),
                        coalesce(col("owner_id"), lit(config.unassignedQueue())).as("route_to"),
                        col("source_channel"), col("score"), col("previous_score"), lit(threshold).as("threshold"),
                        col("tier"), col("top_reasons"), col("model_version"), lit(alertedAt).as("alerted_at"),
                        lit(config.runId()).as("run_id"));
    }

    /** Handoffs per funnel date and source channel, plus the {@code all} row of every date. */
    public static Dataset<Row> funnelCounts(Dataset<Row> alerts) {
        Dataset<Row> perChannel = alerts.groupBy(col("alert_date").as("funnel_date"), col("source_channel"))
                .agg(count("*").as("handoff_leads"));
        Dataset<Row> all = alerts.groupBy(col("alert_date").as("funnel_date"))
                .agg(count("*").as("handoff_leads")).withColumn("source_channel", lit(GoldFunnelDailyJob.ALL));
        return perChannel.unionByName(all);
    }

    /**
     * Recomputes the alerts of the run's dates (replacing earlier alerts of those dates, e.g. after
     * a threshold change) and the funnel's handoff counts.
     *
     * @throws IllegalStateException when the dates have no scores, with what to run
     */
    public static Result run(SparkSession spark, ScoringConfig config) {
        Lake lake = config.lake();
        if (!DeltaTables.exists(spark, lake, ScoreTables.LEAD_SCORES)) {
            throw new IllegalStateException("Table gold_lead_scores does not exist in " + lake.root()
                    + ": run revlake score first");
        }
        Dataset<Row> scores = DeltaTables.read(spark, lake, ScoreTables.LEAD_SCORES)
                .filter(col("score_date").between(lit(config.from().minusDays(LOOKBACK_DAYS)), lit(config.to())));
        long scored = scores.filter(col("score_date").between(lit(config.from()), lit(config.to()))).count();
        if (scored == 0) {
            throw new IllegalStateException("gold_lead_scores has no rows for " + config.from() + ".." + config.to()
                    + ": run revlake score first");
        }
        StepRecorder recorder = new StepRecorder(spark, lake, config.runId(), JOB, config.from(), config.to());
        long unassigned;
        long written;
        long funnelRows = 0;
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> alerts = checkpoints.take(transform(scores, config, Instant.now()));
            Row counts = alerts.agg(count(lit(1)), count(when(col("owner_id").isNull(), lit(1)))).head();
            long total = counts.getLong(0);
            unassigned = counts.getLong(1);
            written = recorder.step(ScoreTables.LEAD_ALERTS, scored, () -> {
                DeltaTables.replaceRange(spark, lake, ScoreTables.LEAD_ALERTS, "alert_date", config.from(),
                        config.to(), alerts);
                return total;
            }, n -> n);
            if (DeltaTables.exists(spark, lake, GoldTables.FUNNEL_DAILY)) {
                funnelRows = recorder.step(GoldTables.FUNNEL_DAILY, written,
                        () -> updateFunnel(spark, config, alerts, checkpoints), n -> n);
            }
        } finally {
            recorder.flush();
        }
        LOG.info("table={} version={} dates={}..{} rows_in={} alerts={} unassigned={} funnel_rows={}",
                ScoreTables.LEAD_ALERTS.name(), DeltaTables.version(spark, lake, ScoreTables.LEAD_ALERTS),
                config.from(), config.to(), scored, written, unassigned, funnelRows);
        return new Result(written, unassigned, funnelRows);
    }

    /** Sets the handoff count of every funnel row of the run's dates (0 where no lead crossed). */
    private static long updateFunnel(SparkSession spark, ScoringConfig config, Dataset<Row> alerts,
                                     LocalCheckpoints checkpoints) {
        Lake lake = config.lake();
        Dataset<Row> keys = DeltaTables.read(spark, lake, GoldTables.FUNNEL_DAILY)
                .filter(col("funnel_date").between(lit(config.from()), lit(config.to())))
                .select("funnel_date", "source_channel");
        Dataset<Row> counts = checkpoints.take(keys.join(funnelCounts(alerts),
                        scala.jdk.javaapi.CollectionConverters.asScala(List.of("funnel_date", "source_channel")).toSeq(),
                        "left")
                .withColumn("handoff_leads", coalesce(col("handoff_leads"), lit(0L))));
        long n = counts.count();
        io.delta.tables.DeltaTable.forPath(spark, lake.path(GoldTables.FUNNEL_DAILY)).as("t")
                .merge(counts.as("s"), "t.funnel_date = s.funnel_date AND t.source_channel = s.source_channel"
                        + " AND t.funnel_date >= DATE'" + config.from() + "' AND t.funnel_date <= DATE'" + config.to()
                        + "'")
                .whenMatched().updateExpr(Map.of("handoff_leads", "s.handoff_leads"))
                .execute();
        return n;
    }
}
