package dev.revlake.silver;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.revlake.lake.Layer;
import dev.revlake.lake.TableContract;

/** Contracts of the silver tables: clean, typed, UTC, identity-stitched. */
public final class SilverTables {

    private static final org.apache.spark.sql.types.DataType MONEY = DataTypes.createDecimalType(18, 2);

    /** Current state of every CRM lead and contact. */
    public static final TableContract CONTACTS = new TableContract("silver_contacts", Layer.SILVER,
            "one row per CRM lead or contact (latest version)",
            new StructType()
                    .add("contact_id", StringType, false)
                    .add("record_type", StringType, false)
                    .add("account_id", StringType, true)
                    .add("email", StringType, false)
                    .add("first_name", StringType, true)
                    .add("last_name", StringType, true)
                    .add("job_title", StringType, true)
                    .add("country", StringType, true)
                    .add("owner_id", StringType, true)
                    .add("lead_source", StringType, true)
                    .add("status", StringType, false)
                    .add("is_converted", BooleanType, false)
                    .add("converted_at", TimestampType, true)
                    .add("converted_opportunity_id", StringType, true)
                    .add("created_at", TimestampType, false)
                    .add("updated_at", TimestampType, false),
            List.of("contact_id"), List.of(), Map.of());

    /** Current state of every CRM account. */
    public static final TableContract ACCOUNTS = new TableContract("silver_accounts", Layer.SILVER,
            "one row per CRM account (latest version)",
            new StructType()
                    .add("account_id", StringType, false)
                    .add("account_name", StringType, false)
                    .add("website_domain", StringType, true)
                    .add("industry", StringType, true)
                    .add("employee_count", IntegerType, true)
                    .add("annual_revenue_usd", MONEY, true)
                    .add("country", StringType, true)
                    .add("owner_id", StringType, true)
                    .add("created_at", TimestampType, false)
                    .add("updated_at", TimestampType, false),
            List.of("account_id"), List.of(), Map.of());

    /** Every CRM version of every lead and contact, for point-in-time questions. */
    public static final TableContract CONTACT_HISTORY = new TableContract("silver_contact_history", Layer.SILVER,
            "one row per CRM lead or contact per version (updated_at); a version is valid until the next one",
            CONTACTS.schema(), List.of("contact_id", "updated_at"), List.of(), Map.of());

    /** Every CRM version of every account, for point-in-time firmographics. */
    public static final TableContract ACCOUNT_HISTORY = new TableContract("silver_account_history", Layer.SILVER,
            "one row per CRM account per version (updated_at); a version is valid until the next one",
            ACCOUNTS.schema(), List.of("account_id", "updated_at"), List.of(), Map.of());

    /** Which known contact a browser cookie belongs to. */
    public static final TableContract IDENTITY_MAP = new TableContract("silver_identity_map", Layer.SILVER,
            "one row per anonymous_id (device cookie) that revealed who it is; the first identification wins",
            new StructType()
                    .add("anonymous_id", StringType, false)
                    .add("email", StringType, false)
                    .add("contact_id", StringType, true)
                    .add("account_id", StringType, true)
                    .add("identified_at", TimestampType, false)
                    .add("identified_by", StringType, false)
                    .add("identifying_event_id", StringType, false),
            List.of("anonymous_id"), List.of(),
            Map.of("identified_by_known", "identified_by IN ('form_submission', 'email_click')"));

    /** Every clean interaction event across channels. */
    public static final TableContract EVENTS = new TableContract("silver_events", Layer.SILVER,
            "one row per clean event across all channels (first delivery wins)",
            new StructType()
                    .add("event_id", StringType, false)
                    .add("event_date", DateType, false)
                    .add("occurred_at", TimestampType, false)
                    .add("channel", StringType, false)
                    .add("event_type", StringType, false)
                    .add("anonymous_id", StringType, true)
                    .add("email", StringType, true)
                    .add("contact_id", StringType, true)
                    .add("account_id", StringType, true)
                    .add("url", StringType, true)
                    .add("page_path", StringType, true)
                    .add("page_category", StringType, true)
                    .add("referrer", StringType, true)
                    .add("referrer_domain", StringType, true)
                    .add("utm_source", StringType, true)
                    .add("utm_medium", StringType, true)
                    .add("utm_campaign", StringType, true)
                    .add("device_type", StringType, true)
                    .add("campaign_id", StringType, true)
                    .add("message_id", StringType, true)
                    .add("form_id", StringType, true)
                    .add("form_type", StringType, true)
                    .add("webinar_id", StringType, true)
                    .add("minutes_attended", IntegerType, true)
                    .add("activity_owner_id", StringType, true)
                    .add("opportunity_id", StringType, true)
                    .add("duration_minutes", IntegerType, true)
                    .add("delivery_date", DateType, false),
            List.of("event_id"), List.of("event_date"),
            Map.of("channel_known", "channel IN ('web', 'email', 'form', 'webinar', 'sales')"),
            TableContract.DELETION_VECTORS);

