package dev.revlake.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.lake.TableContract;
import dev.revlake.silver.SilverTables;

/**
 * Builds {@code gold_lead_features}: one row per open lead per snapshot date, computed only from
 * what was known by the end of that date — touches attributed by then
 * ({@code gold_contact_touches_daily.known_date <= snapshot_date}) and the CRM versions of the
 * lead and its account valid at the end of the day. Nothing later, ever.
 *
 * <p>How it stays incremental: every windowed count is a running sum over a difference array
 * (a touch adds its count on the day it becomes known and removes it the day it leaves the
 * window), so a run needs only the touches of the last 90 days plus one collapsed row per lead
 * for everything older; recomputing a single night and backfilling a range run the same code and
 * give the same rows.
 *
 * <ul>
 *   <li>Open lead: CRM record type {@code lead}, status open, working, nurturing or qualified,
 *       not converted, at the end of the snapshot date.</li>
 *   <li>Engagement score: the behaviour points of {@link GoldContactTouchesJob} decayed with a
 *       half-life of {@value #HALF_LIFE_DAYS} days: {@code sum(points * 0.5^((snapshot - day) / 14))},
 *       floored at 0.</li>
 *   <li>Visit streak: consecutive days with a page view, ending on the snapshot date or the day
 *       before, counting days whose views were attributed the same day; capped at
 *       {@value #STREAK_CAP_DAYS}.</li>
 *   <li>Label: {@code converted_within_30d} is true when the CRM recorded, within 30 days after the
 *       snapshot, a conversion dated in (snapshot_date, snapshot_date + 30]; it stays null until
 *       the run date reaches snapshot_date + 30.</li>
 * </ul>
 */
public final class GoldLeadFeaturesJob {

    /** Half-life of the engagement score, in days. */
    public static final int HALF_LIFE_DAYS = 14;
    /** Longest visit streak reported. */
    public static final int STREAK_CAP_DAYS = 30;
    /** Days after a snapshot in which a conversion counts. */
    public static final int LABEL_WINDOW_DAYS = 30;
    /** Fixed origin of the decay arithmetic, so every run computes the same score. */
    static final LocalDate DECAY_ORIGIN = LocalDate.of(2020, 1, 1);

    private static final Logger LOG = LoggerFactory.getLogger(GoldLeadFeaturesJob.class);
    private static final int LONGEST_WINDOW = 90;
    private static final List<String> OPEN_STATUSES = List.of("open", "working", "nurturing", "qualified");

    /** Windowed counts: output column → (touch measure, window days). */
    private static final Map<String, Windowed> WINDOWED = windowed();

    private record Windowed(String measure, int days) {
    }

    private GoldLeadFeaturesJob() {
    }

    /**
     * Features of every lead open on a date in [from, to], labels matured by {@code to}.
     *
     * @param checkpoints    holds the shared intermediate rows; the result can be computed until it closes
     * @param touches        {@code gold_contact_touches_daily} (rows known after {@code to} are ignored)
     * @param contactHistory {@code silver_contact_history}
     * @param accountHistory {@code silver_account_history}
     */
    public static Dataset<Row> transform(LocalCheckpoints checkpoints, Dataset<Row> touches,
                                         Dataset<Row> contactHistory, Dataset<Row> accountHistory, LocalDate from,
                                         LocalDate to) {
        return transform(checkpoints, touches, contactHistory, accountHistory, from, to, to);
    }

