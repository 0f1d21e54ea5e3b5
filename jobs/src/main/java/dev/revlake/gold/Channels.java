package dev.revlake.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The marketing channel grouping shared by attribution and the funnel: one small, documented
 * vocabulary (in the spirit of Google Analytics' default channel grouping) instead of raw
 * utm_source and referrer values.
 *
 * <ul>
 *   <li>{@code paid_search}: utm_medium cpc/ppc/paid_search/sem;</li>
 *   <li>{@code paid_social}: utm_medium paid_social/social_paid, or cpc from a social network;</li>
 *   <li>{@code email}: utm_medium email/e-mail/newsletter;</li>
 *   <li>{@code display}: utm_medium display/banner/cpm;</li>
 *   <li>{@code organic_search}: no utm, referrer is a search engine;</li>
 *   <li>{@code organic_social}: no utm, referrer is a social network;</li>
 *   <li>{@code referral}: any other referrer;</li>
 *   <li>{@code direct}: neither utm nor referrer;</li>
 *   <li>{@code other}: a utm_medium none of the above.</li>
 * </ul>
 * CRM lead sources map onto the same vocabulary plus {@code event}, {@code partner},
 * {@code outbound}, {@code list_import} and {@code website} (a web form whose visit is unknown).
 */
public final class Channels {

    /** Every channel value, in report order. */
    public static final java.util.List<String> ALL = java.util.List.of("paid_search", "organic_search",
            "paid_social", "organic_social", "email", "display", "referral", "direct", "website", "event",
            "partner", "outbound", "list_import", "other");

    private static final String SEARCH = "(^|\\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia)\\.";
    private static final String SOCIAL = "(^|\\.)(linkedin|facebook|twitter|x|t|instagram|reddit|youtube|lnkd)\\.";

    private Channels() {
    }

    /** The channel of a web session from its utm_source, utm_medium and referrer domain. */
    public static Column ofSession(Column utmSource, Column utmMedium, Column referrerDomain) {
        Column medium = lower(coalesce(utmMedium, lit("")));
        Column source = lower(coalesce(utmSource, lit("")));
        Column referrer = lower(coalesce(referrerDomain, lit("")));
        return when(medium.isin("cpc", "ppc", "paid_search", "sem").and(source.rlike(
                        "linkedin|facebook|twitter|instagram|reddit")), lit("paid_social"))
                .when(medium.isin("cpc", "ppc", "paid_search", "sem"), lit("paid_search"))
                .when(medium.isin("paid_social", "social_paid", "paidsocial"), lit("paid_social"))
                .when(medium.isin("email", "e-mail", "newsletter"), lit("email"))
                .when(medium.isin("display", "banner", "cpm"), lit("display"))
                .when(medium.isin("social", "organic_social"), lit("organic_social"))
                .when(medium.notEqual(lit("")), lit("other"))
                .when(referrer.rlike(SEARCH), lit("organic_search"))
                .when(referrer.rlike(SOCIAL), lit("organic_social"))
                .when(referrer.notEqual(lit("")), lit("referral"))
                .otherwise(lit("direct"));
    }

    /** The channel of a CRM lead source (Salesforce-style picklist values). */
    public static Column ofLeadSource(Column leadSource) {
        Column s = lower(coalesce(leadSource, lit("")));
        return when(s.rlike("trade show|event|conference|webinar"), lit("event"))
                .when(s.rlike("partner"), lit("partner"))
                .when(s.rlike("outbound|cold|prospecting"), lit("outbound"))
                .when(s.rlike("list|import|purchased"), lit("list_import"))
                .when(s.rlike("search|seo|google"), lit("organic_search"))
                .when(s.rlike("e-?mail|newsletter"), lit("email"))
                .when(s.rlike("social|linkedin"), lit("organic_social"))
                .when(s.rlike("^web|website"), lit("website"))
                .when(s.equalTo(lit("")), lit("other"))
                .otherwise(lit("other"));
    }
}
