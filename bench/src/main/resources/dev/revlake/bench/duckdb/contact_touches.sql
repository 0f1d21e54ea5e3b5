-- gold_contact_touches_daily in DuckDB SQL: the same rows as dev.revlake.gold.GoldContactTouchesJob
-- for the known dates [touches_from, to_date], as the temporary table `touches`.
--
-- Reads the views silver_events, silver_sessions and silver_identity_map, which DuckDbLeadFeatures
-- creates over the Parquet data files of each silver Delta table's current snapshot. Dates come in as
-- DuckDB variables (SET VARIABLE): touches_from and to_date.
-- Statements end with a semicolon at the end of a line (DuckDbLeadFeatures splits the file there).

-- Channels.ofSession: the channel of a web session from its utm_source, utm_medium and referrer.
CREATE OR REPLACE TEMP MACRO session_channel(utm_source, utm_medium, referrer_domain) AS
    CASE
        WHEN lower(coalesce(utm_medium, '')) IN ('cpc', 'ppc', 'paid_search', 'sem')
            AND regexp_matches(lower(coalesce(utm_source, '')), 'linkedin|facebook|twitter|instagram|reddit')
            THEN 'paid_social'
        WHEN lower(coalesce(utm_medium, '')) IN ('cpc', 'ppc', 'paid_search', 'sem') THEN 'paid_search'
        WHEN lower(coalesce(utm_medium, '')) IN ('paid_social', 'social_paid', 'paidsocial') THEN 'paid_social'
        WHEN lower(coalesce(utm_medium, '')) IN ('email', 'e-mail', 'newsletter') THEN 'email'
        WHEN lower(coalesce(utm_medium, '')) IN ('display', 'banner', 'cpm') THEN 'display'
        WHEN lower(coalesce(utm_medium, '')) IN ('social', 'organic_social') THEN 'organic_social'
        WHEN lower(coalesce(utm_medium, '')) <> '' THEN 'other'
        WHEN regexp_matches(lower(coalesce(referrer_domain, '')),
                '(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia)\.') THEN 'organic_search'
        WHEN regexp_matches(lower(coalesce(referrer_domain, '')),
                '(^|\.)(linkedin|facebook|twitter|x|t|instagram|reddit|youtube|lnkd)\.') THEN 'organic_social'
        WHEN lower(coalesce(referrer_domain, '')) <> '' THEN 'referral'
        ELSE 'direct'
    END;

-- GoldContactTouchesJob.count: 1 when the condition holds, 0 otherwise (a null condition included).
CREATE OR REPLACE TEMP MACRO flag(condition) AS CASE WHEN condition THEN 1::BIGINT ELSE 0::BIGINT END;

