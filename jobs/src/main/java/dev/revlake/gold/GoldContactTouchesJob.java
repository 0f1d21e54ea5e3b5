package dev.revlake.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.silver.SilverTables;

/**
 * Builds {@code gold_contact_touches_daily}: every contact's attributed activity per day, the
 * compact input of the lead features.
 *
 * <p>Point in time: an e-mail, form, webinar or rep activity is attributed to its contact the day
 * it happens. A page view or session of a browser that was anonymous at the time is attributed
 * only from the day the browser was identified ({@code known_date}), so a snapshot taken before
 * the identification never sees it. Anonymous history is attributed up to
 * {@value #ATTRIBUTION_LOOKBACK_DAYS} days before the identification (the attribution lookback
 * window of common web analytics tools).
 *
 * <p>Behaviour points per touch (the classic marketing-automation score, decayed in
 * {@link GoldLeadFeaturesJob}): page view 1, pricing or demo page view 5, case study view 3,
 * e-mail open 1, e-mail click 3, form 10, demo/contact-sales/free-trial form 25, webinar
 * registration 5, webinar attendance 10, unsubscribe −10. Rep activities earn no points: the
 * score measures the prospect's behaviour, not the rep's.
 */
public final class GoldContactTouchesJob {

    /** Days of anonymous history attributed to a browser when it is identified. */
    public static final int ATTRIBUTION_LOOKBACK_DAYS = 90;

    private static final Logger LOG = LoggerFactory.getLogger(GoldContactTouchesJob.class);

    private GoldContactTouchesJob() {
    }

    /**
     * The touch rows whose {@code known_date} lies in [from, to].
     *
     * @param events     silver events (at least those of the dates that can become known in the range)
     * @param sessions   silver sessions (same)
     * @param identities the silver identity map
     */
    public static Dataset<Row> transform(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> identities,
                                         LocalDate from, LocalDate to) {
        Dataset<Row> identified = identities.select(col("anonymous_id").as("_anonymous_id"),
                to_date(col("identified_at")).as("_identified_date"));
        Dataset<Row> attributedEvents = known(events.filter(col("contact_id").isNotNull()), identified,
                col("channel").equalTo(lit("web")), col("event_date"), from, to);
        Dataset<Row> attributedSessions = known(sessions.filter(col("contact_id").isNotNull()), identified,
                lit(true), col("session_date"), from, to);

        Column type = col("event_type");
        Column category = col("page_category");
        Column pageView = type.equalTo(lit("page_view"));
        Column highIntentForm = type.equalTo(lit("form_submission"))
                .and(col("form_type").isin("demo_request", "contact_sales", "free_trial"));
        Map<String, Column> eventMeasures = new LinkedHashMap<>();
        eventMeasures.put("page_views", count(pageView));
        eventMeasures.put("pricing_page_views", count(pageView.and(category.equalTo(lit("pricing")))));
        eventMeasures.put("demo_page_views", count(pageView.and(category.equalTo(lit("demo")))));
        eventMeasures.put("case_study_page_views", count(pageView.and(category.equalTo(lit("case_study")))));
        eventMeasures.put("docs_page_views", count(pageView.and(category.equalTo(lit("docs")))));
        eventMeasures.put("desktop_page_views", count(pageView.and(col("device_type").equalTo(lit("desktop")))));
        eventMeasures.put("mobile_page_views", count(pageView.and(col("device_type").equalTo(lit("mobile")))));
        eventMeasures.put("tablet_page_views", count(pageView.and(col("device_type").equalTo(lit("tablet")))));
        eventMeasures.put("web_sessions", lit(0L));
        eventMeasures.put("email_opens", count(type.equalTo(lit("email_open"))));
        eventMeasures.put("email_clicks", count(type.equalTo(lit("email_click"))));
        eventMeasures.put("form_submissions", count(type.equalTo(lit("form_submission"))));
        eventMeasures.put("high_intent_form_submissions", count(highIntentForm));
        eventMeasures.put("webinar_registrations", count(type.equalTo(lit("webinar_registered"))));
        eventMeasures.put("webinar_minutes", when(type.equalTo(lit("webinar_attended")),
                coalesce(col("minutes_attended"), lit(0))).otherwise(lit(0)).cast("long"));
        eventMeasures.put("sales_activities", count(col("channel").equalTo(lit("sales"))));
        eventMeasures.put("engagement_points", points());
        eventMeasures.put("touch_at", col("occurred_at"));
        eventMeasures.put("session", lit(null).cast(SESSION));
        Dataset<Row> eventRows = attributedEvents.select(keys(eventMeasures));

        Column session = struct(col("started_at").as("at"),
                Channels.ofSession(col("utm_source"), col("utm_medium"), col("referrer_domain")).as("channel"),
                coalesce(col("utm_source"), col("referrer_domain"), lit("(direct)")).as("source"),
                coalesce(col("utm_medium"), when(col("referrer_domain").isNull(), lit("(none)"))
                        .when(Channels.ofSession(lit(null), lit(null), col("referrer_domain"))
                                .equalTo(lit("organic_search")), lit("organic"))
                        .otherwise(lit("referral"))).as("medium"),
                col("utm_campaign").as("campaign"));
        Map<String, Column> sessionMeasures = new LinkedHashMap<>();
        for (String name : eventMeasures.keySet()) {
            sessionMeasures.put(name, switch (name) {
                case "web_sessions" -> lit(1L);
                case "touch_at" -> col("started_at");
                case "session" -> session;
                default -> lit(0L);
            });
        }
        Dataset<Row> sessionRows = attributedSessions.select(keys(sessionMeasures));

        List<Column> aggregates = new ArrayList<>();
        aggregates.add(max("account_id").as("account_id"));
        for (String m : MEASURES) {
            aggregates.add(sum(m).as(m));
        }
        aggregates.add(min("touch_at").as("first_touch_at"));
        aggregates.add(max("touch_at").as("last_touch_at"));
        aggregates.add(min("session").as("first_session"));
        aggregates.add(max("session").as("last_session"));
        return eventRows.unionByName(sessionRows)
                .groupBy("contact_id", "activity_date", "known_date")
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .select(GoldTables.CONTACT_TOUCHES_DAILY.columns().stream().map(GoldContactTouchesJob::output)
                        .toArray(Column[]::new));
    }

