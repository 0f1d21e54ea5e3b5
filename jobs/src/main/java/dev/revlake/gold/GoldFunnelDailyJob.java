package dev.revlake.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.lake.TableContract;
import dev.revlake.silver.SilverTables;

/**
 * Builds {@code gold_funnel_daily}: one row per funnel_date per source_channel, plus an
 * {@code all} row per day, with visitors, leads, opportunities and 90-day velocity metrics.
 *
 * <p><b>Point in time.</b> The row of day D uses only what was known by the end of D:
 * <ul>
 *   <li>a browser counts as identified on D only if its identity_map row has
 *       {@code identified_at} before the end of D (a browser without an identity row keeps the
 *       contact its own row carries, see {@link #knownContact});</li>
 *   <li>CRM facts count on their <i>known day</i>: the day they happened, or the day of the first
 *       CRM version or snapshot that showed them if that is later (a late snapshot moves the fact
 *       forward, it never rewrites an earlier day). For normal daily snapshots both days are the
 *       same;</li>
 *   <li>the stage and amount of an opportunity at the end of D are those of its latest snapshot
 *       dated on or before D.</li>
 * </ul>
 * So nightly runs over [D-7, D] and one backfill over the whole range produce the same rows.
 *
 * <p><b>Channels.</b> Visitors count in the channel of each of their sessions that day
 * ({@link Channels#ofSession}); a visitor with sessions from two channels counts in both, once in
 * {@code all}. A lead's channel is the channel of its first web session known on its creation day
 * (a session of one of its browsers that started no later than the lead's creation, the browser
 * identified by the end of that day), else {@link Channels#ofLeadSource} of its lead source. An
 * opportunity takes the channel of its contact as a lead (when the contact began as a lead created
 * no later than the opportunity), else the channel of the opportunity's own lead source.
 *
 * <p><b>Stage conversion.</b> An exit of an open stage is a move to any other stage (later,
 * earlier, won or lost), counted on the known day of the next stage; it is <i>forward</i> when the
 * next stage is a later open stage or closed_won (skipping stages counts as forward). The
 * {@code <stage>_to_<next>_rate_90d} columns are forward exits / all exits of that stage over the
 * 90 days ending on D, null when the stage had no exit.
 *
 * <p><b>Velocity.</b> {@code open_opportunities × win_rate_90d × average_deal_size_usd_90d ÷
 * average_cycle_days_90d}; null when the rate, deal size or cycle is unknown or the cycle is zero
 * days, 0 when nothing is open. Cycle days are the days from the opportunity's creation day to the
 * day it was won.
 *
 * <p>{@code handoff_leads} comes from the lead alerts job, which fills it for the nights it
 * scores; recomputing a day here keeps the count already there (null until alerts ran for it).
 *
 * <p>Rows: every day of the batch has an {@code all} row (zeros when nothing happened); a channel
 * has a row on a day with a visitor, new lead, created, won or lost opportunity, or an open
 * opportunity at the end of the day.
 */
public final class GoldFunnelDailyJob {

    private static final Logger LOG = LoggerFactory.getLogger(GoldFunnelDailyJob.class);

    /** The channel of the all-channels row. */
    public static final String ALL = "all";

    /** Days of the trailing windows (D-89 .. D). */
    public static final int WINDOW_DAYS = 90;

    /** Open stages in sales order, with the column prefix of their conversion rate. */
    private static final List<String[]> OPEN_STAGES = List.of(
            new String[] {"prospecting", "prospecting_to_discovery"},
            new String[] {"discovery", "discovery_to_proposal"},
            new String[] {"proposal", "proposal_to_negotiation"},
            new String[] {"negotiation", "negotiation_to_won"});

    private static final List<String> KEY = List.of("funnel_date", "source_channel");

    private GoldFunnelDailyJob() {
    }

