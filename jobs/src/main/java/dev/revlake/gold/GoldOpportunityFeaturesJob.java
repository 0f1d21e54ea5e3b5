package dev.revlake.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.lake.TableContract;
import dev.revlake.silver.SilverTables;
import io.delta.tables.DeltaTable;

/**
 * Builds {@code gold_opportunity_features}: one row per open opportunity per snapshot date, the
 * input of the win and close-date models.
 *
 * <p>Point-in-time rule: the row of snapshot date D is computed only from what the CRM said by
 * the end of D (UTC): stage intervals first seen by D, field changes of snapshots up to D, rep
 * activities and attributed touches dated up to D (touches also attributed by D), the account
 * version valid at the end of D, and the owner's deals closed before D. Anything dated later never
 * changes the row. Labels ({@code is_won}, {@code closed_at}, {@code days_to_close}) are the only
 * exception by design: they describe the first close after D, and are filled once that close is
 * known by the run's as-of date, null before.
 *
 * <p>A day between two snapshots of an opportunity (a missing daily export) belongs to the stage
 * of the last snapshot before it, as that is what the CRM said by then; the open current stage
 * lasts until the run's as-of date.
 *
 * <p>Account, primary contact and lead source are not versioned in silver and are taken from
 * {@code silver_opportunities} (the latest CRM state; the CRM rarely changes them). The stage
 * probability is the CRM's own figure at the end of D, like amount and close date; when the CRM
 * gives none, the {@link #DEFAULT_STAGE_PROBABILITY} of the stage.
 */
public final class GoldOpportunityFeaturesJob {

    private static final Logger LOG = LoggerFactory.getLogger(GoldOpportunityFeaturesJob.class);

    /**
     * Days of rep activity looked back for {@code days_since_last_sales_activity}; older activity
     * counts as none. Bounded so that a nightly run reads a few months of events, not all of them,
     * and still gives the same value as a backfill.
     */
    public static final int ACTIVITY_LOOKBACK_DAYS = 90;

    /** Window of {@code engaged_contacts_30d}, in days ending on the snapshot date. */
    public static final int ENGAGEMENT_DAYS = 30;

    /**
     * Stage probabilities used when the CRM gives none: the defaults of a standard Salesforce
     * sales process.
     */
    public static final Map<String, Integer> DEFAULT_STAGE_PROBABILITY = Map.of(
            "prospecting", 10, "discovery", 25, "proposal", 50, "negotiation", 75);

    private static final DataType MONEY = GoldTables.OPPORTUNITY_FEATURES.schema().apply("amount_usd").dataType();

    private static final List<String> CLOSED_STAGES = List.of("closed_won", "closed_lost");

    private GoldOpportunityFeaturesJob() {
    }

    /**
     * The feature rows of every opportunity open at the end of each snapshot date in
     * [{@code from}, {@code to}], in the column order of {@link GoldTables#OPPORTUNITY_FEATURES}.
     * Pure: no reads or writes.
     *
     * @param history        {@code silver_opportunity_history} (all intervals of the opportunities)
     * @param changes        {@code silver_opportunity_changes} (all changes of the opportunities)
     * @param opportunities  {@code silver_opportunities}
     * @param accountHistory {@code silver_account_history}
     * @param salesEvents    {@code silver_events}, at least every {@code sales} event with event_date in
     *                       [from - {@value #ACTIVITY_LOOKBACK_DAYS} + 1, to]; other channels are ignored
     * @param touches        {@code gold_contact_touches_daily}, at least the rows with activity_date in
     *                       [from - 29, to] and known_date &lt;= to
     * @param from           first snapshot date
     * @param to             last snapshot date, the as-of date of the run (labels mature by it)
     */
    public static Dataset<Row> transform(Dataset<Row> history, Dataset<Row> changes, Dataset<Row> opportunities,
                                         Dataset<Row> accountHistory, Dataset<Row> salesEvents,
                                         Dataset<Row> touches, LocalDate from, LocalDate to) {
        return transform(history, changes, opportunities, accountHistory, salesEvents, touches, from, to, to);
    }

