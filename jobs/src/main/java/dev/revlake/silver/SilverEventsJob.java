package dev.revlake.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import dev.revlake.lake.DeltaMerges;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.lake.TableContract;
import dev.revlake.raw.Source;

import io.delta.tables.DeltaTable;

/**
 * Builds {@code silver_events}: one row per clean event across web, e-mail, forms, webinars and
 * sales activities, in UTC, with the normalized e-mail and the contact and account where known.
 * After the merge, page views of cookies identified in this batch are stitched retroactively.
 */
public final class SilverEventsJob {

    private SilverEventsJob() {
    }

    /**
     * Clean events of one batch, resolved to contacts.
     *
     * @param identities current identity map
     * @param contacts   current silver contacts
     */
    public static Dataset<Row> transform(Dataset<Row> pageviews, Dataset<Row> emails, Dataset<Row> forms,
                                         Dataset<Row> webinars, Dataset<Row> activities, Dataset<Row> identities,
                                         Dataset<Row> contacts) {
        Column path = SilverColumns.urlPath(col("url"));
        Dataset<Row> web = pageviews.select(base(lit("web"), lit("page_view"), col("anonymous_id"), lit(null))
                .with("url", col("url")).with("page_path", path)
                .with("page_category", SilverColumns.pageCategory(path))
                .with("referrer", col("referrer"))
                .with("referrer_domain", SilverColumns.referrerDomain(col("referrer")))
                .with("utm_source", col("utm_source")).with("utm_medium", col("utm_medium"))
                .with("utm_campaign", col("utm_campaign"))
                .with("device_type", SilverColumns.deviceType(col("user_agent"))).columns());
        Dataset<Row> email = emails.select(base(lit("email"), concat(lit("email_"), col("event_type")),
                col("anonymous_id"), col("email"))
                .with("url", col("url")).with("campaign_id", col("campaign_id"))
                .with("message_id", col("message_id"))
                .with("device_type", SilverColumns.deviceType(col("user_agent"))).columns());
        Dataset<Row> form = forms.select(base(lit("form"), lit("form_submission"), col("anonymous_id"),
                col("email"))
                .with("url", col("page_url")).with("page_path", SilverColumns.urlPath(col("page_url")))
                .with("page_category", SilverColumns.pageCategory(SilverColumns.urlPath(col("page_url"))))
                .with("form_id", col("form_id")).with("form_type", col("form_type")).columns());
        Dataset<Row> webinar = webinars.select(base(lit("webinar"), concat(lit("webinar_"), col("event_type")),
                lit(null), col("email"))
                .with("webinar_id", col("webinar_id")).with("minutes_attended", col("minutes_attended")).columns());
        Dataset<Row> sales = activities.select(new Cols(col("activity_id"), lit("sales"),
                concat(lit("sales_"), col("activity_type")), lit(null), lit(null))
                .with("_given_contact_id", col("contact_id")).with("_given_account_id", col("account_id"))
                .with("activity_owner_id", col("owner_id")).with("opportunity_id", col("opportunity_id"))
                .with("duration_minutes", col("duration_minutes")).columns());
        Dataset<Row> all = web.unionByName(email).unionByName(form).unionByName(webinar).unionByName(sales);

        Dataset<Row> byCookie = identities.select(col("anonymous_id").as("_cookie"),
                col("contact_id").as("_cookie_contact_id"), col("account_id").as("_cookie_account_id"));
        Dataset<Row> byEmail = SilverIdentityJob.contactsByEmail(contacts).select(col("_email"),
                col("contact_id").as("_email_contact_id"), col("account_id").as("_email_account_id"));
        Dataset<Row> byId = contacts.select(col("contact_id").as("_id"), col("account_id").as("_id_account_id"));
        Dataset<Row> joined = all
                .join(byCookie, col("channel").equalTo("web").and(col("anonymous_id").equalTo(col("_cookie"))), "left")
                .join(byEmail, col("email").equalTo(col("_email")), "left")
                .join(byId, col("_given_contact_id").equalTo(col("_id")), "left");
        Column contactId = coalesce(col("_given_contact_id"),
                when(col("channel").equalTo("web"), col("_cookie_contact_id")).otherwise(col("_email_contact_id")));
        Column accountId = coalesce(col("_given_account_id"), col("_id_account_id"),
                when(col("channel").equalTo("web"), col("_cookie_account_id")).otherwise(col("_email_account_id")));
        return joined.withColumn("contact_id", contactId).withColumn("account_id", accountId)
                .select(SilverTables.EVENTS.columns().stream().map(Column::new).toArray(Column[]::new));
    }

    private static Cols base(Column channel, Column eventType, Column anonymousId, Column email) {
        return new Cols(col("event_id"), channel, eventType, anonymousId, SilverColumns.normalizedEmail(email));
    }

    /** Builds the silver column list with nulls for what a channel does not have. */
    private static final class Cols {
        private final Map<String, Column> values = new java.util.LinkedHashMap<>();

        Cols(Column eventId, Column channel, Column eventType, Column anonymousId, Column email) {
            values.put("event_id", eventId);
            values.put("occurred_at", col("occurred_at"));
            values.put("event_date", to_date(col("occurred_at")));
            values.put("channel", channel);
            values.put("event_type", eventType);
            values.put("anonymous_id", anonymousId);
            values.put("email", email);
            values.put("delivery_date", col("delivery_date"));
        }

        Cols with(String name, Column value) {
            values.put(name, value);
            return this;
        }

