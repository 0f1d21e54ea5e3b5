package dev.revlake.gold;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import dev.revlake.lake.Columns;
import dev.revlake.lake.Layer;
import dev.revlake.lake.TableContract;

/**
 * Contracts of the gold tables: grain, key, partitioning and a description of every column
 * (stored as the column comment in Delta, so {@code DESCRIBE TABLE} documents the table).
 */
public final class GoldTables {

    private static final DataType MONEY = DataTypes.createDecimalType(18, 2);

    /** Engagement windows, in days, of the windowed lead features. */
    public static final List<Integer> WINDOWS = List.of(1, 7, 30, 90);

    /** Measures counted per window (suffix {@code _<n>d}) in {@code gold_lead_features}. */
    public static final List<String> WINDOWED_MEASURES = List.of("page_views", "web_sessions", "email_opens",
            "email_clicks", "form_submissions", "webinar_minutes", "sales_activities");

    /**
     * The attributed touches of every contact per day, the compact base of the lead features. An
     * activity is attributed from its {@code known_date}: the day it happened, or for web
     * activity of a browser identified later, the day the browser was identified.
     */
    public static final TableContract CONTACT_TOUCHES_DAILY = new TableContract("gold_contact_touches_daily",
            Layer.GOLD,
            "one row per contact per activity_date per known_date (the day the activity could be attributed)",
            new Columns()
                    .add("contact_id", StringType, false, "CRM contact or lead id")
                    .add("account_id", StringType, true, "account of the contact when the activity happened")
                    .add("activity_date", DateType, false, "UTC date the activity happened")
                    .add("known_date", DateType, false,
                            "UTC date from which the activity is attributed to the contact (>= activity_date)")
                    .add("page_views", LongType, false, "web page views")
                    .add("pricing_page_views", LongType, false, "page views of pricing pages")
                    .add("demo_page_views", LongType, false, "page views of demo pages")
                    .add("case_study_page_views", LongType, false, "page views of case studies")
                    .add("docs_page_views", LongType, false, "page views of documentation")
                    .add("desktop_page_views", LongType, false, "page views from desktop browsers")
                    .add("mobile_page_views", LongType, false, "page views from mobile browsers")
                    .add("tablet_page_views", LongType, false, "page views from tablets")
                    .add("web_sessions", LongType, false, "web sessions started")
                    .add("email_opens", LongType, false, "e-mail opens")
                    .add("email_clicks", LongType, false, "e-mail clicks")
                    .add("form_submissions", LongType, false, "form submissions")
                    .add("high_intent_form_submissions", LongType, false,
                            "demo request, contact sales and free trial forms")
                    .add("webinar_registrations", LongType, false, "webinar registrations")
                    .add("webinar_minutes", LongType, false, "minutes of webinars attended")
                    .add("sales_activities", LongType, false, "calls, meetings and e-mails logged by reps")
                    .add("engagement_points", LongType, false,
                            "behaviour points earned that day (GoldLeadFeaturesJob documents the points)")
                    .add("first_touch_at", TimestampType, false, "first touch of the day")
                    .add("last_touch_at", TimestampType, false, "last touch of the day")
                    .add("first_session_at", TimestampType, true, "start of the day's first web session")
                    .add("first_session_channel", StringType, true, "channel of the first session (Channels)")
                    .add("first_session_source", StringType, true, "utm_source or referrer of the first session")
                    .add("first_session_medium", StringType, true, "utm_medium of the first session, or organic,"
                            + " referral, none")
                    .add("first_session_campaign", StringType, true, "utm_campaign of the first session")
                    .add("last_session_at", TimestampType, true, "start of the day's last web session")
                    .add("last_session_channel", StringType, true, "channel of the last session")
                    .add("last_session_source", StringType, true, "source of the last session")
                    .add("last_session_medium", StringType, true, "medium of the last session")
                    .add("last_session_campaign", StringType, true, "campaign of the last session")
                    .schema(),
            List.of("contact_id", "activity_date", "known_date"), List.of("known_date"),
            Map.of("known_after_activity", "known_date >= activity_date"));

    /** Point-in-time features of every open lead, the training and scoring input of the lead model. */
    public static final TableContract LEAD_FEATURES = new TableContract("gold_lead_features", Layer.GOLD,
            "one row per open lead (not converted, not disqualified) per snapshot_date, from what was known"
                    + " by the end of snapshot_date",
            leadFeatureColumns().schema(), List.of("snapshot_date", "contact_id"), List.of("snapshot_date"),
            Map.of("days_not_negative", "days_since_created >= 0"));

