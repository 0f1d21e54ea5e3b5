package dev.revlake.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.silver.SilverTables;

/**
 * Builds {@code gold_contact_activity_daily}: one row per known contact per activity_date with the
 * page views attributed to them by the end of that day, and who they are as the CRM said then —
 * the list a rep reads each morning ("which known contacts were on the site and what did they
 * look at").
 *
 * <p><b>Point in time.</b> A page view or session of day D belongs to a contact only if its
 * browser was identified before the end of D ({@link GoldFunnelDailyJob#knownContact}): silver
 * stitches earlier anonymous views retroactively, and a view stitched after D must not appear in
 * D's list. Account, name, title, status and owner come from the CRM versions valid at the end of
 * D (the latest with {@code updated_at} before the end of D). A contact with no CRM version by the
 * end of D is not yet known to the CRM and gets no row.
 *
 * <p>{@code top_pages}: up to five page paths, most viewed first, ties by path. {@code owner_id}:
 * the contact owner, else the owner of the contact's account. {@code landing_channel}: the
 * {@link Channels#ofSession channel} of the day's first session (ties by session id).
 */
public final class GoldContactActivityDailyJob {

    private static final Logger LOG = LoggerFactory.getLogger(GoldContactActivityDailyJob.class);

    /** Page paths listed in {@code top_pages}. */
    public static final int TOP_PAGES = 5;

    private GoldContactActivityDailyJob() {
    }

    /**
     * The activity rows of [from, to].
     *
     * @param events         silver events (web page views of [from, to] are used)
     * @param sessions       silver sessions (those of [from, to] are used)
     * @param identityMap    silver identity map
     * @param contactHistory every CRM version of every lead and contact
     * @param accountHistory every CRM version of every account
     */
    public static Dataset<Row> transform(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> identityMap,
                                         Dataset<Row> contactHistory, Dataset<Row> accountHistory,
                                         LocalDate from, LocalDate to) {
        Dataset<Row> identity = GoldFunnelDailyJob.identities(identityMap);
        Dataset<Row> views = events.filter(col("channel").equalTo("web").and(col("event_type").equalTo("page_view"))
                        .and(col("event_date").between(lit(from), lit(to))))
                .join(identity, col("anonymous_id").equalTo(col("_cookie")), "left")
                .select(col("event_date").as("activity_date"),
                        GoldFunnelDailyJob.knownContact(col("contact_id"), col("_cookie_contact_id"),
                                col("_identified_at"), col("event_date")).as("contact_id"),
                        col("occurred_at"), col("page_path"), col("page_category"))
                .filter(col("contact_id").isNotNull());

        Dataset<Row> perDay = views.groupBy("activity_date", "contact_id").agg(
                count("*").as("page_views"), min("occurred_at").as("first_seen_at"),
                max("occurred_at").as("last_seen_at"),
                array_sort(collect_set(col("page_category"))).as("page_categories"),
                coalesce(max(col("page_category").equalTo("pricing")), lit(false)).as("has_pricing_view"),
                coalesce(max(col("page_category").equalTo("demo")), lit(false)).as("has_demo_view"));

        // Most viewed first, ties by path: sort (-views, path) pairs and keep the paths.
        Dataset<Row> topPages = views.filter(col("page_path").isNotNull())
                .groupBy("activity_date", "contact_id", "page_path").agg(count("*").as("_views"))
                .groupBy("activity_date", "contact_id").agg(collect_list(struct(
                        col("_views").multiply(-1).as("k"), col("page_path").as("p"))).as("_pages"))
                .select(col("activity_date"), col("contact_id"),
                        org.apache.spark.sql.functions.transform(slice(array_sort(col("_pages")), 1, TOP_PAGES),
                                x -> coalesce(x.getField("p"), lit(""))) // never null: keeps elements non-null
                                .as("top_pages"));

        Dataset<Row> daySessions = sessions.filter(col("session_date").between(lit(from), lit(to)))
                .join(identity, col("anonymous_id").equalTo(col("_cookie")), "left")
                .select(col("session_date").as("activity_date"),
                        GoldFunnelDailyJob.knownContact(col("contact_id"), col("_cookie_contact_id"),
                                col("_identified_at"), col("session_date")).as("contact_id"),
                        col("session_id"), col("started_at"),
                        Channels.ofSession(col("utm_source"), col("utm_medium"), col("referrer_domain"))
                                .as("_channel"))
                .filter(col("contact_id").isNotNull())
                .groupBy("activity_date", "contact_id").agg(count("*").as("web_sessions"),
                        min_by(col("_channel"), struct(col("started_at"), col("session_id")))
                                .as("landing_channel"));

        Dataset<Row> activity = perDay.join(topPages, seq("activity_date", "contact_id"), "left")
                .join(daySessions, seq("activity_date", "contact_id"), "left")
                .withColumn("top_pages", coalesce(col("top_pages"), array_compact(array(lit(null).cast(DataTypes.StringType)))))
                .withColumn("web_sessions", coalesce(col("web_sessions"), lit(0L)));

        // The contact version valid at the end of the day; no version yet = not known to the CRM.
        Dataset<Row> contactVersions = contactHistory.select(col("contact_id").as("_c_id"),
                col("updated_at").as("_c_updated_at"), col("account_id"), col("owner_id").as("_contact_owner"),
                col("first_name"), col("last_name"), col("job_title"), col("status").as("lead_status"));
        Dataset<Row> withContact = latestAsOf(activity.join(contactVersions,
                col("contact_id").equalTo(col("_c_id"))
                        .and(col("_c_updated_at").lt(GoldFunnelDailyJob.endOf(col("activity_date"))))),
                "_c_updated_at");
        Dataset<Row> accountVersions = accountHistory.select(col("account_id").as("_a_id"),
                col("updated_at").as("_a_updated_at"), col("account_name"), col("owner_id").as("_account_owner"));
        Dataset<Row> rows = latestAsOf(withContact.join(accountVersions, col("account_id").equalTo(col("_a_id"))
                        .and(col("_a_updated_at").lt(GoldFunnelDailyJob.endOf(col("activity_date")))), "left"),
                "_a_updated_at")
                .withColumn("owner_id", coalesce(col("_contact_owner"), col("_account_owner")))
                .withColumn("full_name", trim(concat_ws(" ", trim(col("first_name")), trim(col("last_name")))))
                .withColumn("full_name", when(col("full_name").notEqual(""), col("full_name")));
        return GoldFunnelDailyJob.conform(rows, GoldTables.CONTACT_ACTIVITY_DAILY);
    }

