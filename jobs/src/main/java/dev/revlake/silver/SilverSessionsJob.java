package dev.revlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

import dev.revlake.lake.DeltaMerges;
import dev.revlake.lake.LocalCheckpoints;

/**
 * Builds {@code silver_sessions} from page views: a session ends after 30 minutes without a page
 * view, and at midnight UTC (as Google Analytics' classic sessions did), which lets a nightly run
 * recompute only the visitor-days that received new page views.
 */
public final class SilverSessionsJob {

    /** Inactivity that ends a session. */
    public static final long INACTIVITY_MICROS = 30L * 60L * 1_000_000L;

    private SilverSessionsJob() {
    }

    /** Sessions of the given page views (which must be complete for every visitor-day they cover). */
    public static Dataset<Row> transform(Dataset<Row> pageViews) {
        WindowSpec byVisitorDay = Window.partitionBy("anonymous_id", "event_date")
                .orderBy(col("occurred_at"), col("event_id"));
        Dataset<Row> marked = pageViews
                .withColumn("_gap", unix_micros(col("occurred_at"))
                        .minus(unix_micros(lag("occurred_at", 1).over(byVisitorDay))))
                .withColumn("_new", when(col("_gap").isNull().or(col("_gap").gt(INACTIVITY_MICROS)), lit(1))
                        .otherwise(lit(0)))
                .withColumn("_session", sum("_new").over(byVisitorDay));
        return marked.groupBy("anonymous_id", "event_date", "_session").agg(
                        min("occurred_at").as("started_at"), max("occurred_at").as("ended_at"),
                        count("*").as("page_view_count"),
                        max("contact_id").as("contact_id"), max("account_id").as("account_id"),
                        min_by(col("url"), col("occurred_at")).as("landing_url"),
                        min_by(col("page_category"), col("occurred_at")).as("landing_page_category"),
                        min_by(col("referrer_domain"), col("occurred_at")).as("referrer_domain"),
                        min_by(col("utm_source"), col("occurred_at")).as("utm_source"),
                        min_by(col("utm_medium"), col("occurred_at")).as("utm_medium"),
                        min_by(col("utm_campaign"), col("occurred_at")).as("utm_campaign"),
                        min_by(col("device_type"), col("occurred_at")).as("device_type"),
                        max(col("page_category").equalTo("pricing")).as("has_pricing_view"),
                        max(col("page_category").equalTo("demo")).as("has_demo_view"))
                .withColumn("session_id", substring(sha2(concat_ws("|", col("anonymous_id"),
                        unix_micros(col("started_at")).cast("string")), 256), 1, 32))
                .withColumn("duration_seconds", unix_micros(col("ended_at")).minus(unix_micros(col("started_at")))
                        .divide(1_000_000L).cast(DataTypes.LongType))
                .select(col("session_id"), col("event_date").as("session_date"), col("anonymous_id"),
                        col("contact_id"), col("account_id"), col("started_at"), col("ended_at"),
                        col("duration_seconds"), col("page_view_count"), col("landing_url"),
                        col("landing_page_category"), col("referrer_domain"), col("utm_source"), col("utm_medium"),
                        col("utm_campaign"), col("device_type"), col("has_pricing_view"), col("has_demo_view"));
    }

    /** Recomputes the sessions of every visitor-day with page views in the batch; returns sessions written. */
    public static long run(SparkSession spark, SilverBatch batch, Dataset<Row> batchEventKeys) {
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            return run(spark, batch, batchEventKeys, checkpoints);
        }
    }

    private static long run(SparkSession spark, SilverBatch batch, Dataset<Row> batchEventKeys,
                            LocalCheckpoints checkpoints) {
        Dataset<Row> touched = checkpoints.take(batchEventKeys.filter(col("channel").equalTo("web"))
                .select("anonymous_id", "event_date").distinct());
        Row range = touched.agg(min("event_date"), max("event_date"), count("*")).head();
        if (range.getLong(2) == 0) {
            return 0;
        }
        String prune = SilverEventsJob.datePrune("event_date", range.getAs(0), range.getAs(1));
        Dataset<Row> pageViews = batch.silver(spark, SilverTables.EVENTS)
                .filter(prune + " AND channel = 'web'")
                .join(touched, scala.jdk.javaapi.CollectionConverters.asScala(
                        java.util.List.of("anonymous_id", "event_date")).toSeq(), "left_semi");
        Dataset<Row> sessions = checkpoints.take(transform(pageViews));
        Dataset<Row> previous = batch.silver(spark, SilverTables.SESSIONS)
                .filter(SilverEventsJob.datePrune("session_date", range.getAs(0), range.getAs(1)))
                .join(touched.withColumnRenamed("event_date", "session_date"),
                        scala.jdk.javaapi.CollectionConverters.asScala(
                                java.util.List.of("anonymous_id", "session_date")).toSeq(), "left_semi");
        DeltaMerges.replaceSlices(spark, batch.lake(), SilverTables.SESSIONS, sessions, previous,
                SilverEventsJob.datePrune("t.session_date", range.getAs(0), range.getAs(1)));
        return sessions.count();
    }
}