    /** Point-in-time features of every open opportunity, the input of the win and close-date models. */
    public static final TableContract OPPORTUNITY_FEATURES = new TableContract("gold_opportunity_features",
            Layer.GOLD,
            "one row per open opportunity per snapshot_date, from what the CRM said by the end of snapshot_date",
            new Columns()
                    .add("snapshot_date", DateType, false, "the day the features describe (end of day, UTC)")
                    .add("opportunity_id", StringType, false, "CRM opportunity id")
                    .add("account_id", StringType, false, "account of the opportunity (latest CRM value)")
                    .add("contact_id", StringType, true, "primary contact, if any (latest CRM value)")
                    .add("owner_id", StringType, false, "owning rep at the snapshot")
                    .add("stage", StringType, false, "stage at the snapshot")
                    .add("stage_order", IntegerType, false, "1 prospecting .. 4 negotiation")
                    .add("stage_probability_percent", IntegerType, true,
                            "the CRM's probability for the stage at the snapshot (Sales 1.0 baseline): the most"
                                    + " common probability_percent of the stage in silver_opportunities, else the"
                                    + " default of GoldOpportunityFeaturesJob")
                    .add("amount_usd", MONEY, false, "amount at the snapshot")
                    .add("close_date", DateType, false, "the CRM close date at the snapshot")
                    .add("lead_source", StringType, true, "CRM lead source (latest CRM value)")
                    .add("source_channel", StringType, false, "lead source mapped to the channel vocabulary")
                    .add("industry", StringType, false, "account industry at the snapshot")
                    .add("employee_band", StringType, false, "account employee band at the snapshot")
                    .add("segment", StringType, false, "smb, mid_market, enterprise or unknown")
                    .add("created_date", DateType, false, "day the opportunity was created")
                    .add("age_days", IntegerType, false, "days since creation")
                    .add("days_in_stage", IntegerType, false, "days since the current stage was entered")
                    .add("stage_regression_count", IntegerType, false, "moves back to an earlier stage so far")
                    .add("close_date_push_count", IntegerType, false, "times the close date moved later so far")
                    .add("close_date_pushed_days", IntegerType, false, "days the close date moved later in total")
                    .add("amount_change_count", IntegerType, false, "times the amount changed so far")
                    .add("days_until_close_date", IntegerType, false, "CRM close date minus snapshot date")
                    .add("is_past_due", BooleanType, false, "the CRM close date is before the snapshot date")
                    .add("sales_activities_7d", LongType, false, "rep activities on the opportunity or its"
                            + " account in the last 7 days")
                    .add("sales_activities_14d", LongType, false, "same over 14 days")
                    .add("sales_activities_30d", LongType, false, "same over 30 days")
                    .add("days_since_last_sales_activity", IntegerType, true, "days since the last rep activity on the"
                            + " opportunity or its account; null when none in the last 90 days")
                    .add("engaged_contacts_30d", LongType, false,
                            "contacts of the account with any attributed touch in the last 30 days")
                    .add("owner_closed_deals", LongType, false, "deals the owner (at close) closed before the snapshot"
                            + " date, each close counted on the day of the first CRM snapshot showing it")
                    .add("owner_won_deals", LongType, false, "deals the owner won before the snapshot date")
                    .add("owner_win_rate", DoubleType, true,
                            "owner_won_deals / owner_closed_deals; null when the owner closed none yet")
                    .add("is_won", BooleanType, true, "label: won; null until the opportunity has closed")
                    .add("closed_at", TimestampType, true, "label: when it closed; null until then")
                    .add("days_to_close", IntegerType, true, "label: close day (first CRM snapshot showing the"
                            + " close) minus snapshot date; null until closed")
                    .schema(),
            List.of("snapshot_date", "opportunity_id"), List.of("snapshot_date"),
            Map.of("amount_not_negative", "amount_usd >= 0", "age_not_negative", "age_days >= 0"));

