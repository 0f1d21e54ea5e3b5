package dev.revlake.raw;

import static dev.revlake.raw.FieldType.BOOLEAN;
import static dev.revlake.raw.FieldType.DATE;
import static dev.revlake.raw.FieldType.EMAIL;
import static dev.revlake.raw.FieldType.INT;
import static dev.revlake.raw.FieldType.IP_ADDRESS;
import static dev.revlake.raw.FieldType.LONG;
import static dev.revlake.raw.FieldType.MONEY;
import static dev.revlake.raw.FieldType.STRING;
import static dev.revlake.raw.FieldType.TIMESTAMP;
import static dev.revlake.raw.RawField.optional;
import static dev.revlake.raw.RawField.optionalOneOf;
import static dev.revlake.raw.RawField.required;
import static dev.revlake.raw.RawField.requiredOneOf;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The raw landing-zone contract: every source RevLake ingests, the file format it lands in under
 * {@code raw/<source>/dt=YYYY-MM-DD/}, its fields, its record key and the field that dates a record.
 * docs/raw-contract.md documents the same contract for people; this enum is the one the code obeys.
 */
public enum Source {
    /** Segment-style page calls from the website tracker, one JSON object per line. */
    WEB_PAGEVIEWS("web_pageviews", Format.JSONL, List.of("event_id"), "occurred_at", List.of(
            required("event_id", STRING),
            requiredOneOf("event_type", "page"),
            required("occurred_at", TIMESTAMP),
            required("anonymous_id", STRING),
            required("url", STRING),
            optional("page_title", STRING),
            optional("referrer", STRING),
            optional("utm_source", STRING),
            optional("utm_medium", STRING),
            optional("utm_campaign", STRING),
            optional("utm_content", STRING),
            optional("utm_term", STRING),
            optional("user_agent", STRING),
            optional("ip", IP_ADDRESS))),

    /** E-mail service provider webhooks (sends, deliveries, opens, clicks, bounces, unsubscribes). */
    EMAIL_EVENTS("email_events", Format.JSONL, List.of("event_id"), "occurred_at", List.of(
            required("event_id", STRING),
            requiredOneOf("event_type", "sent", "delivered", "open", "click", "bounce", "unsubscribe"),
            required("occurred_at", TIMESTAMP),
            required("email", EMAIL),
            required("campaign_id", STRING),
            required("message_id", STRING),
            optional("url", STRING),
            optional("anonymous_id", STRING),
            optionalOneOf("bounce_type", "hard", "soft"),
            optional("user_agent", STRING))),

    /** Website form fills: the moment an anonymous visitor tells us who they are. */
    FORM_SUBMISSIONS("form_submissions", Format.JSONL, List.of("event_id"), "occurred_at", List.of(
            required("event_id", STRING),
            required("occurred_at", TIMESTAMP),
            required("form_id", STRING),
            requiredOneOf("form_type", "demo_request", "contact_sales", "content_download",
                    "newsletter", "webinar_registration", "free_trial"),
            required("anonymous_id", STRING),
            required("email", EMAIL),
            optional("first_name", STRING),
            optional("last_name", STRING),
            optional("company", STRING),
            optional("job_title", STRING),
            optional("country", STRING),
            optional("page_url", STRING))),

    /** Webinar platform exports: registrations and attendance with minutes watched. */
    WEBINAR_ATTENDANCE("webinar_attendance", Format.JSONL, List.of("event_id"), "occurred_at", List.of(
            required("event_id", STRING),
            requiredOneOf("event_type", "registered", "attended"),
            required("occurred_at", TIMESTAMP),
            required("webinar_id", STRING),
            optional("webinar_title", STRING),
            required("email", EMAIL),
            optional("minutes_attended", INT).notNegative())),

    /** CRM account extract (rows created or modified that day, Salesforce/HubSpot style CSV). */
    CRM_ACCOUNTS("crm_accounts", Format.CSV, List.of("account_id", "updated_at"), "updated_at", List.of(
            required("account_id", STRING),
            required("account_name", STRING),
            optional("website_domain", STRING),
            optional("industry", STRING),
            optional("employee_count", INT).notNegative(),
            optional("annual_revenue_usd", MONEY).notNegative(),
            optional("country", STRING),
            optional("owner_id", STRING),
            required("created_at", TIMESTAMP),
            required("updated_at", TIMESTAMP))),