CREATE OR REPLACE TEMP TABLE touches AS
WITH identified AS (
    -- transform: identities.select(anonymous_id, to_date(identified_at))
    SELECT anonymous_id, CAST(identified_at AS DATE) AS identified_date
    FROM silver_identity_map
),
attributed_events AS (
    -- run + known(events, identified, channel = 'web', event_date): a web event of a browser identified
    -- later is known from the day it was identified; kept when known in [touches_from, to_date] and at
    -- most ATTRIBUTION_LOOKBACK_DAYS (90) after it happened.
    SELECT *
    FROM (
        SELECT e.*, e.event_date AS activity_date,
               greatest(e.event_date,
                        coalesce(CASE WHEN e.channel = 'web' THEN i.identified_date END, e.event_date)) AS known_date
        FROM silver_events e
        LEFT JOIN identified i ON e.anonymous_id = i.anonymous_id
        WHERE e.contact_id IS NOT NULL
          AND e.event_date BETWEEN getvariable('touches_from') - 90 AND getvariable('to_date')
    )
    WHERE known_date BETWEEN getvariable('touches_from') AND getvariable('to_date')
      AND known_date - activity_date <= 90
),
attributed_sessions AS (
    -- run + known(sessions, identified, true, session_date): every session is browser activity
    SELECT *
    FROM (
        SELECT s.*, s.session_date AS activity_date,
               greatest(s.session_date, coalesce(i.identified_date, s.session_date)) AS known_date
        FROM silver_sessions s
        LEFT JOIN identified i ON s.anonymous_id = i.anonymous_id
        WHERE s.contact_id IS NOT NULL
          AND s.session_date BETWEEN getvariable('touches_from') - 90 AND getvariable('to_date')
    )
    WHERE known_date BETWEEN getvariable('touches_from') AND getvariable('to_date')
      AND known_date - activity_date <= 90
),
event_rows AS (
    -- transform: eventMeasures, and points() for the behaviour points
    SELECT contact_id, account_id, activity_date, known_date,
        flag(event_type = 'page_view') AS page_views,
        flag(event_type = 'page_view' AND page_category = 'pricing') AS pricing_page_views,
        flag(event_type = 'page_view' AND page_category = 'demo') AS demo_page_views,
        flag(event_type = 'page_view' AND page_category = 'case_study') AS case_study_page_views,
        flag(event_type = 'page_view' AND page_category = 'docs') AS docs_page_views,
        flag(event_type = 'page_view' AND device_type = 'desktop') AS desktop_page_views,
        flag(event_type = 'page_view' AND device_type = 'mobile') AS mobile_page_views,
        flag(event_type = 'page_view' AND device_type = 'tablet') AS tablet_page_views,
        0::BIGINT AS web_sessions,
        flag(event_type = 'email_open') AS email_opens,
        flag(event_type = 'email_click') AS email_clicks,
        flag(event_type = 'form_submission') AS form_submissions,
        flag(event_type = 'form_submission'
             AND form_type IN ('demo_request', 'contact_sales', 'free_trial')) AS high_intent_form_submissions,
        flag(event_type = 'webinar_registered') AS webinar_registrations,
        CAST(CASE WHEN event_type = 'webinar_attended' THEN coalesce(minutes_attended, 0) ELSE 0 END AS BIGINT)
            AS webinar_minutes,
        flag(channel = 'sales') AS sales_activities,
        CAST(CASE
            WHEN event_type = 'page_view' AND page_category IN ('pricing', 'demo') THEN 5
            WHEN event_type = 'page_view' AND page_category = 'case_study' THEN 3
            WHEN event_type = 'page_view' THEN 1
            WHEN event_type = 'email_open' THEN 1
            WHEN event_type = 'email_click' THEN 3
            WHEN event_type = 'email_unsubscribe' THEN -10
            WHEN event_type = 'form_submission'
                 AND form_type IN ('demo_request', 'contact_sales', 'free_trial') THEN 25
            WHEN event_type = 'form_submission' THEN 10
            WHEN event_type = 'webinar_registered' THEN 5
            WHEN event_type = 'webinar_attended' THEN 10
            ELSE 0
        END AS BIGINT) AS engagement_points,
        occurred_at AS touch_at
    FROM attributed_events
),
session_rows AS (
    -- transform: sessionMeasures. The session is a struct ordered like Spark's struct ordering, where a
    -- null campaign sorts first: has_campaign (false first), then the campaign ('' when null).
    SELECT contact_id, account_id, activity_date, known_date,
        1::BIGINT AS web_sessions,
        started_at AS touch_at,
        {'at': started_at,
         'channel': session_channel(utm_source, utm_medium, referrer_domain),
         'source': coalesce(utm_source, referrer_domain, '(direct)'),
         'medium': coalesce(utm_medium,
                            CASE
                                WHEN referrer_domain IS NULL THEN '(none)'
                                WHEN session_channel(NULL, NULL, referrer_domain) = 'organic_search' THEN 'organic'
                                ELSE 'referral'
                            END),
         'has_campaign': utm_campaign IS NOT NULL,
         'campaign': coalesce(utm_campaign, '')} AS session
    FROM attributed_sessions
)
-- transform: eventRows.unionByName(sessionRows).groupBy(contact_id, activity_date, known_date)
SELECT contact_id, activity_date, known_date,
    max(account_id) AS account_id,
    CAST(coalesce(sum(page_views), 0) AS BIGINT) AS page_views,
    CAST(coalesce(sum(pricing_page_views), 0) AS BIGINT) AS pricing_page_views,
    CAST(coalesce(sum(demo_page_views), 0) AS BIGINT) AS demo_page_views,
    CAST(coalesce(sum(case_study_page_views), 0) AS BIGINT) AS case_study_page_views,
    CAST(coalesce(sum(docs_page_views), 0) AS BIGINT) AS docs_page_views,
    CAST(coalesce(sum(desktop_page_views), 0) AS BIGINT) AS desktop_page_views,
    CAST(coalesce(sum(mobile_page_views), 0) AS BIGINT) AS mobile_page_views,
    CAST(coalesce(sum(tablet_page_views), 0) AS BIGINT) AS tablet_page_views,
    CAST(coalesce(sum(web_sessions), 0) AS BIGINT) AS web_sessions,
    CAST(coalesce(sum(email_opens), 0) AS BIGINT) AS email_opens,
    CAST(coalesce(sum(email_clicks), 0) AS BIGINT) AS email_clicks,
    CAST(coalesce(sum(form_submissions), 0) AS BIGINT) AS form_submissions,
    CAST(coalesce(sum(high_intent_form_submissions), 0) AS BIGINT) AS high_intent_form_submissions,
    CAST(coalesce(sum(webinar_registrations), 0) AS BIGINT) AS webinar_registrations,
    CAST(coalesce(sum(webinar_minutes), 0) AS BIGINT) AS webinar_minutes,
    CAST(coalesce(sum(sales_activities), 0) AS BIGINT) AS sales_activities,
    CAST(coalesce(sum(engagement_points), 0) AS BIGINT) AS engagement_points,
    min(touch_at) AS first_touch_at,
    max(touch_at) AS last_touch_at,
    min(session) AS first_session,
    max(session) AS last_session
FROM (SELECT * FROM event_rows UNION ALL BY NAME SELECT * FROM session_rows)
GROUP BY contact_id, activity_date, known_date;