    /** Daily funnel and velocity metrics per source channel, plus an {@code all} row per day. */
    public static final TableContract FUNNEL_DAILY = new TableContract("gold_funnel_daily", Layer.GOLD,
            "one row per funnel_date per source_channel (including 'all')",
            new Columns()
                    .add("funnel_date", DateType, false, "UTC day")
                    .add("source_channel", StringType, false, "channel (Channels vocabulary) or 'all'")
                    .add("visitors", LongType, false, "distinct browsers with a page view that day")
                    .add("identified_visitors", LongType, false,
                            "of those, browsers identified as a known contact by the end of the day")
                    .add("new_leads", LongType, false, "leads created that day")
                    .add("handoff_leads", LongType, true,
                            "leads crossing the handoff threshold that day (filled by scoring)")
                    .add("opportunities_created", LongType, false, "opportunities created that day")
                    .add("opportunities_won", LongType, false, "opportunities closed won that day")
                    .add("opportunities_lost", LongType, false, "opportunities closed lost that day")
                    .add("won_amount_usd", MONEY, false, "amount closed won that day")
                    .add("prospecting_to_discovery_rate_90d", DoubleType, true,
                            "share of stage exits in the last 90 days that moved forward (not lost)")
                    .add("discovery_to_proposal_rate_90d", DoubleType, true, "same for discovery")
                    .add("proposal_to_negotiation_rate_90d", DoubleType, true, "same for proposal")
                    .add("negotiation_to_won_rate_90d", DoubleType, true, "same for negotiation")
                    .add("win_rate_90d", DoubleType, true, "won / closed over the last 90 days")
                    .add("average_deal_size_usd_90d", MONEY, true, "mean won amount over the last 90 days")
                    .add("average_cycle_days_90d", DoubleType, true,
                            "mean days from creation to close of deals won in the last 90 days")
                    .add("open_opportunities", LongType, false, "opportunities open at the end of the day")
                    .add("open_pipeline_usd", MONEY, false, "amount of those")
                    .add("pipeline_velocity_usd_per_day", DoubleType, true,
                            "open opportunities x win rate x average deal size / average cycle days")
                    .schema(),
            List.of("funnel_date", "source_channel"), List.of(), Map.of());

    /** Known contacts on the website per day: the list a rep reads each morning. */
    public static final TableContract CONTACT_ACTIVITY_DAILY = new TableContract("gold_contact_activity_daily",
            Layer.GOLD,
            "one row per known contact per activity_date with web activity attributed by the end of that day",
            new Columns()
                    .add("activity_date", DateType, false, "UTC day")
                    .add("contact_id", StringType, false, "CRM contact or lead id")
                    .add("account_id", StringType, true, "account of the contact")
                    .add("account_name", StringType, true, "account name")
                    .add("owner_id", StringType, true, "rep to route to: the contact owner, else the account owner")
                    .add("full_name", StringType, true, "first and last name")
                    .add("job_title", StringType, true, "job title")
                    .add("lead_status", StringType, true, "CRM status at the end of the day")
                    .add("page_views", LongType, false, "page views that day")
                    .add("web_sessions", LongType, false, "sessions that day")
                    .add("first_seen_at", TimestampType, false, "first page view of the day")
                    .add("last_seen_at", TimestampType, false, "last page view of the day")
                    .add("top_pages", DataTypes.createArrayType(StringType, false), false,
                            "up to five page paths, most viewed first")
                    .add("page_categories", DataTypes.createArrayType(StringType, false), false,
                            "distinct page categories viewed, sorted")
                    .add("has_pricing_view", BooleanType, false, "viewed a pricing page")
                    .add("has_demo_view", BooleanType, false, "viewed a demo page")
                    .add("landing_channel", StringType, true, "channel of the day's first session")
                    .schema(),
            List.of("activity_date", "contact_id"), List.of("activity_date"), Map.of());

    private GoldTables() {
    }

    /** Every gold table. */
    public static List<TableContract> all() {
        return List.of(CONTACT_TOUCHES_DAILY, LEAD_FEATURES, OPPORTUNITY_FEATURES, FUNNEL_DAILY,
                CONTACT_ACTIVITY_DAILY);
    }