    /**
     * As {@link #transform(LocalCheckpoints, Dataset, Dataset, Dataset, LocalDate, LocalDate)}, with labels matured
     * by {@code labelsAsOf} (on or after {@code to}).
     */
    public static Dataset<Row> transform(LocalCheckpoints checkpoints, Dataset<Row> touches,
                                         Dataset<Row> contactHistory, Dataset<Row> accountHistory, LocalDate from,
                                         LocalDate to, LocalDate labelsAsOf) {
        // The spine and the leads' touches feed several branches: computed once, not once per branch.
        Dataset<Row> spine = checkpoints.take(spine(contactHistory, from, to));
        Dataset<Row> leads = spine.select("contact_id").distinct();
        Dataset<Row> known = touches.filter(col("known_date").leq(lit(to)));
        Dataset<Row> leadTouches = checkpoints.take(known.join(leads, "contact_id"));

        Dataset<Row> rows = spine
                .join(windowedCounts(leadTouches, spine, from, to), new String[] {"contact_id", "snapshot_date"}, "left")
                .join(lifetime(leadTouches, spine, from), new String[] {"contact_id", "snapshot_date"}, "left")
                .join(streaks(leadTouches, from), new String[] {"contact_id", "snapshot_date"}, "left")
                .join(accountSignals(known, spine, from, to), new String[] {"account_id", "snapshot_date"}, "left");
        rows = withFit(rows, accountHistory, to);
        rows = withLabels(rows, conversions(contactHistory, labelsAsOf), labelsAsOf);
        return rows.select(GoldTables.LEAD_FEATURES.columns().stream().map(GoldLeadFeaturesJob::output)
                .toArray(Column[]::new));
    }