    /**
     * The funnel rows of [from, to], in contract order. Writes nothing; it checkpoints a few small
     * intermediates (leads, opportunities, stage intervals), which computes them eagerly.
     *
     * @param checkpoints        holds those intermediates; the result can be computed until it closes
     * @param sessions           silver sessions started on or before {@code to} (earlier sessions
     *                           give leads their channel)
     * @param identityMap        silver identity map
     * @param contactHistory     every CRM version of every lead and contact
     * @param opportunities      silver opportunities (latest state)
     * @param opportunityHistory silver opportunity stage intervals
     * @param opportunityChanges silver opportunity field changes (amounts over time)
     */
    public static Dataset<Row> transform(LocalCheckpoints checkpoints, Dataset<Row> sessions,
                                         Dataset<Row> identityMap, Dataset<Row> contactHistory,
                                         Dataset<Row> opportunities,
                                         Dataset<Row> opportunityHistory, Dataset<Row> opportunityChanges,
                                         LocalDate from, LocalDate to) {
        Column first = lit(from);
        Column last = lit(to);
        Dataset<Row> identity = identities(identityMap);

        // Visitors: every page view belongs to exactly one session of its day (sessions end at
        // midnight), so the sessions of a day are its visitors with their channels.
        Dataset<Row> visits = sessions.filter(col("session_date").between(first, last))
                .join(identity, col("anonymous_id").equalTo(col("_cookie")), "left")
                .select(col("session_date").as("funnel_date"),
                        Channels.ofSession(col("utm_source"), col("utm_medium"), col("referrer_domain"))
                                .as("source_channel"),
                        col("anonymous_id"),
                        when(knownContact(col("contact_id"), col("_cookie_contact_id"), col("_identified_at"),
                                col("session_date")).isNotNull(), col("anonymous_id")).as("_identified_cookie"));
        Dataset<Row> visitors = withAll(visits).groupBy("funnel_date", "source_channel").agg(
                count_distinct(col("anonymous_id")).as("visitors"),
                count_distinct(col("_identified_cookie")).as("identified_visitors"));

        // The small shared pieces are checkpointed: each feeds several aggregates, and inlining
        // them everywhere makes a plan Spark spends longer optimizing than running.
        Dataset<Row> leads = checkpoints.take(leadChannels(sessions, identity, contactHistory));
        Dataset<Row> newLeads = withAll(leads.filter(col("lead_day").between(first, last))
                .select(col("lead_day").as("funnel_date"), col("lead_channel").as("source_channel")))
                .groupBy("funnel_date", "source_channel").agg(count("*").as("new_leads"));

        Dataset<Row> opps = checkpoints.take(opportunityChannels(opportunities, leads));
        Dataset<Row> created = withAll(opps.filter(col("created_day").between(first, last))
                .select(col("created_day").as("funnel_date"), col("source_channel")))
                .groupBy("funnel_date", "source_channel").agg(count("*").as("opportunities_created"));

        Dataset<Row> intervals = checkpoints.take(intervals(opportunityHistory).join(opps, "opportunity_id"));
        Dataset<Row> closes = intervals.filter(col("stage").isin("closed_won", "closed_lost"))
                .select(col("known_day").as("day"), col("source_channel"),
                        col("stage").equalTo("closed_won").as("won"), col("amount_usd_at_entry").as("amount"),
                        date_diff(col("known_day"), col("created_day")).as("cycle_days"));
        Dataset<Row> closedToday = withAll(closes.filter(col("day").between(first, last))
                .withColumnRenamed("day", "funnel_date"))
                .groupBy("funnel_date", "source_channel").agg(
                        sum(when(col("won"), 1L).otherwise(0L)).as("opportunities_won"),
                        sum(when(org.apache.spark.sql.functions.not(col("won")), 1L).otherwise(0L)).as("opportunities_lost"),
                        sum(when(col("won"), col("amount"))).as("won_amount_usd"));
        Dataset<Row> closed90 = withAll(inWindow(closes, from, to))
                .groupBy("funnel_date", "source_channel").agg(
                        count("*").as("_closed_90d"),
                        sum(when(col("won"), 1L).otherwise(0L)).as("_won_90d"),
                        avg(when(col("won"), col("amount"))).as("_deal_size_90d"),
                        avg(when(col("won"), col("cycle_days"))).as("_cycle_days_90d"));

        Dataset<Row> exits = intervals.filter(col("stage_order").leq(4).and(col("_next_stage").isNotNull()))
                .select(col("_next_known_day").as("day"), col("source_channel"), col("stage"),
                        col("_next_stage").equalTo("closed_won")
                                .or(col("_next_order").gt(col("stage_order")).and(col("_next_order").leq(4)))
                                .as("forward"));
        List<Column> exitAggs = new java.util.ArrayList<>();
        for (String[] s : OPEN_STAGES) {
            exitAggs.add(sum(when(col("stage").equalTo(s[0]), 1L).otherwise(0L)).as("_exits_" + s[0]));
            exitAggs.add(sum(when(col("stage").equalTo(s[0]).and(col("forward")), 1L).otherwise(0L))
                    .as("_forward_" + s[0]));
        }
        Dataset<Row> exits90 = withAll(inWindow(exits, from, to)).groupBy("funnel_date", "source_channel")
                .agg(exitAggs.get(0), exitAggs.subList(1, exitAggs.size()).toArray(Column[]::new));

        Dataset<Row> open = withAll(openAtEndOfDay(intervals, opportunityHistory, opportunityChanges, from, to))
                .groupBy("funnel_date", "source_channel").agg(
                        count("*").as("open_opportunities"), sum("amount").as("open_pipeline_usd"));

        Dataset<Row> allDays = sessions.sparkSession().range(1)
                .select(explode(sequence(first, last)).as("funnel_date"), lit(ALL).as("source_channel"));
        Dataset<Row> rows = allDays;
        for (Dataset<Row> daily : List.of(visitors, newLeads, created, closedToday, open)) {
            rows = rows.join(daily, seq(KEY), "full");
        }
        rows = rows.join(closed90, seq(KEY), "left").join(exits90, seq(KEY), "left");

        Column winRate = when(col("_closed_90d").gt(0), col("_won_90d").divide(col("_closed_90d")));
        Column dealSize = col("_deal_size_90d").cast(DataTypes.DoubleType);
        Column cycle = col("_cycle_days_90d");
        Column openCount = coalesce(col("open_opportunities"), lit(0L));
        rows = rows
                .withColumn("handoff_leads", lit(null).cast(DataTypes.LongType))
                .withColumn("win_rate_90d", winRate)
                .withColumn("average_deal_size_usd_90d", org.apache.spark.sql.functions.round(
                        col("_deal_size_90d"), 2))
                .withColumn("average_cycle_days_90d", cycle)
                .withColumn("pipeline_velocity_usd_per_day",
                        when(winRate.isNotNull().and(dealSize.isNotNull()).and(cycle.gt(0)),
                                openCount.multiply(winRate).multiply(dealSize).divide(cycle)));
        for (String[] s : OPEN_STAGES) {
            rows = rows.withColumn(s[1] + "_rate_90d", when(col("_exits_" + s[0]).gt(0),
                    col("_forward_" + s[0]).cast(DataTypes.DoubleType).divide(col("_exits_" + s[0]))));
        }
        for (String zero : List.of("visitors", "identified_visitors", "new_leads", "opportunities_created",
                "opportunities_won", "opportunities_lost", "won_amount_usd", "open_opportunities",
                "open_pipeline_usd")) {
            rows = rows.withColumn(zero, coalesce(col(zero), lit(0)));
        }
        return conform(rows, GoldTables.FUNNEL_DAILY);
    }