    private static Columns leadFeatureColumns() {
        Columns c = new Columns()
                .add("snapshot_date", DateType, false, "the day the features describe (end of day, UTC)")
                .add("contact_id", StringType, false, "CRM lead id")
                .add("account_id", StringType, true, "account at the snapshot")
                .add("owner_id", StringType, true, "lead owner at the snapshot")
                .add("lead_status", StringType, false, "open, working, nurturing or qualified at the snapshot")
                .add("lead_source", StringType, true, "CRM lead source")
                .add("lead_created_date", DateType, false, "day the lead was created in the CRM")
                .add("days_since_created", IntegerType, false, "snapshot date minus creation day")
                .add("industry", StringType, false, "account industry at the snapshot, or unknown")
                .add("employee_band", StringType, false, "account employee band (Firmographics)")
                .add("annual_revenue_band", StringType, false, "account revenue band (Firmographics)")
                .add("segment", StringType, false, "smb, mid_market, enterprise or unknown")
                .add("country", StringType, false, "lead country, else account country, else unknown")
                .add("job_title_seniority", StringType, false, "seniority parsed from the job title")
                .add("job_title_department", StringType, false, "department parsed from the job title");
        for (int w : WINDOWS) {
            for (String m : WINDOWED_MEASURES) {
                c.add(m + "_" + w + "d", LongType, false, m.replace('_', ' ') + " in the " + w
                        + " days ending on the snapshot date");
            }
        }
        return c
                .add("pricing_page_views_7d", LongType, false, "pricing page views, last 7 days")
                .add("pricing_page_views_30d", LongType, false, "pricing page views, last 30 days")
                .add("demo_page_views_7d", LongType, false, "demo page views, last 7 days")
                .add("demo_page_views_30d", LongType, false, "demo page views, last 30 days")
                .add("case_study_page_views_30d", LongType, false, "case study views, last 30 days")
                .add("docs_page_views_30d", LongType, false, "documentation views, last 30 days")
                .add("high_intent_form_submissions_30d", LongType, false,
                        "demo request, contact sales and free trial forms, last 30 days")
                .add("web_active_days_7d", LongType, false, "days with a page view, last 7 days")
                .add("web_active_days_30d", LongType, false, "days with a page view, last 30 days")
                .add("web_visit_streak_days", IntegerType, false, "consecutive days with a page view ending on the"
                        + " snapshot date or the day before (days attributed the same day)")
                .add("device_types_30d", IntegerType, false, "desktop, mobile, tablet: how many used, last 30 days")
                .add("is_multi_device_30d", BooleanType, false, "more than one device type in the last 30 days")
                .add("days_since_first_touch", IntegerType, true, "days since the first attributed touch; null"
                        + " when none")
                .add("days_since_last_touch", IntegerType, true, "days since the last attributed touch")
                .add("days_since_last_page_view", IntegerType, true, "days since the last page view")
                .add("days_since_last_email_click", IntegerType, true, "days since the last e-mail click")
                .add("days_since_last_form_submission", IntegerType, true, "days since the last form fill")
                .add("days_since_last_sales_activity", IntegerType, true, "days since the last rep activity")
                .add("engagement_score", DoubleType, false, "behaviour points decayed with a 14-day half-life,"
                        + " rounded to 2 decimals (GoldLeadFeaturesJob documents the points)")
                .add("account_engaged_contacts_30d", LongType, false,
                        "contacts of the account with an attributed touch in the last 30 days (buying committee)")
                .add("account_page_views_30d", LongType, false, "page views of all the account's contacts, 30 days")
                .add("account_page_views_7d", LongType, false, "page views of all the account's contacts, 7 days")
                .add("account_pricing_demo_views_7d", LongType, false,
                        "pricing and demo page views of all the account's contacts, 7 days")
                .add("account_email_clicks_7d", LongType, false, "e-mail clicks of all the account's contacts, 7 days")
                .add("first_touch_channel", StringType, true, "channel of the first attributed web session")
                .add("first_touch_source", StringType, true, "its source")
                .add("first_touch_medium", StringType, true, "its medium")
                .add("first_touch_campaign", StringType, true, "its campaign")
                .add("last_touch_channel", StringType, true, "channel of the last attributed web session")
                .add("last_touch_source", StringType, true, "its source")
                .add("last_touch_medium", StringType, true, "its medium")
                .add("last_touch_campaign", StringType, true, "its campaign")
                .add("label_matures_on", DateType, false, "snapshot date + 30: labels are null before this run date")
                .add("converted_within_30d", BooleanType, true,
                        "label: converted in (snapshot_date, snapshot_date + 30]; null until matured")
                .add("converted_date", DateType, true, "label: the conversion day when converted_within_30d");
    }
}