    /**
     * Recomputes the known-date slices [from, to] of {@code gold_contact_touches_daily} from silver;
     * returns the rows written.
     */
    public static long run(SparkSession spark, Lake lake, LocalDate from, LocalDate to) {
        LocalDate earliest = from.minusDays(ATTRIBUTION_LOOKBACK_DAYS);
        Dataset<Row> events = DeltaTables.readOrEmpty(spark, lake, SilverTables.EVENTS)
                .filter(col("event_date").between(lit(earliest), lit(to)));
        Dataset<Row> sessions = DeltaTables.readOrEmpty(spark, lake, SilverTables.SESSIONS)
                .filter(col("session_date").between(lit(earliest), lit(to)));
        Dataset<Row> identities = DeltaTables.readOrEmpty(spark, lake, SilverTables.IDENTITY_MAP);
        long rows;
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> touches = checkpoints.take(transform(events, sessions, identities, from, to));
            DeltaTables.replaceRange(spark, lake, GoldTables.CONTACT_TOUCHES_DAILY, "known_date", from, to, touches);
            rows = touches.count();
        }
        LOG.info("table={} version={} known_dates={}..{} rows_written={}", GoldTables.CONTACT_TOUCHES_DAILY.name(),
                DeltaTables.version(spark, lake, GoldTables.CONTACT_TOUCHES_DAILY), from, to, rows);
        return rows;
    }

    /** The measures summed per day, in contract order. */
    static final List<String> MEASURES = List.of("page_views", "pricing_page_views", "demo_page_views",
            "case_study_page_views", "docs_page_views", "desktop_page_views", "mobile_page_views",
            "tablet_page_views", "web_sessions", "email_opens", "email_clicks", "form_submissions",
            "high_intent_form_submissions", "webinar_registrations", "webinar_minutes", "sales_activities",
            "engagement_points");

    private static final StructType SESSION = new StructType()
            .add("at", DataTypes.TimestampType).add("channel", DataTypes.StringType)
            .add("source", DataTypes.StringType).add("medium", DataTypes.StringType)
            .add("campaign", DataTypes.StringType);

    /** Adds activity_date and known_date, keeping rows known in [from, to]. */
    private static Dataset<Row> known(Dataset<Row> rows, Dataset<Row> identified, Column viaBrowser,
                                      Column activityDate, LocalDate from, LocalDate to) {
        Column identifiedDate = when(viaBrowser, col("_identified_date"));
        Column knownDate = greatest(activityDate, coalesce(identifiedDate, activityDate));
        return rows.join(identified, rows.col("anonymous_id").equalTo(identified.col("_anonymous_id")), "left")
                .withColumn("activity_date", activityDate)
                .withColumn("known_date", knownDate)
                .filter(col("known_date").between(lit(from), lit(to))
                        .and(date_diff(col("known_date"), col("activity_date")).leq(ATTRIBUTION_LOOKBACK_DAYS)));
    }

    private static Column[] keys(Map<String, Column> measures) {
        List<Column> all = new ArrayList<>(List.of(col("contact_id"), col("account_id"), col("activity_date"),
                col("known_date")));
        measures.forEach((name, c) -> all.add(c.as(name)));
        return all.toArray(Column[]::new);
    }

    private static Column count(Column condition) {
        return when(condition, lit(1L)).otherwise(lit(0L));
    }

    private static Column points() {
        Column type = col("event_type");
        Column category = col("page_category");
        return when(type.equalTo(lit("page_view")).and(category.isin("pricing", "demo")), lit(5L))
                .when(type.equalTo(lit("page_view")).and(category.equalTo(lit("case_study"))), lit(3L))
                .when(type.equalTo(lit("page_view")), lit(1L))
                .when(type.equalTo(lit("email_open")), lit(1L))
                .when(type.equalTo(lit("email_click")), lit(3L))
                .when(type.equalTo(lit("email_unsubscribe")), lit(-10L))
                .when(type.equalTo(lit("form_submission"))
                        .and(col("form_type").isin("demo_request", "contact_sales", "free_trial")), lit(25L))
                .when(type.equalTo(lit("form_submission")), lit(10L))
                .when(type.equalTo(lit("webinar_registered")), lit(5L))
                .when(type.equalTo(lit("webinar_attended")), lit(10L))
                .otherwise(lit(0L));
    }

    private static Column output(String column) {
        return switch (column) {
            case "first_session_at", "first_session_channel", "first_session_source", "first_session_medium",
                 "first_session_campaign" -> col("first_session." + column.substring("first_session_".length()))
                    .as(column);
            case "last_session_at", "last_session_channel", "last_session_source", "last_session_medium",
                 "last_session_campaign" -> col("last_session." + column.substring("last_session_".length()))
                    .as(column);
            default -> col(column);
        };
    }
}