    /**
     * The contact a browser's row belongs to as known by the end of {@code day}: the identity
     * map's contact when the browser was identified before the end of the day, nobody when it was
     * identified later (silver fills contact_id retroactively, so the row's own value cannot be
     * trusted then), and the row's own contact_id when the browser has no identity row at all.
     */
    static Column knownContact(Column rowContact, Column identityContact, Column identifiedAt, Column day) {
        return when(identifiedAt.isNull(), rowContact)
                .when(identifiedAt.lt(endOf(day)), identityContact);
    }

    /** The first instant after the UTC day. */
    static Column endOf(Column day) {
        return to_timestamp(date_add(day, 1));
    }

    /** The identity map as {@code _cookie, _cookie_contact_id, _identified_at}. */
    static Dataset<Row> identities(Dataset<Row> identityMap) {
        return identityMap.select(col("anonymous_id").as("_cookie"), col("contact_id").as("_cookie_contact_id"),
                col("identified_at").as("_identified_at"));
    }

    /** Casts and orders the columns of a contract. */
    static Dataset<Row> conform(Dataset<Row> rows, TableContract contract) {
        Column[] columns = new Column[contract.schema().size()];
        int i = 0;
        for (StructField f : contract.schema().fields()) {
            columns[i++] = col(f.name()).cast(f.dataType()).as(f.name());
        }
        return rows.select(columns);
    }