    /** Keeps, per (activity_date, contact_id), the joined version with the latest timestamp. */
    private static Dataset<Row> latestAsOf(Dataset<Row> joined, String versionColumn) {
        return joined.withColumn("_rank_" + versionColumn, row_number().over(
                        Window.partitionBy("activity_date", "contact_id").orderBy(col(versionColumn).desc_nulls_last())))
                .filter(col("_rank_" + versionColumn).equalTo(1)).drop("_rank_" + versionColumn);
    }

    private static scala.collection.immutable.Seq<String> seq(String... names) {
        return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(names)).toSeq();
    }

    /**
     * Recomputes the rows of the batch's dates from the page views and sessions of those dates and
     * replaces them (rows no longer produced are deleted) in one commit; returns the rows written.
     */
    public static long run(SparkSession spark, GoldBatch batch) {
        Lake lake = batch.lake();
        // Partition pruning: sessions end at midnight UTC, so the batch's own dates hold every page
        // view and session of its days.
        Column events = col("event_date").between(lit(batch.from()), lit(batch.to()));
        Column sessions = col("session_date").between(lit(batch.from()), lit(batch.to()));
        long n;
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> rows = checkpoints.take(transform(
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.EVENTS).filter(events),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.SESSIONS).filter(sessions),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.IDENTITY_MAP),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.CONTACT_HISTORY),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.ACCOUNT_HISTORY), batch.from(), batch.to()));
            GoldFunnelDailyJob.writeSlices(spark, batch, GoldTables.CONTACT_ACTIVITY_DAILY, "activity_date", rows);
            n = rows.count();
        }
        LOG.info("table={} version={} rows={}", GoldTables.CONTACT_ACTIVITY_DAILY.name(),
                DeltaTables.version(spark, lake, GoldTables.CONTACT_ACTIVITY_DAILY), n);
        return n;
    }
}