    /** CRM lead and contact extract (rows created or modified that day). */
    CRM_CONTACTS("crm_contacts", Format.CSV, List.of("contact_id", "updated_at"), "updated_at", List.of(
            required("contact_id", STRING),
            requiredOneOf("record_type", "lead", "contact"),
            optional("account_id", STRING),
            required("email", EMAIL),
            optional("first_name", STRING),
            optional("last_name", STRING),
            optional("job_title", STRING),
            optional("country", STRING),
            optional("owner_id", STRING),
            optional("lead_source", STRING),
            requiredOneOf("status", "open", "working", "nurturing", "qualified", "converted", "disqualified"),
            optional("converted_at", TIMESTAMP),
            optional("converted_opportunity_id", STRING),
            required("created_at", TIMESTAMP),
            required("updated_at", TIMESTAMP))),

    /** CRM opportunity daily snapshot: every opportunity open at some point of the day. */
    CRM_OPPORTUNITIES("crm_opportunities", Format.CSV, List.of("opportunity_id", "snapshot_date"),
            "snapshot_date", List.of(
            required("snapshot_date", DATE),
            required("opportunity_id", STRING),
            required("account_id", STRING),
            optional("contact_id", STRING),
            optional("opportunity_name", STRING),
            required("owner_id", STRING),
            requiredOneOf("stage", "prospecting", "discovery", "proposal", "negotiation",
                    "closed_won", "closed_lost"),
            required("amount_usd", MONEY).notNegative(),
            required("close_date", DATE),
            optional("probability_percent", INT).notNegative(),
            optional("lead_source", STRING),
            required("created_at", TIMESTAMP),
            optional("stage_changed_at", TIMESTAMP),
            optional("closed_at", TIMESTAMP),
            required("is_closed", BOOLEAN),
            required("is_won", BOOLEAN))),

    /** Activities logged by sales reps in the CRM: calls, meetings, e-mails. */
    CRM_ACTIVITIES("crm_activities", Format.CSV, List.of("activity_id"), "occurred_at", List.of(
            required("activity_id", STRING),
            requiredOneOf("activity_type", "call", "meeting", "email"),
            required("occurred_at", TIMESTAMP),
            required("owner_id", STRING),
            optional("contact_id", STRING),
            optional("account_id", STRING),
            optional("opportunity_id", STRING),
            optional("duration_minutes", INT).notNegative(),
            optional("outcome", STRING),
            optional("subject", STRING)));

    /** How a source's files are encoded. */
    public enum Format {
        /** One JSON object per line, UTF-8, extension {@code .jsonl}. */
        JSONL("jsonl"),
        /** RFC 4180 CSV with a header row, UTF-8, extension {@code .csv}. */
        CSV("csv");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    private final String id;
    private final Format format;
    private final List<String> keyFields;
    private final String recordTimeField;
    private final List<RawField> fields;

    Source(String id, Format format, List<String> keyFields, String recordTimeField, List<RawField> fields) {
        this.id = id;
        this.format = format;
        this.keyFields = keyFields;
        this.recordTimeField = recordTimeField;
        this.fields = fields;
    }

    /** The folder name under {@code raw/} and the suffix of the bronze table name. */
    public String id() {
        return id;
    }

    public Format format() {
        return format;
    }

    /** Fields that identify a record: a second record with the same key is a duplicate delivery. */
    public List<String> keyFields() {
        return keyFields;
    }

    /** The field that dates a record (event time, modification time or snapshot date). */
    public String recordTimeField() {
        return recordTimeField;
    }

    public List<RawField> fields() {
        return fields;
    }

    public Optional<RawField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Whether this source carries interaction events (as opposed to CRM record extracts). */
    public boolean isEventStream() {
        return format == Format.JSONL;
    }

    /**
     * Looks a source up by its folder name.
     *
     * @throws IllegalArgumentException with the list of known sources when the name is unknown
     */
    public static Source fromId(String id) {
        for (Source s : values()) {
            if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown source: " + id + " (known: "
                + String.join(", ", java.util.Arrays.stream(values()).map(Source::id).toList()) + ")");
    }
}