    /**
     * Every contact whose first CRM version is a lead: {@code contact_id, created_at, lead_day,
     * lead_channel}. The lead day is the creation day, or the day of its first version if later.
     */
    static Dataset<Row> leadChannels(Dataset<Row> sessions, Dataset<Row> identity, Dataset<Row> contactHistory) {
        Dataset<Row> leads = contactHistory
                .withColumn("_rank", row_number().over(Window.partitionBy("contact_id").orderBy("updated_at")))
                .filter(col("_rank").equalTo(1).and(col("record_type").equalTo("lead")))
                .select(col("contact_id").as("_lead_id"), col("created_at").as("_created_at"),
                        greatest(to_date(col("created_at")), to_date(col("updated_at"))).as("_lead_day"),
                        col("lead_source").as("_lead_source"));
        Dataset<Row> firstSession = sessions
                .join(identity, col("anonymous_id").equalTo(col("_cookie")), "left")
                .join(leads, coalesce(col("_cookie_contact_id"), col("contact_id")).equalTo(col("_lead_id")))
                .filter(knownContact(col("contact_id"), col("_cookie_contact_id"), col("_identified_at"),
                        col("_lead_day")).equalTo(col("_lead_id"))
                        .and(col("started_at").leq(col("_created_at"))))
                .withColumn("_rank", row_number().over(Window.partitionBy("_lead_id")
                        .orderBy(col("started_at"), col("session_id"))))
                .filter(col("_rank").equalTo(1))
                .select(col("_lead_id").as("_session_lead_id"),
                        Channels.ofSession(col("utm_source"), col("utm_medium"), col("referrer_domain"))
                                .as("_session_channel"));
        return leads.join(firstSession, col("_lead_id").equalTo(col("_session_lead_id")), "left")
                .select(col("_lead_id").as("contact_id"), col("_created_at").as("created_at"),
                        col("_lead_day").as("lead_day"),
                        coalesce(col("_session_channel"), Channels.ofLeadSource(col("_lead_source")))
                                .as("lead_channel"));
    }

    /** {@code opportunity_id, created_day, source_channel} of every opportunity. */
    private static Dataset<Row> opportunityChannels(Dataset<Row> opportunities, Dataset<Row> leads) {
        Dataset<Row> opps = opportunities.select(col("opportunity_id"), col("contact_id").as("_opp_contact_id"),
                col("lead_source").as("_opp_lead_source"),
                greatest(to_date(col("created_at")), col("first_snapshot_date")).as("created_day"));
        return opps.join(leads, col("_opp_contact_id").equalTo(col("contact_id"))
                        .and(col("lead_day").leq(col("created_day"))), "left")
                .select(col("opportunity_id"), col("created_day"),
                        coalesce(col("lead_channel"), Channels.ofLeadSource(col("_opp_lead_source")))
                                .as("source_channel"));
    }

    /** Stage intervals with their known day and the next interval's stage, order and known day. */
    private static Dataset<Row> intervals(Dataset<Row> history) {
        var byOpp = Window.partitionBy("opportunity_id").orderBy("stage_sequence");
        return history
                .withColumn("known_day", greatest(to_date(col("entered_at")), col("first_snapshot_date")))
                .withColumn("_next_stage", lead("stage", 1).over(byOpp))
                .withColumn("_next_order", lead("stage_order", 1).over(byOpp))
                .withColumn("_next_known_day", lead("known_day", 1).over(byOpp))
                .select("opportunity_id", "stage_sequence", "stage", "stage_order", "known_day", "_next_stage",
                        "_next_order", "_next_known_day", "amount_usd_at_entry");
    }