        Column[] columns() {
            java.util.List<String> names = new java.util.ArrayList<>(SilverTables.EVENTS.columns());
            names.remove("contact_id");
            names.remove("account_id");
            names.add("_given_contact_id");
            names.add("_given_account_id");
            return names.stream().map(n -> {
                Column v = values.get(n);
                if (v != null) {
                    return v.as(n);
                }
                var type = n.startsWith("_") ? DataTypes.StringType
                        : SilverTables.EVENTS.schema().apply(n).dataType();
                return lit(null).cast(type).as(n);
            }).toArray(Column[]::new);
        }
    }

    /**
     * Merges the batch's events; returns the merged rows, checkpointed in the caller's scope (cheap
     * to reuse until it closes).
     */
    public static Dataset<Row> run(SparkSession spark, SilverBatch batch, LocalCheckpoints checkpoints) {
        Dataset<Row> rows = checkpoints.take(transform(batch.bronze(spark, Source.WEB_PAGEVIEWS),
                batch.bronze(spark, Source.EMAIL_EVENTS), batch.bronze(spark, Source.FORM_SUBMISSIONS),
                batch.bronze(spark, Source.WEBINAR_ATTENDANCE), batch.bronze(spark, Source.CRM_ACTIVITIES),
                batch.silver(spark, SilverTables.IDENTITY_MAP), batch.silver(spark, SilverTables.CONTACTS)));
        Row range = rows.agg(min("event_date"), max("event_date"), org.apache.spark.sql.functions.count("*")).head();
        long n = range.getLong(2);
        if (n > 0) {
            DeltaMerges.upsert(spark, batch.lake(), SilverTables.EVENTS, rows,
                    datePrune("t.event_date", range.getAs(0), range.getAs(1)), null);
        }
        return rows;
    }

    /**
     * Up to this many newly known cookies, a stitch is one Delta UPDATE per table with the cookies
     * written into its condition (a nightly has a few hundred at 100,000 contacts); more (a
     * backfill) go through a MERGE with the identities as its source. Measured on the 100,000-contact
     * lake (both tables, one run each, docs/performance.md): 239 cookies in the nightly 22.8 s as
     * UPDATEs against 39.5 s as MERGEs; 1,000 cookies 34.9 s against 40.6 s; 3,000 cookies 45.5 s
     * against 41.0 s; 10,000 cookies 70.7 s against 45.3 s.
     */
    static final int INLINE_STITCH_LIMIT = 1_000;

    /**
     * Gives earlier anonymous page views (and sessions) of newly identified cookies their contact.
     * Only rows still without a contact change, so running it again changes nothing.
     */
    public static void stitchEarlierEvents(SparkSession spark, SilverBatch batch, Dataset<Row> identities) {
        stitchEarlierEvents(spark, batch, identities, INLINE_STITCH_LIMIT);
    }

    static void stitchEarlierEvents(SparkSession spark, SilverBatch batch, Dataset<Row> identities,
                                    int inlineLimit) {
        Dataset<Row> known = identities.filter(col("contact_id").isNotNull())
                .select("anonymous_id", "contact_id", "account_id");
        List<Row> few = known.limit(inlineLimit + 1).collectAsList();
        if (few.isEmpty()) {
            return;
        }
        Map<String, Column> inline = few.size() <= inlineLimit ? inlineAssignments(few) : null;
        for (var table : List.of(SilverTables.EVENTS, SilverTables.SESSIONS)) {
            if (!DeltaTables.exists(spark, batch.lake(), table)) {
                continue;
            }
            DeltaTable target = DeltaTable.forPath(spark, batch.lake().path(table));
            if (inline != null) {
                target.update(expr(unattributed(table, "")).and(col("anonymous_id").isin(
                        few.stream().map(r -> r.getString(0)).toArray())), inline);
            } else {
                target.as("t").merge(known.as("s"), "t.anonymous_id = s.anonymous_id AND " + unattributed(table, "t."))
                        .whenMatched().updateExpr(Map.of("contact_id", "s.contact_id", "account_id", "s.account_id"))
                        .execute();
            }
        }
    }

    /** The rows a stitch may change: still without a contact (and, in silver_events, page views). */
    private static String unattributed(TableContract table, String alias) {
        return alias + "contact_id IS NULL" + (table == SilverTables.EVENTS ? " AND " + alias + "channel = 'web'" : "");
    }

    /**
     * The new contact and account of each row as lookups in literal maps keyed by cookie: with the
     * cookies also named in the condition, Delta finds the touched files with a filter rather than a
     * join with the identities and, with deletion vectors, writes only the updated rows.
     */
    private static Map<String, Column> inlineAssignments(List<Row> identities) {
        String[] cookies = new String[identities.size()];
        String[] contacts = new String[identities.size()];
        String[] accounts = new String[identities.size()];
        for (int i = 0; i < cookies.length; i++) {
            Row r = identities.get(i);
            cookies[i] = r.getString(0);
            contacts[i] = r.getString(1);
            accounts[i] = r.getString(2);
        }
        Column cookie = col("anonymous_id");
        return Map.of("contact_id", element_at(map_from_arrays(lit(cookies), lit(contacts)), cookie),
                "account_id", element_at(map_from_arrays(lit(cookies), lit(accounts)), cookie));
    }

    static String datePrune(String column, LocalDate from, LocalDate to) {
        return column + " >= DATE'" + from + "' AND " + column + " <= DATE'" + to + "'";
    }
}