    /**
     * Computes the snapshot dates of the batch (touch slices must already be up to date) and fills
     * the labels of earlier snapshots that mature within it. Returns the rows written.
     */
    public static long run(SparkSession spark, GoldBatch batch) {
        Lake lake = batch.lake();
        TableContract table = GoldTables.LEAD_FEATURES;
        Dataset<Row> contactHistory = DeltaTables.readOrEmpty(spark, lake, SilverTables.CONTACT_HISTORY);
        LocalDate labelsAsOf = batch.labelsKnownThrough(
                DeltaTables.extremeDate(contactHistory, to_date(col("updated_at")), true));
        long rows;
        long labelled;
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> features = checkpoints.take(transform(checkpoints,
                    DeltaTables.readOrEmpty(spark, lake, GoldTables.CONTACT_TOUCHES_DAILY), contactHistory,
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.ACCOUNT_HISTORY), batch.from(), batch.to(),
                    labelsAsOf));
            DeltaTables.replaceRange(spark, lake, table, "snapshot_date", batch.from(), batch.to(), features);
            rows = features.count();
            labelled = matureEarlierLabels(spark, batch, contactHistory, labelsAsOf, checkpoints);
        }
        LOG.info("table={} version={} snapshot_dates={}..{} rows_written={} earlier_labels_matured={}",
                table.name(), DeltaTables.version(spark, lake, table), batch.from(), batch.to(), rows, labelled);
        return rows;
    }

    /** Leads open at the end of each date in [from, to], with the CRM attributes valid then. */
    static Dataset<Row> spine(Dataset<Row> contactHistory, LocalDate from, LocalDate to) {
        WindowSpec byContact = Window.partitionBy("contact_id").orderBy("version_date");
        return lastVersionPerDay(contactHistory, "contact_id", to)
                .withColumn("valid_to", coalesce(date_sub(lead("version_date", 1).over(byContact), 1), lit(to)))
                .filter(col("record_type").equalTo(lit("lead")).and(col("status").isin(OPEN_STATUSES.toArray()))
                        .and(col("is_converted").equalTo(lit(false))))
                .withColumn("_start", greatest(col("version_date"), lit(from)))
                .withColumn("_end", least(col("valid_to"), lit(to)))
                .filter(col("_start").leq(col("_end")))
                .select(explode(sequence(col("_start"), col("_end"))).as("snapshot_date"), col("contact_id"),
                        col("account_id"), col("owner_id"), col("status").as("lead_status"), col("lead_source"),
                        to_date(col("created_at")).as("lead_created_date"), col("job_title"),
                        col("country").as("contact_country"));
    }

    /**
     * Windowed counts as running sums of a difference array, one row per spine row. The sums start
     * from their values on the day before the batch, so only the changes inside the batch are
     * exploded into rows.
     */
    private static Dataset<Row> windowedCounts(Dataset<Row> touches, Dataset<Row> spine, LocalDate from,
                                               LocalDate to) {
        // Days with a page view, made known on the first day any of their views was attributed.
        Dataset<Row> webDays = touches.filter(col("page_views").gt(0))
                .groupBy("contact_id", "activity_date").agg(min("known_date").as("known_date"))
                .withColumn("web_days", lit(1L));
        List<String> measures = WINDOWED.values().stream().map(Windowed::measure).distinct().toList();
        Dataset<Row> base = touches.filter(col("activity_date").geq(lit(from.minusDays(LONGEST_WINDOW - 1))));
        List<Column> baseColumns = new ArrayList<>(List.of(col("contact_id"), col("activity_date"),
                col("known_date")));
        List<Column> dayColumns = new ArrayList<>(baseColumns);
        for (String m : measures) {
            baseColumns.add(m.equals("web_days") ? lit(0L).as(m) : col(m));
            dayColumns.add(m.equals("web_days") ? col(m) : lit(0L).as(m));
        }
        Dataset<Row> counted = base.select(baseColumns.toArray(Column[]::new))
                .unionByName(webDays.filter(col("activity_date").geq(lit(from.minusDays(LONGEST_WINDOW - 1))))
                        .select(dayColumns.toArray(Column[]::new)));
        // Every running sum on the day before the batch, as plain conditional sums: the touches
        // known by then that are still inside the window. Only the changes within the batch need
        // the exploded rows below, so a nightly batch explodes a few slices of days, not 90.
        LocalDate before = from.minusDays(1);
        List<Column> opening = new ArrayList<>();
        for (Map.Entry<String, Windowed> e : WINDOWED.entrySet()) {
            int w = e.getValue().days();
            Column counts = col("activity_date").geq(lit(before.minusDays(w - 1)))
                    .and(col("known_date").leq(date_add(col("activity_date"), w - 1)));
            opening.add(sum(when(counts, col(e.getValue().measure())).otherwise(lit(0L))).cast("long")
                    .as(e.getKey()));
        }
        Dataset<Row> openingRows = counted.filter(col("known_date").leq(lit(before)))
                .groupBy("contact_id").agg(opening.get(0), opening.subList(1, opening.size()).toArray(Column[]::new))
                .withColumn("day", lit(before));
        // One row per touch and kind of change within the batch: known (+), leaving each window (-).
        List<Integer> windows = WINDOWED.values().stream().map(Windowed::days).distinct().sorted().toList();
        List<Column> kinds = new ArrayList<>();
        kinds.add(struct(deltaColumns(col("known_date"), null)));
        Column changesInBatch = col("known_date").geq(lit(from));
        for (int w : windows) {
            kinds.add(struct(deltaColumns(date_add(col("activity_date"), w), w)));
            changesInBatch = changesInBatch.or(col("activity_date").between(lit(from.minusDays(w)),
                    lit(to.minusDays(w))));
        }
        Dataset<Row> all = counted.filter(changesInBatch)
                .select(col("contact_id"), explode(array(kinds.toArray(Column[]::new))).as("_d"))
                .select(col("contact_id"), col("_d.*"))
                .filter(col("day").between(lit(from), lit(to)))
                .unionByName(openingRows)
                .withColumn("_spine", lit(0));
        List<Column> zeros = new ArrayList<>(List.of(col("contact_id"), col("snapshot_date").as("day")));
        WINDOWED.keySet().forEach(c -> zeros.add(lit(0L).as(c)));
        zeros.add(lit(1).as("_spine"));
        Dataset<Row> withSpine = all.unionByName(spine.select(zeros.toArray(Column[]::new)));
        List<Column> sums = new ArrayList<>();
        WINDOWED.keySet().forEach(c -> sums.add(sum(c).as(c)));
        sums.add(max("_spine").as("_spine"));
        WindowSpec running = Window.partitionBy("contact_id").orderBy("day")
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        List<Column> out = new ArrayList<>(List.of(col("contact_id"), col("day").as("snapshot_date")));
        WINDOWED.keySet().forEach(c -> out.add(sum(c).over(running).as(c)));
        out.add(col("_spine"));
        return withSpine.groupBy("contact_id", "day").agg(sums.get(0), sums.subList(1, sums.size())
                        .toArray(Column[]::new))
                .select(out.toArray(Column[]::new))
                .filter(col("_spine").equalTo(1)).drop("_spine");
    }

    /**
     * The delta columns of one kind of row: on the day a touch becomes known it adds its count to
     * every window it is still inside; {@code w} days after it happened it leaves window {@code w}.
     */
    private static Column[] deltaColumns(Column day, Integer leaving) {
        List<Column> columns = new ArrayList<>(List.of(day.as("day")));
        for (Map.Entry<String, Windowed> e : WINDOWED.entrySet()) {
            int w = e.getValue().days();
            Column inWindow = col("known_date").leq(date_add(col("activity_date"), w - 1));
            Column value = col(e.getValue().measure());
            Column delta = leaving == null ? when(inWindow, value).otherwise(lit(0L))
                    : leaving == w ? when(inWindow, value.multiply(-1)).otherwise(lit(0L)) : lit(0L);
            columns.add(delta.cast("long").as(e.getKey()));
        }
        return columns.toArray(Column[]::new);
    }

    /** First and last touches, recency and the decayed score: running aggregates over all history. */
    private static Dataset<Row> lifetime(Dataset<Row> touches, Dataset<Row> spine, LocalDate from) {
        Column day = greatest(col("known_date"), lit(from.minusDays(1)));
        Column mass = col("engagement_points").multiply(
                pow(lit(2.0), date_diff(col("activity_date"), lit(DECAY_ORIGIN)).divide(HALF_LIFE_DAYS)));
        Dataset<Row> collapsed = touches.groupBy(col("contact_id"), day.as("day")).agg(
                min("activity_date").as("first_touch_date"),
                max("activity_date").as("last_touch_date"),
                max(when(col("page_views").gt(0), col("activity_date"))).as("last_page_view_date"),
                max(when(col("email_clicks").gt(0), col("activity_date"))).as("last_email_click_date"),
                max(when(col("form_submissions").gt(0), col("activity_date"))).as("last_form_submission_date"),
                max(when(col("sales_activities").gt(0), col("activity_date"))).as("last_sales_activity_date"),
                min(session("first")).as("first_session"),
                max(session("last")).as("last_session"),
                sum(mass).as("score_mass"),
                lit(0).as("_spine"));
        Dataset<Row> spineRows = spine.select(col("contact_id"), col("snapshot_date").as("day"),
                lit(null).cast("date").as("first_touch_date"), lit(null).cast("date").as("last_touch_date"),
                lit(null).cast("date").as("last_page_view_date"), lit(null).cast("date").as("last_email_click_date"),
                lit(null).cast("date").as("last_form_submission_date"),
                lit(null).cast("date").as("last_sales_activity_date"),
                lit(null).cast(collapsed.schema().apply("first_session").dataType()).as("first_session"),
                lit(null).cast(collapsed.schema().apply("last_session").dataType()).as("last_session"),
                lit(null).cast("double").as("score_mass"), lit(1).as("_spine"));
        WindowSpec running = Window.partitionBy("contact_id").orderBy(col("day"), col("_spine"))
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        Column d = col("day");
        return collapsed.unionByName(spineRows)
                .select(col("contact_id"), d.as("snapshot_date"), col("_spine"),
                        date_diff(d, min("first_touch_date").over(running)).as("days_since_first_touch"),
                        date_diff(d, max("last_touch_date").over(running)).as("days_since_last_touch"),
                        date_diff(d, max("last_page_view_date").over(running)).as("days_since_last_page_view"),
                        date_diff(d, max("last_email_click_date").over(running)).as("days_since_last_email_click"),
                        date_diff(d, max("last_form_submission_date").over(running))
                                .as("days_since_last_form_submission"),
                        date_diff(d, max("last_sales_activity_date").over(running))
                                .as("days_since_last_sales_activity"),
                        min("first_session").over(running).as("first_session"),
                        max("last_session").over(running).as("last_session"),
                        greatest(lit(0.0), round(coalesce(sum("score_mass").over(running), lit(0.0)).multiply(
                                pow(lit(2.0), date_diff(lit(DECAY_ORIGIN), d).divide(HALF_LIFE_DAYS))), 2))
                                .as("engagement_score"))
                .filter(col("_spine").equalTo(1)).drop("_spine");
    }

    private static Column session(String which) {
        return when(col(which + "_session_at").isNotNull(), struct(col(which + "_session_at").as("at"),
                col(which + "_session_channel").as("channel"), col(which + "_session_source").as("source"),
                col(which + "_session_medium").as("medium"), col(which + "_session_campaign").as("campaign")));
    }

    /** Visit streaks at each date (only the dates a lead visited or the day after matter). */
    private static Dataset<Row> streaks(Dataset<Row> touches, LocalDate from) {
        Dataset<Row> days = touches.filter(col("page_views").gt(0)
                        .and(col("activity_date").geq(lit(from.minusDays(STREAK_CAP_DAYS + 1)))))
                .groupBy("contact_id", "activity_date").agg(min("known_date").as("known_date"))
                .filter(col("known_date").equalTo(col("activity_date")));
        Column island = date_sub(col("activity_date"),
                row_number().over(Window.partitionBy("contact_id").orderBy("activity_date")));
        Dataset<Row> streak = days.withColumn("_island", island)
                .withColumn("streak", least(lit(STREAK_CAP_DAYS), date_diff(col("activity_date"),
                        min("activity_date").over(Window.partitionBy("contact_id", "_island"))).plus(1)));
        return streak.select(col("contact_id"), col("activity_date").as("snapshot_date"), col("streak"))
                .unionByName(streak.select(col("contact_id"), date_add(col("activity_date"), 1).as("snapshot_date"),
                        col("streak")))
                .groupBy("contact_id", "snapshot_date").agg(max("streak").as("web_visit_streak_days"));
    }

    /**
     * Account page views and engaged contacts over 30 days, and page views, pricing and demo views
     * and e-mail clicks over 7 days, from the touches of every contact of the account (leads,
     * converted contacts and customers alike: the buying committee). The 7-day sums follow a
     * buying committee warming up together faster than 30-day sums can.
     */
    private static Dataset<Row> accountSignals(Dataset<Row> touches, Dataset<Row> spine, LocalDate from,
                                               LocalDate to) {
        int w = 30;
        Dataset<Row> recent = touches.filter(col("account_id").isNotNull()
                        .and(col("activity_date").geq(lit(from.minusDays(w - 1))))
                        .and(col("known_date").leq(date_add(col("activity_date"), w - 1))))
                .withColumn("_start", col("known_date"))
                .withColumn("_end", date_add(col("activity_date"), w - 1));
        // Windowed sums as +/- events, all from one pass over the touches: a touch counts from its
        // known_date until activity_date + w - 1, and not at all if it became known after that
        // (recent holds only touches known within 30 days).
        Column in7 = col("known_date").leq(date_add(col("activity_date"), 6));
        Column pv = col("page_views");
        Column intent = col("pricing_page_views").plus(col("demo_page_views"));
        Column clicks = col("email_clicks");
        Column zero = lit(0L);
        Dataset<Row> pageViews = recent.select(col("account_id"), explode(array(
                        event(col("known_date"), pv, when(in7, pv).otherwise(zero),
                                when(in7, intent).otherwise(zero), when(in7, clicks).otherwise(zero)),
                        event(date_add(col("activity_date"), w), pv.multiply(-1), zero, zero, zero),
                        event(date_add(col("activity_date"), 7), zero, when(in7, pv.multiply(-1)).otherwise(zero),
                                when(in7, intent.multiply(-1)).otherwise(zero),
                                when(in7, clicks.multiply(-1)).otherwise(zero)))).as("_e"))
                .select(col("account_id"), col("_e.*"));
        // A contact is engaged on the days covered by the union of its touches' intervals.
        WindowSpec ordered = Window.partitionBy("contact_id", "account_id").orderBy("_start", "_end");
        Dataset<Row> islands = recent
                .withColumn("_reach", max("_end").over(ordered.rowsBetween(Window.unboundedPreceding(), -1)))
                .withColumn("_new", when(col("_reach").isNull()
                        .or(col("_start").gt(date_add(col("_reach"), 1))), lit(1)).otherwise(lit(0)))
                .withColumn("_island", sum("_new").over(ordered.rowsBetween(Window.unboundedPreceding(),
                        Window.currentRow())))
                .groupBy("contact_id", "account_id", "_island")
                .agg(min("_start").as("_start"), max("_end").as("_end"));
        Dataset<Row> engaged = islands.select(col("account_id"), col("_start").as("day"), lit(1L).as("engaged"))
                .unionByName(islands.select(col("account_id"), date_add(col("_end"), 1).as("day"),
                        lit(-1L).as("engaged")));
        Dataset<Row> accountDays = spine.filter(col("account_id").isNotNull())
                .select(col("account_id"), col("snapshot_date").as("day"), lit(1).as("_spine")).distinct();
        WindowSpec running = Window.partitionBy("account_id").orderBy("day")
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        return pageViews.unionByName(engaged, true)
                .filter(col("day").leq(lit(to)))
                .withColumn("day", greatest(col("day"), lit(from.minusDays(1))))
                .withColumn("_spine", lit(0))
                .unionByName(accountDays, true)
                .groupBy("account_id", "day")
                .agg(sum("pv").as("pv"), sum("engaged").as("engaged"), sum("pv7").as("pv7"),
                        sum("intent7").as("intent7"), sum("clicks7").as("clicks7"), max("_spine").as("_spine"))
                .select(col("account_id"), col("day").as("snapshot_date"), col("_spine"),
                        sum("pv").over(running).as("account_page_views_30d"),
                        sum("engaged").over(running).as("account_engaged_contacts_30d"),
                        sum("pv7").over(running).as("account_page_views_7d"),
                        sum("intent7").over(running).as("account_pricing_demo_views_7d"),
                        sum("clicks7").over(running).as("account_email_clicks_7d"))
                .filter(col("_spine").equalTo(1)).drop("_spine");
    }

    /** One change of the account's running sums on a day. */
    private static Column event(Column day, Column pv, Column pv7, Column intent7, Column clicks7) {
        return struct(day.as("day"), pv.cast("long").as("pv"), pv7.cast("long").as("pv7"),
                intent7.cast("long").as("intent7"), clicks7.cast("long").as("clicks7"));
    }

    /** Adds the fit columns from the account version valid at the end of each snapshot date. */
    private static Dataset<Row> withFit(Dataset<Row> rows, Dataset<Row> accountHistory, LocalDate to) {
        WindowSpec byAccount = Window.partitionBy("account_id").orderBy("version_date");
        Dataset<Row> versions = lastVersionPerDay(accountHistory, "account_id", to)
                .withColumn("_valid_to", coalesce(date_sub(lead("version_date", 1).over(byAccount), 1), lit(to)))
                .select(col("account_id").as("_account_id"), col("version_date").as("_valid_from"), col("_valid_to"),
                        col("industry").as("_industry"), col("employee_count").as("_employees"),
                        col("annual_revenue_usd").as("_revenue"), col("country").as("_account_country"));
        return rows.join(versions, rows.col("account_id").equalTo(versions.col("_account_id"))
                        .and(rows.col("snapshot_date").between(versions.col("_valid_from"), versions.col("_valid_to"))),
                "left");
    }

    /** The first CRM version of each lead that shows a conversion: when it was recorded and its date. */
    private static Dataset<Row> conversions(Dataset<Row> contactHistory, LocalDate to) {
        return contactHistory.filter(col("is_converted").and(to_date(col("updated_at")).leq(lit(to))))
                .groupBy("contact_id")
                .agg(min(struct(col("updated_at"), col("converted_at"))).as("_first"))
                .select(col("contact_id"), to_date(col("_first.updated_at")).as("_conversion_recorded_date"),
                        to_date(coalesce(col("_first.converted_at"), col("_first.updated_at")))
                                .as("_conversion_date"));
    }

    /** Adds the labels, null unless snapshot_date + 30 is on or before the run date. */
    private static Dataset<Row> withLabels(Dataset<Row> rows, Dataset<Row> conversions, LocalDate asOf) {
        Column matures = date_add(col("snapshot_date"), LABEL_WINDOW_DAYS);
        Column converted = col("_conversion_recorded_date").leq(matures)
                .and(col("_conversion_date").gt(col("snapshot_date")))
                .and(col("_conversion_date").leq(matures));
        return rows.join(conversions, "contact_id", "left")
                .withColumn("label_matures_on", matures)
                .withColumn("converted_within_30d", when(matures.leq(lit(asOf)), coalesce(converted, lit(false))))
                .withColumn("converted_date", when(col("converted_within_30d"), col("_conversion_date")));
    }

    /** Fills the labels of snapshots before the batch that mature within it. */
    private static long matureEarlierLabels(SparkSession spark, GoldBatch batch, Dataset<Row> contactHistory,
                                            LocalDate labelsAsOf, LocalCheckpoints checkpoints) {
        LocalDate first = batch.from().minusDays(LABEL_WINDOW_DAYS);
        LocalDate last = labelsAsOf.minusDays(LABEL_WINDOW_DAYS);
        if (last.isBefore(first) || !DeltaTables.exists(spark, batch.lake(), GoldTables.LEAD_FEATURES)) {
            return 0;
        }
        LocalDate end = last.isBefore(batch.from()) ? last : batch.from().minusDays(1);
        if (end.isBefore(first)) {
            return 0;
        }
        Dataset<Row> labelled = checkpoints.take(withLabels(
                        DeltaTables.readOrEmpty(spark, batch.lake(), GoldTables.LEAD_FEATURES)
                                .filter(col("snapshot_date").between(lit(first), lit(end)))
                                .select("snapshot_date", "contact_id"),
                        conversions(contactHistory, labelsAsOf), labelsAsOf)
                .select("snapshot_date", "contact_id", "converted_within_30d", "converted_date"));
        long n = labelled.count();
        if (n > 0) {
            io.delta.tables.DeltaTable.forPath(spark, batch.lake().path(GoldTables.LEAD_FEATURES)).as("t")
                    .merge(labelled.as("s"), "t.snapshot_date = s.snapshot_date AND t.contact_id = s.contact_id"
                            + " AND t.snapshot_date >= DATE'" + first + "' AND t.snapshot_date <= DATE'" + end + "'")
                    .whenMatched("NOT (t.converted_within_30d <=> s.converted_within_30d)"
                            + " OR NOT (t.converted_date <=> s.converted_date)")
                    .updateExpr(Map.of("converted_within_30d", "s.converted_within_30d",
                            "converted_date", "s.converted_date"))
                    .execute();
        }
        return n;
    }

    /** The last CRM version of each record per day, among versions recorded by the end of {@code to}. */
    private static Dataset<Row> lastVersionPerDay(Dataset<Row> history, String key, LocalDate to) {
        return history.withColumn("version_date", to_date(col("updated_at")))
                .filter(col("version_date").leq(lit(to)))
                .withColumn("_rank", row_number().over(Window.partitionBy(key, "version_date")
                        .orderBy(col("updated_at").desc())))
                .filter(col("_rank").equalTo(1)).drop("_rank");
    }

    private static Column output(String column) {
        Column zero = lit(0L);
        if (WINDOWED.containsKey(column)) {
            return coalesce(col(column), zero).as(column);
        }
        return switch (column) {
            case "days_since_created" -> date_diff(col("snapshot_date"), col("lead_created_date")).as(column);
            case "industry" -> coalesce(col("_industry"), lit(Firmographics.UNKNOWN)).as(column);
            case "employee_band" -> Firmographics.employeeBand(col("_employees")).as(column);
            case "annual_revenue_band" -> Firmographics.revenueBand(col("_revenue")).as(column);
            case "segment" -> Firmographics.segment(col("_employees")).as(column);
            case "country" -> coalesce(col("contact_country"), col("_account_country"), lit(Firmographics.UNKNOWN))
                    .as(column);
            case "job_title_seniority" -> Firmographics.seniority(col("job_title")).as(column);
            case "job_title_department" -> Firmographics.department(col("job_title")).as(column);
            case "web_visit_streak_days" -> coalesce(col(column), lit(0)).cast("int").as(column);
            case "device_types_30d" -> deviceTypes().as(column);
            case "is_multi_device_30d" -> deviceTypes().gt(1).as(column);
            case "engagement_score" -> coalesce(col(column), lit(0.0)).as(column);
            case "account_engaged_contacts_30d", "account_page_views_30d", "account_page_views_7d",
                    "account_pricing_demo_views_7d", "account_email_clicks_7d" ->
                    coalesce(col(column), zero).as(column);
            case "first_touch_channel", "first_touch_source", "first_touch_medium", "first_touch_campaign" ->
                    col("first_session." + column.substring("first_touch_".length())).as(column);
            case "last_touch_channel", "last_touch_source", "last_touch_medium", "last_touch_campaign" ->
                    col("last_session." + column.substring("last_touch_".length())).as(column);
            default -> col(column);
        };
    }

    private static Column deviceTypes() {
        Column n = lit(0);
        for (String d : List.of("desktop", "mobile", "tablet")) {
            n = n.plus(when(coalesce(col("_" + d + "_page_views_30d"), lit(0L)).gt(0), lit(1)).otherwise(lit(0)));
        }
        return n;
    }

    private static Map<String, Windowed> windowed() {
        Map<String, Windowed> m = new LinkedHashMap<>();
        for (int w : GoldTables.WINDOWS) {
            for (String measure : GoldTables.WINDOWED_MEASURES) {
                m.put(measure + "_" + w + "d", new Windowed(measure, w));
            }
        }
        for (int w : List.of(7, 30)) {
            m.put("pricing_page_views_" + w + "d", new Windowed("pricing_page_views", w));
            m.put("demo_page_views_" + w + "d", new Windowed("demo_page_views", w));
            m.put("web_active_days_" + w + "d", new Windowed("web_days", w));
        }
        m.put("case_study_page_views_30d", new Windowed("case_study_page_views", 30));
        m.put("docs_page_views_30d", new Windowed("docs_page_views", 30));
        m.put("high_intent_form_submissions_30d", new Windowed("high_intent_form_submissions", 30));
        for (String d : List.of("desktop", "mobile", "tablet")) {
            m.put("_" + d + "_page_views_30d", new Windowed(d + "_page_views", 30));
        }
        return m;
    }
}