    /** As the other {@code transform}, with labels known by {@code labelsAsOf} (on or after {@code to}). */
    public static Dataset<Row> transform(Dataset<Row> history, Dataset<Row> changes, Dataset<Row> opportunities,
                                         Dataset<Row> accountHistory, Dataset<Row> salesEvents,
                                         Dataset<Row> touches, LocalDate from, LocalDate to, LocalDate labelsAsOf) {
        Dataset<Row> intervals = intervals(history, labelsAsOf);
        Dataset<Row> spine = spine(intervals, from, to)
                .join(opportunities.select(col("opportunity_id"), col("account_id"), col("contact_id"),
                        col("lead_source"),
                        // The opportunity existed by its first snapshot, whatever created_at says.
                        least(to_date(col("created_at")), col("first_snapshot_date")).as("created_date"),
                        col("owner_id").as("_owner_now"), col("amount_usd").as("_amount_now"),
                        col("close_date").as("_close_date_now"),
                        col("probability_percent").as("_probability_percent_now")), "opportunity_id");
        // Every side table is built from the inputs, not from the spine, so the plan computes the
        // spine once instead of once per side table (that made a tiny batch about twice as slow).
        Dataset<Row> versions = accountVersions(accountHistory);
        return valuesAsOf(spine, changes)
                .join(ownerRecord(history, from, to), on("owner_id", "snapshot_date"), "left")
                .join(versions, col("account_id").equalTo(col("_version_account_id"))
                        .and(col("_valid_from").isNull().or(col("snapshot_date").geq(col("_valid_from"))))
                        .and(col("_valid_to").isNull().or(col("snapshot_date").leq(col("_valid_to")))), "left")
                .join(salesActivity(opportunities, salesEvents, from, to), on("opportunity_id", "snapshot_date"),
                        "left")
                .join(engagedContacts(opportunities, touches, from, to), on("account_id", "snapshot_date"), "left")
                .withColumn("stage_probability_percent", coalesce(col("_crm_probability_percent"),
                        defaultProbability(col("stage"))))
                .withColumn("source_channel", Channels.ofLeadSource(col("lead_source")))
                .withColumn("age_days", date_diff(col("snapshot_date"), col("created_date")))
                // A CRM stage-change stamp at exactly midnight after the snapshot would give -1.
                .withColumn("days_in_stage", greatest(lit(0),
                        date_diff(col("snapshot_date"), to_date(col("entered_at")))))
                .withColumn("days_until_close_date", date_diff(col("close_date"), col("snapshot_date")))
                .withColumn("is_past_due", col("close_date").lt(col("snapshot_date")))
                .withColumn("days_to_close", date_diff(col("_close_day"), col("snapshot_date")))
                .select(contractColumns(GoldTables.OPPORTUNITY_FEATURES, Map.of(
                        "industry", coalesce(col("industry"), lit(Firmographics.UNKNOWN)),
                        "employee_band", Firmographics.employeeBand(col("employee_count")),
                        "segment", Firmographics.segment(col("employee_count")),
                        "sales_activities_7d", coalesce(col("sales_activities_7d"), lit(0L)),
                        "sales_activities_14d", coalesce(col("sales_activities_14d"), lit(0L)),
                        "sales_activities_30d", coalesce(col("sales_activities_30d"), lit(0L)),
                        "engaged_contacts_30d", coalesce(col("engaged_contacts_30d"), lit(0L)),
                        "owner_closed_deals", coalesce(col("owner_closed_deals"), lit(0L)),
                        "owner_won_deals", coalesce(col("owner_won_deals"), lit(0L)),
                        "owner_win_rate", when(coalesce(col("owner_closed_deals"), lit(0L)).gt(0),
                                col("owner_won_deals").divide(col("owner_closed_deals"))))));
    }