    /** Web sessions: 30 minutes of inactivity ends a session; sessions end at midnight UTC. */
    public static final TableContract SESSIONS = new TableContract("silver_sessions", Layer.SILVER,
            "one row per web session of one anonymous_id (30-minute inactivity rule, split at midnight UTC)",
            new StructType()
                    .add("session_id", StringType, false)
                    .add("session_date", DateType, false)
                    .add("anonymous_id", StringType, false)
                    .add("contact_id", StringType, true)
                    .add("account_id", StringType, true)
                    .add("started_at", TimestampType, false)
                    .add("ended_at", TimestampType, false)
                    .add("duration_seconds", LongType, false)
                    .add("page_view_count", LongType, false)
                    .add("landing_url", StringType, true)
                    .add("landing_page_category", StringType, true)
                    .add("referrer_domain", StringType, true)
                    .add("utm_source", StringType, true)
                    .add("utm_medium", StringType, true)
                    .add("utm_campaign", StringType, true)
                    .add("device_type", StringType, true)
                    .add("has_pricing_view", BooleanType, false)
                    .add("has_demo_view", BooleanType, false),
            List.of("session_id"), List.of("session_date"),
            Map.of("ends_after_start", "ended_at >= started_at", "has_page_views", "page_view_count >= 1"),
            TableContract.DELETION_VECTORS);

    /** Latest CRM state of every opportunity. */
    public static final TableContract OPPORTUNITIES = new TableContract("silver_opportunities", Layer.SILVER,
            "one row per opportunity (latest daily snapshot)",
            new StructType()
                    .add("opportunity_id", StringType, false)
                    .add("account_id", StringType, false)
                    .add("contact_id", StringType, true)
                    .add("opportunity_name", StringType, true)
                    .add("owner_id", StringType, false)
                    .add("stage", StringType, false)
                    .add("amount_usd", MONEY, false)
                    .add("close_date", DateType, false)
                    .add("probability_percent", IntegerType, true)
                    .add("lead_source", StringType, true)
                    .add("created_at", TimestampType, false)
                    .add("stage_changed_at", TimestampType, true)
                    .add("closed_at", TimestampType, true)
                    .add("is_closed", BooleanType, false)
                    .add("is_won", BooleanType, false)
                    .add("first_snapshot_date", DateType, false)
                    .add("last_snapshot_date", DateType, false),
            List.of("opportunity_id"), List.of(), Map.of("amount_not_negative", "amount_usd >= 0"));

    /** Stage intervals of every opportunity, with amount and close date at entry and exit. */
    public static final TableContract OPPORTUNITY_HISTORY = new TableContract("silver_opportunity_history",
            Layer.SILVER,
            "one row per opportunity per stage interval (entered_at .. exited_at, exited_at null while current)",
            new StructType()
                    .add("opportunity_id", StringType, false)
                    .add("stage_sequence", IntegerType, false)
                    .add("stage", StringType, false)
                    .add("stage_order", IntegerType, false)
                    .add("entered_at", TimestampType, false)
                    .add("exited_at", TimestampType, true)
                    .add("first_snapshot_date", DateType, false)
                    .add("last_snapshot_date", DateType, false)
                    .add("is_regression", BooleanType, false)
                    .add("owner_id", StringType, false)
                    .add("amount_usd_at_entry", MONEY, false)
                    .add("amount_usd_at_exit", MONEY, false)
                    .add("close_date_at_entry", DateType, false)
                    .add("close_date_at_exit", DateType, false)
                    .add("close_date_push_count", IntegerType, false)
                    .add("close_date_pushed_days", IntegerType, false)
                    .add("amount_change_count", IntegerType, false),
            List.of("opportunity_id", "stage_sequence"), List.of(),
            Map.of("exit_after_entry", "exited_at IS NULL OR exited_at >= entered_at"));

    /** Every change of stage, amount, close date, owner or probability seen between two daily snapshots. */
    public static final TableContract OPPORTUNITY_CHANGES = new TableContract("silver_opportunity_changes",
            Layer.SILVER,
            "one row per opportunity per changed field per snapshot_date",
            new StructType()
                    .add("opportunity_id", StringType, false)
                    .add("snapshot_date", DateType, false)
                    .add("field_name", StringType, false)
                    .add("old_value", StringType, true)
                    .add("new_value", StringType, true)
                    .add("close_date_shift_days", IntegerType, true),
            List.of("opportunity_id", "snapshot_date", "field_name"), List.of(),
            Map.of("field_known",
                    "field_name IN ('stage', 'amount_usd', 'close_date', 'owner_id', 'probability_percent')"));

    private SilverTables() {
    }

    /** Every silver table. */
    public static List<TableContract> all() {
        return List.of(CONTACTS, ACCOUNTS, CONTACT_HISTORY, ACCOUNT_HISTORY, IDENTITY_MAP, EVENTS, SESSIONS,
                OPPORTUNITIES, OPPORTUNITY_HISTORY,
                OPPORTUNITY_CHANGES);
    }
}