    /**
     * One row per opportunity open at the end of each day of [from, to] ({@code funnel_date,
     * source_channel, amount}), the amount being the latest known by then.
     */
    private static Dataset<Row> openAtEndOfDay(Dataset<Row> intervals, Dataset<Row> history,
                                               Dataset<Row> changes, LocalDate from, LocalDate to) {
        Column start = greatest(col("known_day"), lit(from));
        Column end = least(coalesce(date_add(col("_next_known_day"), -1), lit(to)), lit(to));
        Dataset<Row> openDays = intervals.filter(col("stage_order").leq(4).and(start.leq(end)))
                .select(col("opportunity_id"), col("source_channel"),
                        explode(sequence(start, end)).as("funnel_date"));
        // Amount over time: the amount at the first snapshot, then every change the snapshots saw.
        Dataset<Row> amounts = history.filter(col("stage_sequence").equalTo(1))
                .select(col("opportunity_id").as("_amount_opp"), col("first_snapshot_date").as("_amount_day"),
                        col("amount_usd_at_entry").as("_amount"))
                .unionByName(changes.filter(col("field_name").equalTo("amount_usd"))
                        .select(col("opportunity_id").as("_amount_opp"), col("snapshot_date").as("_amount_day"),
                                col("new_value").cast(GoldTables.FUNNEL_DAILY.schema().apply("won_amount_usd")
                                        .dataType()).as("_amount")));
        return openDays.join(amounts, col("opportunity_id").equalTo(col("_amount_opp"))
                        .and(col("_amount_day").leq(col("funnel_date"))), "left")
                .groupBy("funnel_date", "source_channel", "opportunity_id")
                .agg(max_by(col("_amount"), col("_amount_day")).as("amount"))
                .select("funnel_date", "source_channel", "amount");
    }

    /** Facts dated {@code day} repeated on every day of [from, to] whose 90-day window holds them. */
    private static Dataset<Row> inWindow(Dataset<Row> facts, LocalDate from, LocalDate to) {
        Column start = greatest(col("day"), lit(from));
        Column end = least(date_add(col("day"), WINDOW_DAYS - 1), lit(to));
        return facts.filter(start.leq(end)).withColumn("funnel_date", explode(sequence(start, end))).drop("day");
    }

    /** Each row once under its channel and once under {@code all}. */
    private static Dataset<Row> withAll(Dataset<Row> rows) {
        return rows.withColumn("source_channel", explode(array(col("source_channel"), lit(ALL))));
    }

    private static scala.collection.immutable.Seq<String> seq(List<String> names) {
        return scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq();
    }

    /**
     * Recomputes the funnel rows of the batch's dates and replaces them (rows no longer produced
     * are deleted) in one commit; returns the rows written.
     */
    public static long run(SparkSession spark, GoldBatch batch) {
        Lake lake = batch.lake();
        // Sessions up to the run date, not only the batch's: a lead's first session may be older.
        Dataset<Row> sessions = DeltaTables.readOrEmpty(spark, lake, SilverTables.SESSIONS)
                .filter(col("session_date").leq(lit(batch.to())));
        long n;
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> rows = transform(checkpoints, sessions,
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.IDENTITY_MAP),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.CONTACT_HISTORY),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITIES),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITY_HISTORY),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITY_CHANGES), batch.from(), batch.to());
            Dataset<Row> handoffs = DeltaTables.readOrEmpty(spark, lake, GoldTables.FUNNEL_DAILY)
                    .filter(col("funnel_date").between(lit(batch.from()), lit(batch.to())))
                    .select(col("funnel_date"), col("source_channel"),
                            col("handoff_leads").as("_kept_handoff_leads"));
            rows = checkpoints.take(rows.join(handoffs, seq(KEY), "left")
                    .withColumn("handoff_leads", col("_kept_handoff_leads")).drop("_kept_handoff_leads"));
            writeSlices(spark, batch, GoldTables.FUNNEL_DAILY, "funnel_date", rows);
            n = rows.count();
        }
        LOG.info("table={} version={} rows={}", GoldTables.FUNNEL_DAILY.name(),
                DeltaTables.version(spark, lake, GoldTables.FUNNEL_DAILY), n);
        return n;
    }

    /** Replaces the batch's dates of a gold table by the (checkpointed) rows. */
    static void writeSlices(SparkSession spark, GoldBatch batch, TableContract table, String dateColumn,
                            Dataset<Row> rows) {
        DeltaTables.replaceRange(spark, batch.lake(), table, dateColumn, batch.from(), batch.to(), rows);
    }
}