    /**
     * Label values for rows before {@code from} that a run must refresh: the intervals (dates
     * {@code cover_from .. cover_to}, all before {@code from}) of opportunities whose first close after
     * the interval was first shown by the CRM within [from, to].
     */
    public static Dataset<Row> labelUpdates(Dataset<Row> history, LocalDate from, LocalDate to) {
        return intervals(history, to)
                .filter(not(col("stage").isin(CLOSED_STAGES.toArray())))
                .filter(col("_close_day").between(lit(from), lit(to)))
                .filter(col("first_snapshot_date").lt(lit(from)))
                .select(col("opportunity_id"), col("first_snapshot_date").as("cover_from"),
                        least(col("_covers_to"), date_sub(lit(from), 1)).as("cover_to"),
                        col("is_won"), col("closed_at"), col("_close_day").as("close_day"))
                .filter(col("cover_from").leq(col("cover_to")));
    }

    /**
     * Recomputes the snapshot dates of the batch and replaces them in one MERGE, then fills the
     * labels of earlier rows of opportunities that closed within the batch (a second MERGE). A
     * nightly run per day therefore leaves the same table as one backfill over the same days.
     *
     * @return rows written for the batch's dates
     */
    public static long run(SparkSession spark, GoldBatch batch) {
        Lake lake = batch.lake();
        LocalDate from = batch.from();
        LocalDate to = batch.asOf();
        TableContract table = GoldTables.OPPORTUNITY_FEATURES;
        Dataset<Row> history = DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITY_HISTORY);
        LocalDate labelsAsOf = batch.labelsKnownThrough(
                DeltaTables.extremeDate(history, col("last_snapshot_date"), true));
        // Partition pruning on event_date: only the lookback of the batch, never the whole history.
        Dataset<Row> salesEvents = DeltaTables.readOrEmpty(spark, lake, SilverTables.EVENTS)
                .filter(col("event_date").between(lit(from.minusDays(ACTIVITY_LOOKBACK_DAYS - 1)), lit(to))
                        .and(col("channel").equalTo("sales")))
                .select("event_date", "channel", "opportunity_id", "account_id");
        Dataset<Row> touches = DeltaTables.readOrEmpty(spark, lake, GoldTables.CONTACT_TOUCHES_DAILY)
                .filter(col("known_date").between(lit(from.minusDays(ENGAGEMENT_DAYS - 1)), lit(to))
                        .and(col("activity_date").geq(lit(from.minusDays(ENGAGEMENT_DAYS - 1)))))
                .select("contact_id", "account_id", "activity_date", "known_date");
        // Checkpointed, not cached: a MERGE source must be deterministic and must not change
        // caching state while the MERGE runs.
        long written;
        long labelled;
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> rows = checkpoints.take(transform(history,
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITY_CHANGES),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITIES),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.ACCOUNT_HISTORY), salesEvents, touches, from, to,
                    labelsAsOf));
            written = rows.count();
            DeltaTables.replaceRange(spark, lake, table, "snapshot_date", from, to, rows);
            labelled = updateEarlierLabels(spark, lake, checkpoints.take(labelUpdates(history, from, labelsAsOf)),
                    from);
        }
        LOG.info("table={} version={} rows={} earlier_intervals_labelled={}", table.name(),
                DeltaTables.version(spark, lake, table), written, labelled);
        return written;
    }

    /** Updates the labels of rows before {@code from} from {@link #labelUpdates}; returns intervals used. */
    private static long updateEarlierLabels(SparkSession spark, Lake lake, Dataset<Row> updates, LocalDate from) {
        Row range = updates.agg(min("cover_from"), count("*")).head();
        long n = range.getLong(1);
        if (n == 0) {
            return 0;
        }
        String target = "t.opportunity_id = s.opportunity_id AND t.snapshot_date >= s.cover_from"
                + " AND t.snapshot_date <= s.cover_to"
                + " AND t.snapshot_date >= DATE'" + range.getAs(0) + "' AND t.snapshot_date < DATE'" + from + "'";
        String daysToClose = "CAST(DATEDIFF(s.close_day, t.snapshot_date) AS INT)";
        DeltaTable.forPath(spark, lake.path(GoldTables.OPPORTUNITY_FEATURES)).as("t")
                .merge(updates.as("s"), target)
                // Rows already labelled right are left alone, so a re-run rewrites no files.
                .whenMatched("NOT (t.is_won <=> s.is_won AND t.closed_at <=> s.closed_at AND t.days_to_close <=> "
                        + daysToClose + ")")
                .updateExpr(Map.of("is_won", "s.is_won", "closed_at", "s.closed_at", "days_to_close", daysToClose))
                .execute();
        return n;
    }

    /**
     * Stage intervals the CRM had shown by {@code to}, with the last date each covers
     * ({@code _covers_to}: the day before the next interval was first seen, else {@code to}), the
     * regressions so far, and the first close after the interval known by {@code to} (labels).
     */
    private static Dataset<Row> intervals(Dataset<Row> history, LocalDate to) {
        WindowSpec bySequence = Window.partitionBy("opportunity_id").orderBy("stage_sequence");
        Column closed = col("stage").isin(CLOSED_STAGES.toArray());
        // The close day is the first snapshot showing the close: when the CRM said so, which keeps
        // labels and owner records point-in-time even when a rep backdates closed_at.
        Column close = when(closed, struct(col("stage_sequence"), col("first_snapshot_date").as("close_day"),
                col("entered_at").as("closed_at"), col("stage").equalTo("closed_won").as("is_won")));
        return history.filter(col("first_snapshot_date").leq(lit(to)))
                .withColumn("_covers_to", coalesce(date_sub(lead("first_snapshot_date", 1).over(bySequence), 1),
                        lit(to)))
                .withColumn("stage_regression_count", sum(when(col("is_regression"), lit(1)).otherwise(lit(0)))
                        .over(bySequence.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
                .withColumn("_close", min(close).over(bySequence.rowsBetween(1, Window.unboundedFollowing())))
                .withColumn("is_won", col("_close.is_won"))
                .withColumn("closed_at", col("_close.closed_at"))
                .withColumn("_close_day", col("_close.close_day"));
    }

    /** One row per open interval per snapshot date it covers within [from, to]. */
    private static Dataset<Row> spine(Dataset<Row> intervals, LocalDate from, LocalDate to) {
        return intervals.filter(not(col("stage").isin(CLOSED_STAGES.toArray())))
                .withColumn("_start", greatest(col("first_snapshot_date"), lit(from)))
                .withColumn("_end", least(col("_covers_to"), lit(to)))
                .filter(col("_start").leq(col("_end")))
                .select(col("opportunity_id"), explode(sequence(col("_start"), col("_end"))).as("snapshot_date"),
                        col("stage"), col("stage_order"), col("entered_at"), col("stage_regression_count"),
                        col("is_won"), col("closed_at"), col("_close_day"));
    }

    /**
     * Owner, amount and close date as of each snapshot (the newest change up to D, else the value
     * before the first later change, else the current value, which then never changed), and the
     * push and amount-change counts up to D; the spine's columns are kept.
     */
    private static Dataset<Row> valuesAsOf(Dataset<Row> spine, Dataset<Row> changes) {
        Dataset<Row> c = changes.select(col("opportunity_id"), col("snapshot_date").as("_changed_on"),
                col("field_name"), col("old_value"), col("new_value"), col("close_date_shift_days"));
        Column known = col("_changed_on").leq(col("snapshot_date"));
        Column pushed = known.and(col("field_name").equalTo("close_date")).and(col("close_date_shift_days").gt(0));
        Column[] spineColumns = java.util.Arrays.stream(spine.columns()).map(Column::new).toArray(Column[]::new);
        Dataset<Row> agg = spine.join(c, on("opportunity_id"), "left")
                .groupBy(spineColumns)
                .agg(sum(when(pushed, lit(1)).otherwise(lit(0))).as("close_date_push_count"),
                        sum(when(pushed, col("close_date_shift_days")).otherwise(lit(0))).as("close_date_pushed_days"),
                        sum(when(known.and(col("field_name").equalTo("amount_usd")), lit(1)).otherwise(lit(0)))
                                .as("amount_change_count"),
                        valueAsOf("owner_id", known), valueBefore("owner_id", known),
                        valueAsOf("amount_usd", known), valueBefore("amount_usd", known),
                        valueAsOf("close_date", known), valueBefore("close_date", known),
                        valueAsOf("probability_percent", known), valueBefore("probability_percent", known));
        return agg.select(col("*"),
                coalesce(col("_owner_id_asof"), col("_owner_id_before"), col("_owner_now")).as("owner_id"),
                coalesce(col("_amount_usd_asof").cast(MONEY), col("_amount_usd_before").cast(MONEY),
                        col("_amount_now").cast(MONEY)).as("amount_usd"),
                coalesce(col("_close_date_asof").cast(DataTypes.DateType),
                        col("_close_date_before").cast(DataTypes.DateType), col("_close_date_now")).as("close_date"),
                coalesce(col("_probability_percent_asof").cast(DataTypes.IntegerType),
                        col("_probability_percent_before").cast(DataTypes.IntegerType),
                        col("_probability_percent_now")).as("_crm_probability_percent"));
    }

    private static Column valueAsOf(String field, Column known) {
        return max_by(col("new_value"), when(known.and(col("field_name").equalTo(field)), col("_changed_on")))
                .as("_" + field + "_asof");
    }

    private static Column valueBefore(String field, Column known) {
        return min_by(col("old_value"), when(not(known).and(col("field_name").equalTo(field)), col("_changed_on")))
                .as("_" + field + "_before");
    }

    /**
     * Deals each owner closed strictly before each snapshot date (owner at close time, close day as
     * in {@link #intervals}): a calendar per owner over [from, to] with running sums of closes.
     */
    private static Dataset<Row> ownerRecord(Dataset<Row> history, LocalDate from, LocalDate to) {
        Dataset<Row> increments = history.filter(col("stage").isin(CLOSED_STAGES.toArray()))
                // A close on day c counts from day c + 1 on; closes before the batch count from its start.
                .withColumn("snapshot_date", greatest(date_add(col("first_snapshot_date"), 1), lit(from)))
                .filter(col("snapshot_date").leq(lit(to)))
                .groupBy("owner_id", "snapshot_date")
                .agg(count("*").as("_closed"), sum(when(col("stage").equalTo("closed_won"), lit(1L))
                        .otherwise(lit(0L))).as("_won"));
        WindowSpec runningByOwner = Window.partitionBy("owner_id").orderBy("snapshot_date")
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        // Owners who never closed a deal get no row: their counts are 0.
        return increments.select("owner_id").distinct()
                .withColumn("snapshot_date", explode(sequence(lit(from), lit(to))))
                .join(increments, on("owner_id", "snapshot_date"), "left")
                .select(col("owner_id"), col("snapshot_date"),
                        sum(coalesce(col("_closed"), lit(0L))).over(runningByOwner).as("owner_closed_deals"),
                        sum(coalesce(col("_won"), lit(0L))).over(runningByOwner).as("owner_won_deals"));
    }

    /**
     * The CRM version of each account valid at the end of each day from {@code _valid_from} to
     * {@code _valid_to} (null: unbounded): the last version updated on or before that day; the
     * earliest version also stands for the days before it.
     */
    private static Dataset<Row> accountVersions(Dataset<Row> accountHistory) {
        WindowSpec byAccount = Window.partitionBy("account_id").orderBy("_day");
        return accountHistory.withColumn("_day", to_date(col("updated_at")))
                .groupBy("account_id", "_day")
                .agg(max_by(struct(col("industry"), col("employee_count")), col("updated_at")).as("_version"))
                .select(col("account_id").as("_version_account_id"),
                        when(lag("_day", 1).over(byAccount).isNotNull(), col("_day")).as("_valid_from"),
                        date_sub(lead("_day", 1).over(byAccount), 1).as("_valid_to"),
                        col("_version.industry").as("industry"),
                        col("_version.employee_count").as("employee_count"));
    }

    /**
     * Rep activity counts per opportunity and snapshot date: events on the opportunity, plus
     * events on its account that name no opportunity. Each day's count is spread over the
     * snapshot dates whose lookback contains it, then summed per window.
     */
    private static Dataset<Row> salesActivity(Dataset<Row> opportunities, Dataset<Row> events, LocalDate from,
                                              LocalDate to) {
        Dataset<Row> sales = events.filter(col("channel").equalTo("sales")
                .and(col("event_date").between(lit(from.minusDays(ACTIVITY_LOOKBACK_DAYS - 1)), lit(to))));
        Dataset<Row> onOpportunity = sales.filter(col("opportunity_id").isNotNull())
                .groupBy("opportunity_id", "event_date").agg(count("*").as("_n"));
        Dataset<Row> onAccount = sales.filter(col("opportunity_id").isNull().and(col("account_id").isNotNull()))
                .groupBy("account_id", "event_date").agg(count("*").as("_n"))
                .join(opportunities.select("account_id", "opportunity_id"), "account_id")
                .select("opportunity_id", "event_date", "_n");
        Column age = date_diff(col("snapshot_date"), col("event_date"));
        return onOpportunity.unionByName(onAccount)
                .withColumn("_start", greatest(col("event_date"), lit(from)))
                .withColumn("_end", least(date_add(col("event_date"), ACTIVITY_LOOKBACK_DAYS - 1), lit(to)))
                .filter(col("_start").leq(col("_end")))
                .withColumn("snapshot_date", explode(sequence(col("_start"), col("_end"))))
                .groupBy("opportunity_id", "snapshot_date")
                .agg(windowCount(age, 7).as("sales_activities_7d"), windowCount(age, 14).as("sales_activities_14d"),
                        windowCount(age, 30).as("sales_activities_30d"),
                        min(age).as("days_since_last_sales_activity"));
    }

    private static Column windowCount(Column age, int days) {
        return sum(when(age.lt(days), col("_n")).otherwise(lit(0L)));
    }

    /**
     * Distinct contacts of each account with a touch in the {@value #ENGAGEMENT_DAYS} days ending
     * on the snapshot date and attributed by then: each touch counts for the snapshot dates
     * [max(activity, known, from), min(activity + 29, to)].
     */
    private static Dataset<Row> engagedContacts(Dataset<Row> opportunities, Dataset<Row> touches, LocalDate from,
                                                LocalDate to) {
        return touches.filter(col("activity_date").geq(lit(from.minusDays(ENGAGEMENT_DAYS - 1)))
                        .and(col("known_date").leq(lit(to))).and(col("account_id").isNotNull()))
                .join(opportunities.select("account_id"), on("account_id"), "left_semi")
                .withColumn("_start", greatest(col("activity_date"), col("known_date"), lit(from)))
                .withColumn("_end", least(date_add(col("activity_date"), ENGAGEMENT_DAYS - 1), lit(to)))
                .filter(col("_start").leq(col("_end")))
                .withColumn("snapshot_date", explode(sequence(col("_start"), col("_end"))))
                .groupBy("account_id", "snapshot_date")
                .agg(count_distinct(col("contact_id")).as("engaged_contacts_30d"));
    }

    private static Column defaultProbability(Column stage) {
        Column c = lit(null).cast(DataTypes.IntegerType);
        for (Map.Entry<String, Integer> e : DEFAULT_STAGE_PROBABILITY.entrySet()) {
            c = when(stage.equalTo(e.getKey()), lit(e.getValue())).otherwise(c);
        }
        return c;
    }

    /** The contract's columns in order, cast to its types; {@code overrides} give a column's value. */
    private static Column[] contractColumns(TableContract table, Map<String, Column> overrides) {
        StructField[] fields = table.schema().fields();
        Column[] out = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Column value = overrides.getOrDefault(fields[i].name(), col(fields[i].name()));
            out[i] = value.cast(fields[i].dataType()).as(fields[i].name());
        }
        return out;
    }

    private static scala.collection.immutable.Seq<String> on(String... columns) {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toSeq();
    }
}
