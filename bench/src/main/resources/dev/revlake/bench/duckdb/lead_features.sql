-- gold_lead_features in DuckDB SQL: the same rows as dev.revlake.gold.GoldLeadFeaturesJob for the
-- snapshot dates [from_date, to_date], as the temporary table `lead_features`, from the table
-- `touches` (contact_touches.sql, which also defines the macro flag) and the views silver_contact_history
-- and silver_account_history.
--
-- Point in time as in Spark: a snapshot sees the touches known by its end (known_date <= snapshot_date)
-- and the CRM versions recorded by then. The windowed counts are written the way SQL users write them
-- (RANGE window frames) rather than as Spark's difference arrays; the rows are the same:
--   count over w days at S = touches with activity_date in (S - w, S] and known_date <= S
--                          = (all touches of those days) - (those known only after S).
-- Dates come in as DuckDB variables: from_date, to_date, labels_as_of.
--
-- The decay factors 2^(days / 14) come from the table decay_factors(days_since_origin, factor), which
-- DuckDbLeadFeatures fills with Java's StrictMath.pow, the function behind Spark's pow. DuckDB's own
-- pow (the C library's) differs from it in the last bit for about one exponent in five, and at 2
-- decimals that flips an exact half such as 0.125 one way or the other (11 of 50,810 rows at 2,000
-- contacts x 60 days): same formula, different last bit.
-- Statements end with a semicolon at the end of a line (DuckDbLeadFeatures splits the file there).

-- Firmographics.employeeBand
CREATE OR REPLACE TEMP MACRO employee_band(employees) AS
    CASE
        WHEN employees IS NULL THEN 'unknown'
        WHEN employees <= 10 THEN '1-10'
        WHEN employees <= 50 THEN '11-50'
        WHEN employees <= 200 THEN '51-200'
        WHEN employees <= 1000 THEN '201-1000'
        WHEN employees <= 5000 THEN '1001-5000'
        ELSE '5001+'
    END;

-- Firmographics.revenueBand
CREATE OR REPLACE TEMP MACRO revenue_band(revenue_usd) AS
    CASE
        WHEN revenue_usd IS NULL THEN 'unknown'
        WHEN revenue_usd < 1000000 THEN '<1M'
        WHEN revenue_usd < 10000000 THEN '1M-10M'
        WHEN revenue_usd < 50000000 THEN '10M-50M'
        WHEN revenue_usd < 250000000 THEN '50M-250M'
        WHEN revenue_usd < 1000000000 THEN '250M-1B'
        ELSE '1B+'
    END;

-- Firmographics.segment
CREATE OR REPLACE TEMP MACRO segment(employees) AS
    CASE
        WHEN employees IS NULL THEN 'unknown'
        WHEN employees <= 200 THEN 'smb'
        WHEN employees <= 1000 THEN 'mid_market'
        ELSE 'enterprise'
    END;

-- Firmographics.seniority
CREATE OR REPLACE TEMP MACRO seniority(title) AS
    CASE
        WHEN lower(coalesce(title, '')) = '' THEN 'unknown'
        WHEN regexp_matches(lower(title), '\bintern\b|\btrainee\b|\bstudent\b') THEN 'intern'
        WHEN regexp_matches(lower(title), '\bchief\b|\bc[a-z]o\b|\bfounder\b|\bpresident\b|\bowner\b') THEN 'c_level'
        WHEN regexp_matches(lower(title), '\bvp\b|vice president|\bsvp\b|\bevp\b') THEN 'vp'
        WHEN regexp_matches(lower(title), '\bdirector\b|\bhead of\b') THEN 'director'
        WHEN regexp_matches(lower(title), '\bmanager\b|\blead\b|\bsupervisor\b|\bcontroller\b') THEN 'manager'
        ELSE 'individual_contributor'
    END;

-- Firmographics.department
CREATE OR REPLACE TEMP MACRO department(title) AS
    CASE
        WHEN lower(coalesce(title, '')) = '' THEN 'unknown'
        WHEN regexp_matches(lower(title), 'revenue operations|revops|sales operations|\bcro\b|crm admin')
            THEN 'revenue_operations'
        WHEN regexp_matches(lower(title), 'marketing|demand gen|content|\bcmo\b|brand|growth') THEN 'marketing'
        WHEN regexp_matches(lower(title),
                'sales|account executive|account manager|business development|\bsdr\b|\bbdr\b') THEN 'sales'
        WHEN regexp_matches(lower(title), '\bdata\b|analytics|\bcdo\b|scientist') THEN 'data'
        WHEN regexp_matches(lower(title), 'financ|fp&a|\bcfo\b|controller|accounting') THEN 'finance'
        WHEN regexp_matches(lower(title),
                '\bit\b|\bcio\b|\bcto\b|systems|architect|engineer|technology|security') THEN 'it'
        WHEN regexp_matches(lower(title), '\bhr\b|people|recruit|talent|\bchro\b|human resources') THEN 'people'
        WHEN regexp_matches(lower(title), 'operations|\bcoo\b|project|business analyst') THEN 'operations'
        WHEN regexp_matches(lower(title), '\bceo\b|founder|president|owner') THEN 'executive'
        ELSE 'other'
    END;

CREATE OR REPLACE TEMP TABLE lead_features AS
WITH contact_versions AS (
    -- lastVersionPerDay(contactHistory, contact_id, to): the last CRM version of each record per day
    SELECT * EXCLUDE (_rank)
    FROM (
        SELECT *, CAST(updated_at AS DATE) AS version_date,
               row_number() OVER (PARTITION BY contact_id, CAST(updated_at AS DATE) ORDER BY updated_at DESC) AS _rank
        FROM silver_contact_history
        WHERE CAST(updated_at AS DATE) <= getvariable('to_date')
    )
    WHERE _rank = 1
),
open_versions AS (
    -- spine: a version is valid until the day before the next one; kept when it is an open lead
    SELECT *, greatest(version_date, getvariable('from_date')) AS _start, least(valid_to, getvariable('to_date')) AS _end
    FROM (
        SELECT *, coalesce(lead(version_date) OVER (PARTITION BY contact_id ORDER BY version_date) - 1,
                           getvariable('to_date')) AS valid_to
        FROM contact_versions
    )
    WHERE record_type = 'lead' AND status IN ('open', 'working', 'nurturing', 'qualified') AND NOT is_converted
),
calendar AS (
    SELECT CAST(d AS DATE) AS snapshot_date
    FROM generate_series(CAST(getvariable('from_date') AS TIMESTAMP), CAST(getvariable('to_date') AS TIMESTAMP),
                         INTERVAL 1 DAY) AS t(d)
),
spine AS (
    -- spine: explode(sequence(_start, _end)), one row per open lead per snapshot date
    SELECT c.snapshot_date, v.contact_id, v.account_id, v.owner_id, v.status AS lead_status, v.lead_source,
           CAST(v.created_at AS DATE) AS lead_created_date, v.job_title, v.country AS contact_country
    FROM open_versions v
    JOIN calendar c ON c.snapshot_date BETWEEN v._start AND v._end
),
known AS (
    -- transform: touches.filter(known_date <= to)
    SELECT * FROM touches WHERE known_date <= getvariable('to_date')
),
lead_touches AS (
    -- transform: known.join(leads, contact_id)
    SELECT * FROM known WHERE contact_id IN (SELECT contact_id FROM spine)
),
window_rows AS (
    -- windowedCounts: the touches that can fall in a 90-day window of the batch, plus one row per day
    -- with a page view (webDays), known on the first day any of its views was attributed
    SELECT contact_id, activity_date, known_date, page_views, web_sessions, email_opens, email_clicks,
           form_submissions, webinar_minutes, sales_activities, pricing_page_views, demo_page_views,
           case_study_page_views, docs_page_views, high_intent_form_submissions, desktop_page_views,
           mobile_page_views, tablet_page_views, 0::BIGINT AS web_days
    FROM lead_touches
    WHERE activity_date > getvariable('from_date') - 90
    UNION ALL BY NAME
    SELECT contact_id, activity_date, min(known_date) AS known_date, 1::BIGINT AS web_days
    FROM lead_touches
    WHERE page_views > 0 AND activity_date > getvariable('from_date') - 90
    GROUP BY contact_id, activity_date
),
windowed_all AS (
    -- windowedCounts, first part: every touch of the window's days, known or not yet
    SELECT * EXCLUDE (_spine)
    FROM (
        SELECT contact_id, day AS snapshot_date, _spine,
        sum(page_views) OVER last_1d AS page_views_1d,
        sum(web_sessions) OVER last_1d AS web_sessions_1d,
        sum(email_opens) OVER last_1d AS email_opens_1d,
        sum(email_clicks) OVER last_1d AS email_clicks_1d,
        sum(form_submissions) OVER last_1d AS form_submissions_1d,
        sum(webinar_minutes) OVER last_1d AS webinar_minutes_1d,
        sum(sales_activities) OVER last_1d AS sales_activities_1d,
        sum(page_views) OVER last_7d AS page_views_7d,
        sum(web_sessions) OVER last_7d AS web_sessions_7d,
        sum(email_opens) OVER last_7d AS email_opens_7d,
        sum(email_clicks) OVER last_7d AS email_clicks_7d,
        sum(form_submissions) OVER last_7d AS form_submissions_7d,
        sum(webinar_minutes) OVER last_7d AS webinar_minutes_7d,
        sum(sales_activities) OVER last_7d AS sales_activities_7d,
        sum(page_views) OVER last_30d AS page_views_30d,
        sum(web_sessions) OVER last_30d AS web_sessions_30d,
        sum(email_opens) OVER last_30d AS email_opens_30d,
        sum(email_clicks) OVER last_30d AS email_clicks_30d,
        sum(form_submissions) OVER last_30d AS form_submissions_30d,
        sum(webinar_minutes) OVER last_30d AS webinar_minutes_30d,
        sum(sales_activities) OVER last_30d AS sales_activities_30d,
        sum(page_views) OVER last_90d AS page_views_90d,
        sum(web_sessions) OVER last_90d AS web_sessions_90d,
        sum(email_opens) OVER last_90d AS email_opens_90d,
        sum(email_clicks) OVER last_90d AS email_clicks_90d,
        sum(form_submissions) OVER last_90d AS form_submissions_90d,
        sum(webinar_minutes) OVER last_90d AS webinar_minutes_90d,
        sum(sales_activities) OVER last_90d AS sales_activities_90d,
        sum(pricing_page_views) OVER last_7d AS pricing_page_views_7d,
        sum(demo_page_views) OVER last_7d AS demo_page_views_7d,
        sum(web_days) OVER last_7d AS web_active_days_7d,
        sum(pricing_page_views) OVER last_30d AS pricing_page_views_30d,
        sum(demo_page_views) OVER last_30d AS demo_page_views_30d,
        sum(web_days) OVER last_30d AS web_active_days_30d,
        sum(case_study_page_views) OVER last_30d AS case_study_page_views_30d,
        sum(docs_page_views) OVER last_30d AS docs_page_views_30d,
        sum(high_intent_form_submissions) OVER last_30d AS high_intent_form_submissions_30d,
        sum(desktop_page_views) OVER last_30d AS desktop_page_views_30d,
        sum(mobile_page_views) OVER last_30d AS mobile_page_views_30d,
        sum(tablet_page_views) OVER last_30d AS tablet_page_views_30d
        FROM (
            SELECT contact_id, activity_date AS day, false AS _spine, * EXCLUDE (contact_id, activity_date, known_date)
            FROM window_rows
            UNION ALL BY NAME
            SELECT contact_id, snapshot_date AS day, true AS _spine FROM spine
        )
        WINDOW last_1d AS (PARTITION BY contact_id ORDER BY day RANGE BETWEEN CURRENT ROW AND CURRENT ROW),
               last_7d AS (PARTITION BY contact_id ORDER BY day
                           RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW),
               last_30d AS (PARTITION BY contact_id ORDER BY day
                            RANGE BETWEEN INTERVAL 29 DAYS PRECEDING AND CURRENT ROW),
               last_90d AS (PARTITION BY contact_id ORDER BY day
                            RANGE BETWEEN INTERVAL 89 DAYS PRECEDING AND CURRENT ROW)
    )
    WHERE _spine
),
windowed_unknown AS (
    -- windowedCounts, second part: those touches not yet known on the snapshot date (a browser
    -- identified later attributes its history from the identification day on)
    SELECT s.contact_id, s.snapshot_date,
        sum(l.page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 1) AS page_views_1d,
        sum(l.web_sessions) FILTER (WHERE l.activity_date > s.snapshot_date - 1) AS web_sessions_1d,
        sum(l.email_opens) FILTER (WHERE l.activity_date > s.snapshot_date - 1) AS email_opens_1d,
        sum(l.email_clicks) FILTER (WHERE l.activity_date > s.snapshot_date - 1) AS email_clicks_1d,
        sum(l.form_submissions) FILTER (WHERE l.activity_date > s.snapshot_date - 1) AS form_submissions_1d,
        sum(l.webinar_minutes) FILTER (WHERE l.activity_date > s.snapshot_date - 1) AS webinar_minutes_1d,
        sum(l.sales_activities) FILTER (WHERE l.activity_date > s.snapshot_date - 1) AS sales_activities_1d,
        sum(l.page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS page_views_7d,
        sum(l.web_sessions) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS web_sessions_7d,
        sum(l.email_opens) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS email_opens_7d,
        sum(l.email_clicks) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS email_clicks_7d,
        sum(l.form_submissions) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS form_submissions_7d,
        sum(l.webinar_minutes) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS webinar_minutes_7d,
        sum(l.sales_activities) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS sales_activities_7d,
        sum(l.page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS page_views_30d,
        sum(l.web_sessions) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS web_sessions_30d,
        sum(l.email_opens) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS email_opens_30d,
        sum(l.email_clicks) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS email_clicks_30d,
        sum(l.form_submissions) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS form_submissions_30d,
        sum(l.webinar_minutes) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS webinar_minutes_30d,
        sum(l.sales_activities) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS sales_activities_30d,
        sum(l.page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 90) AS page_views_90d,
        sum(l.web_sessions) FILTER (WHERE l.activity_date > s.snapshot_date - 90) AS web_sessions_90d,
        sum(l.email_opens) FILTER (WHERE l.activity_date > s.snapshot_date - 90) AS email_opens_90d,
        sum(l.email_clicks) FILTER (WHERE l.activity_date > s.snapshot_date - 90) AS email_clicks_90d,
        sum(l.form_submissions) FILTER (WHERE l.activity_date > s.snapshot_date - 90) AS form_submissions_90d,
        sum(l.webinar_minutes) FILTER (WHERE l.activity_date > s.snapshot_date - 90) AS webinar_minutes_90d,
        sum(l.sales_activities) FILTER (WHERE l.activity_date > s.snapshot_date - 90) AS sales_activities_90d,
        sum(l.pricing_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS pricing_page_views_7d,
        sum(l.demo_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS demo_page_views_7d,
        sum(l.web_days) FILTER (WHERE l.activity_date > s.snapshot_date - 7) AS web_active_days_7d,
        sum(l.pricing_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS pricing_page_views_30d,
        sum(l.demo_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS demo_page_views_30d,
        sum(l.web_days) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS web_active_days_30d,
        sum(l.case_study_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS case_study_page_views_30d,
        sum(l.docs_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS docs_page_views_30d,
        sum(l.high_intent_form_submissions) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS high_intent_form_submissions_30d,
        sum(l.desktop_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS desktop_page_views_30d,
        sum(l.mobile_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS mobile_page_views_30d,
        sum(l.tablet_page_views) FILTER (WHERE l.activity_date > s.snapshot_date - 30) AS tablet_page_views_30d
    FROM spine s
    JOIN window_rows l ON l.contact_id = s.contact_id
        AND l.known_date > s.snapshot_date
        AND l.activity_date <= s.snapshot_date
        AND l.activity_date > s.snapshot_date - 90
    WHERE l.known_date > l.activity_date
    GROUP BY s.contact_id, s.snapshot_date
),
windowed AS (
    -- windowedCounts: the running sums of the difference array, one row per spine row
    SELECT w.contact_id, w.snapshot_date,
        coalesce(w.page_views_1d, 0) - coalesce(u.page_views_1d, 0) AS page_views_1d,
        coalesce(w.web_sessions_1d, 0) - coalesce(u.web_sessions_1d, 0) AS web_sessions_1d,
        coalesce(w.email_opens_1d, 0) - coalesce(u.email_opens_1d, 0) AS email_opens_1d,
        coalesce(w.email_clicks_1d, 0) - coalesce(u.email_clicks_1d, 0) AS email_clicks_1d,
        coalesce(w.form_submissions_1d, 0) - coalesce(u.form_submissions_1d, 0) AS form_submissions_1d,
        coalesce(w.webinar_minutes_1d, 0) - coalesce(u.webinar_minutes_1d, 0) AS webinar_minutes_1d,
        coalesce(w.sales_activities_1d, 0) - coalesce(u.sales_activities_1d, 0) AS sales_activities_1d,
        coalesce(w.page_views_7d, 0) - coalesce(u.page_views_7d, 0) AS page_views_7d,
        coalesce(w.web_sessions_7d, 0) - coalesce(u.web_sessions_7d, 0) AS web_sessions_7d,
        coalesce(w.email_opens_7d, 0) - coalesce(u.email_opens_7d, 0) AS email_opens_7d,
        coalesce(w.email_clicks_7d, 0) - coalesce(u.email_clicks_7d, 0) AS email_clicks_7d,
        coalesce(w.form_submissions_7d, 0) - coalesce(u.form_submissions_7d, 0) AS form_submissions_7d,
        coalesce(w.webinar_minutes_7d, 0) - coalesce(u.webinar_minutes_7d, 0) AS webinar_minutes_7d,
        coalesce(w.sales_activities_7d, 0) - coalesce(u.sales_activities_7d, 0) AS sales_activities_7d,
        coalesce(w.page_views_30d, 0) - coalesce(u.page_views_30d, 0) AS page_views_30d,
        coalesce(w.web_sessions_30d, 0) - coalesce(u.web_sessions_30d, 0) AS web_sessions_30d,
        coalesce(w.email_opens_30d, 0) - coalesce(u.email_opens_30d, 0) AS email_opens_30d,
        coalesce(w.email_clicks_30d, 0) - coalesce(u.email_clicks_30d, 0) AS email_clicks_30d,
        coalesce(w.form_submissions_30d, 0) - coalesce(u.form_submissions_30d, 0) AS form_submissions_30d,
        coalesce(w.webinar_minutes_30d, 0) - coalesce(u.webinar_minutes_30d, 0) AS webinar_minutes_30d,
        coalesce(w.sales_activities_30d, 0) - coalesce(u.sales_activities_30d, 0) AS sales_activities_30d,
        coalesce(w.page_views_90d, 0) - coalesce(u.page_views_90d, 0) AS page_views_90d,
        coalesce(w.web_sessions_90d, 0) - coalesce(u.web_sessions_90d, 0) AS web_sessions_90d,
        coalesce(w.email_opens_90d, 0) - coalesce(u.email_opens_90d, 0) AS email_opens_90d,
        coalesce(w.email_clicks_90d, 0) - coalesce(u.email_clicks_90d, 0) AS email_clicks_90d,
        coalesce(w.form_submissions_90d, 0) - coalesce(u.form_submissions_90d, 0) AS form_submissions_90d,
        coalesce(w.webinar_minutes_90d, 0) - coalesce(u.webinar_minutes_90d, 0) AS webinar_minutes_90d,
        coalesce(w.sales_activities_90d, 0) - coalesce(u.sales_activities_90d, 0) AS sales_activities_90d,
        coalesce(w.pricing_page_views_7d, 0) - coalesce(u.pricing_page_views_7d, 0) AS pricing_page_views_7d,
        coalesce(w.demo_page_views_7d, 0) - coalesce(u.demo_page_views_7d, 0) AS demo_page_views_7d,
        coalesce(w.web_active_days_7d, 0) - coalesce(u.web_active_days_7d, 0) AS web_active_days_7d,
        coalesce(w.pricing_page_views_30d, 0) - coalesce(u.pricing_page_views_30d, 0) AS pricing_page_views_30d,
        coalesce(w.demo_page_views_30d, 0) - coalesce(u.demo_page_views_30d, 0) AS demo_page_views_30d,
        coalesce(w.web_active_days_30d, 0) - coalesce(u.web_active_days_30d, 0) AS web_active_days_30d,
        coalesce(w.case_study_page_views_30d, 0) - coalesce(u.case_study_page_views_30d, 0) AS case_study_page_views_30d,
        coalesce(w.docs_page_views_30d, 0) - coalesce(u.docs_page_views_30d, 0) AS docs_page_views_30d,
        coalesce(w.high_intent_form_submissions_30d, 0) - coalesce(u.high_intent_form_submissions_30d, 0) AS high_intent_form_submissions_30d,
        coalesce(w.desktop_page_views_30d, 0) - coalesce(u.desktop_page_views_30d, 0) AS desktop_page_views_30d,
        coalesce(w.mobile_page_views_30d, 0) - coalesce(u.mobile_page_views_30d, 0) AS mobile_page_views_30d,
        coalesce(w.tablet_page_views_30d, 0) - coalesce(u.tablet_page_views_30d, 0) AS tablet_page_views_30d
    FROM windowed_all w
    LEFT JOIN windowed_unknown u ON u.contact_id = w.contact_id AND u.snapshot_date = w.snapshot_date
),
lifetime_changes AS (
    -- lifetime.collapsed: the touches of each day they became known (all history known before the batch
    -- on from_date - 1), and the spine rows; score_mass is the points grown by 2^(days since origin / 14)
    SELECT contact_id, greatest(known_date, getvariable('from_date') - 1) AS day, 0 AS _spine,
           min(activity_date) AS first_touch_date,
           max(activity_date) AS last_touch_date,
           max(activity_date) FILTER (WHERE page_views > 0) AS last_page_view_date,
           max(activity_date) FILTER (WHERE email_clicks > 0) AS last_email_click_date,
           max(activity_date) FILTER (WHERE form_submissions > 0) AS last_form_submission_date,
           max(activity_date) FILTER (WHERE sales_activities > 0) AS last_sales_activity_date,
           min(first_session) AS first_session,
           max(last_session) AS last_session,
           sum(engagement_points * g.factor) AS score_mass
    FROM lead_touches
    LEFT JOIN decay_factors g ON g.days_since_origin = activity_date - DATE '2020-01-01'
    GROUP BY contact_id, greatest(known_date, getvariable('from_date') - 1)
    UNION ALL BY NAME
    SELECT contact_id, snapshot_date AS day, 1 AS _spine FROM spine
),
lifetime AS (
    -- lifetime: running aggregates over all history; the score decays with a 14-day half-life
    SELECT * EXCLUDE (_spine)
    FROM (
        SELECT contact_id, day AS snapshot_date, _spine,
               day - min(first_touch_date) OVER running AS days_since_first_touch,
               day - max(last_touch_date) OVER running AS days_since_last_touch,
               day - max(last_page_view_date) OVER running AS days_since_last_page_view,
               day - max(last_email_click_date) OVER running AS days_since_last_email_click,
               day - max(last_form_submission_date) OVER running AS days_since_last_form_submission,
               day - max(last_sales_activity_date) OVER running AS days_since_last_sales_activity,
               min(first_session) OVER running AS first_session,
               max(last_session) OVER running AS last_session,
               greatest(0.0, round(coalesce(sum(score_mass) OVER running, 0.0) * g.factor, 2)) AS engagement_score
        FROM lifetime_changes
        LEFT JOIN decay_factors g ON g.days_since_origin = DATE '2020-01-01' - day
        WINDOW running AS (PARTITION BY contact_id ORDER BY day, _spine
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    )
    WHERE _spine = 1
),
visit_days AS (
    -- streaks.days: days with a page view attributed the same day
    SELECT contact_id, activity_date
    FROM lead_touches
    WHERE page_views > 0 AND activity_date >= getvariable('from_date') - 31
    GROUP BY contact_id, activity_date
    HAVING min(known_date) = activity_date
),
visit_islands AS (
    -- streaks: consecutive days share activity_date - row_number
    SELECT contact_id, activity_date,
           activity_date - CAST(row_number() OVER (PARTITION BY contact_id ORDER BY activity_date) AS INTEGER) AS island
    FROM visit_days
),
visit_streaks AS (
    SELECT contact_id, activity_date,
           least(30, activity_date - min(activity_date) OVER (PARTITION BY contact_id, island) + 1) AS streak
    FROM visit_islands
),
streaks AS (
    -- streaks: a streak counts on its last day and the day after
    SELECT contact_id, snapshot_date, max(streak) AS web_visit_streak_days
    FROM (
        SELECT contact_id, activity_date AS snapshot_date, streak FROM visit_streaks
        UNION ALL
        SELECT contact_id, activity_date + 1 AS snapshot_date, streak FROM visit_streaks
    )
    GROUP BY contact_id, snapshot_date
),
account_touches AS (
    -- accountSignals.recent: every contact's touches (the buying committee) that can count in a
    -- 30-day window of the batch; a touch counts from known_date to activity_date + 29
    SELECT contact_id, account_id, activity_date, known_date, page_views,
           pricing_page_views + demo_page_views AS intent, email_clicks,
           known_date <= activity_date + 6 AS in7,
           known_date AS _start, activity_date + 29 AS _end
    FROM known
    WHERE account_id IS NOT NULL
      AND activity_date >= getvariable('from_date') - 29
      AND known_date <= activity_date + 29
),
engaged_islands AS (
    -- accountSignals.islands: the union of each contact's intervals, merged when they touch
    SELECT account_id, min(_start) AS _start, max(_end) AS _end
    FROM (
        SELECT *, sum(_new) OVER (PARTITION BY contact_id, account_id ORDER BY _start, _end
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS _island
        FROM (
            SELECT *, CASE WHEN _reach IS NULL OR _start > _reach + 1 THEN 1 ELSE 0 END AS _new
            FROM (
                SELECT contact_id, account_id, _start, _end,
                       max(_end) OVER (PARTITION BY contact_id, account_id ORDER BY _start, _end
                                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS _reach
                FROM account_touches
            )
        )
    )
    GROUP BY contact_id, account_id, _island
),
account_changes AS (
    -- accountSignals: the +/- changes of the account's running sums (pageViews and engaged)
    SELECT account_id, known_date AS day, page_views AS pv,
           CASE WHEN in7 THEN page_views ELSE 0 END AS pv7,
           CASE WHEN in7 THEN intent ELSE 0 END AS intent7,
           CASE WHEN in7 THEN email_clicks ELSE 0 END AS clicks7
    FROM account_touches
    UNION ALL BY NAME
    SELECT account_id, activity_date + 30 AS day, -page_views AS pv, 0 AS pv7, 0 AS intent7, 0 AS clicks7
    FROM account_touches
    UNION ALL BY NAME
    SELECT account_id, activity_date + 7 AS day, 0 AS pv,
           CASE WHEN in7 THEN -page_views ELSE 0 END AS pv7,
           CASE WHEN in7 THEN -intent ELSE 0 END AS intent7,
           CASE WHEN in7 THEN -email_clicks ELSE 0 END AS clicks7
    FROM account_touches
    UNION ALL BY NAME
    SELECT account_id, _start AS day, 1 AS engaged FROM engaged_islands
    UNION ALL BY NAME
    SELECT account_id, _end + 1 AS day, -1 AS engaged FROM engaged_islands
),
account_days AS (
    -- accountSignals: the changes by day (before the batch on from_date - 1) and the spine's account days
    SELECT account_id, day, sum(pv) AS pv, sum(engaged) AS engaged, sum(pv7) AS pv7, sum(intent7) AS intent7,
           sum(clicks7) AS clicks7, max(_spine) AS _spine
    FROM (
        SELECT account_id, greatest(day, getvariable('from_date') - 1) AS day, pv, engaged, pv7, intent7, clicks7,
               0 AS _spine
        FROM account_changes
        WHERE day <= getvariable('to_date')
        UNION ALL BY NAME
        SELECT DISTINCT account_id, snapshot_date AS day, 1 AS _spine FROM spine WHERE account_id IS NOT NULL
    )
    GROUP BY account_id, day
),
account_signals AS (
    -- accountSignals: running sums at the spine's account days
    SELECT * EXCLUDE (_spine)
    FROM (
        SELECT account_id, day AS snapshot_date, _spine,
               sum(pv) OVER running AS account_page_views_30d,
               sum(engaged) OVER running AS account_engaged_contacts_30d,
               sum(pv7) OVER running AS account_page_views_7d,
               sum(intent7) OVER running AS account_pricing_demo_views_7d,
               sum(clicks7) OVER running AS account_email_clicks_7d
        FROM account_days
        WINDOW running AS (PARTITION BY account_id ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    )
    WHERE _spine = 1
),
account_versions AS (
    -- withFit: the account version valid at the end of each day
    SELECT account_id, version_date AS valid_from,
           coalesce(lead(version_date) OVER (PARTITION BY account_id ORDER BY version_date) - 1,
                    getvariable('to_date')) AS valid_to,
           industry, employee_count, annual_revenue_usd, country
    FROM (
        SELECT *, CAST(updated_at AS DATE) AS version_date,
               row_number() OVER (PARTITION BY account_id, CAST(updated_at AS DATE) ORDER BY updated_at DESC) AS _rank
        FROM silver_account_history
        WHERE CAST(updated_at AS DATE) <= getvariable('to_date')
    )
    WHERE _rank = 1
),
conversions AS (
    -- conversions(contactHistory, labelsAsOf): the first CRM version showing a conversion
    SELECT contact_id, CAST(first_conversion.updated_at AS DATE) AS conversion_recorded_date,
           CAST(coalesce(first_conversion.converted_at, first_conversion.updated_at) AS DATE) AS conversion_date
    FROM (
        SELECT contact_id, min({'updated_at': updated_at, 'converted_at': converted_at}) AS first_conversion
        FROM silver_contact_history
        WHERE is_converted AND CAST(updated_at AS DATE) <= getvariable('labels_as_of')
        GROUP BY contact_id
    )
)
-- transform: the spine with every branch joined, then output(column) for each contract column
SELECT
    s.snapshot_date,
    s.contact_id,
    s.account_id,
    s.owner_id,
    s.lead_status,
    s.lead_source,
    s.lead_created_date,
    CAST(s.snapshot_date - s.lead_created_date AS INTEGER) AS days_since_created,
    coalesce(f.industry, 'unknown') AS industry,
    employee_band(f.employee_count) AS employee_band,
    revenue_band(f.annual_revenue_usd) AS annual_revenue_band,
    segment(f.employee_count) AS segment,
    coalesce(s.contact_country, f.country, 'unknown') AS country,
    seniority(s.job_title) AS job_title_seniority,
    department(s.job_title) AS job_title_department,
    CAST(coalesce(w.page_views_1d, 0) AS BIGINT) AS page_views_1d,
    CAST(coalesce(w.web_sessions_1d, 0) AS BIGINT) AS web_sessions_1d,
    CAST(coalesce(w.email_opens_1d, 0) AS BIGINT) AS email_opens_1d,
    CAST(coalesce(w.email_clicks_1d, 0) AS BIGINT) AS email_clicks_1d,
    CAST(coalesce(w.form_submissions_1d, 0) AS BIGINT) AS form_submissions_1d,
    CAST(coalesce(w.webinar_minutes_1d, 0) AS BIGINT) AS webinar_minutes_1d,
    CAST(coalesce(w.sales_activities_1d, 0) AS BIGINT) AS sales_activities_1d,
    CAST(coalesce(w.page_views_7d, 0) AS BIGINT) AS page_views_7d,
    CAST(coalesce(w.web_sessions_7d, 0) AS BIGINT) AS web_sessions_7d,
    CAST(coalesce(w.email_opens_7d, 0) AS BIGINT) AS email_opens_7d,
    CAST(coalesce(w.email_clicks_7d, 0) AS BIGINT) AS email_clicks_7d,
    CAST(coalesce(w.form_submissions_7d, 0) AS BIGINT) AS form_submissions_7d,
    CAST(coalesce(w.webinar_minutes_7d, 0) AS BIGINT) AS webinar_minutes_7d,
    CAST(coalesce(w.sales_activities_7d, 0) AS BIGINT) AS sales_activities_7d,
    CAST(coalesce(w.page_views_30d, 0) AS BIGINT) AS page_views_30d,
    CAST(coalesce(w.web_sessions_30d, 0) AS BIGINT) AS web_sessions_30d,
    CAST(coalesce(w.email_opens_30d, 0) AS BIGINT) AS email_opens_30d,
    CAST(coalesce(w.email_clicks_30d, 0) AS BIGINT) AS email_clicks_30d,
    CAST(coalesce(w.form_submissions_30d, 0) AS BIGINT) AS form_submissions_30d,
    CAST(coalesce(w.webinar_minutes_30d, 0) AS BIGINT) AS webinar_minutes_30d,
    CAST(coalesce(w.sales_activities_30d, 0) AS BIGINT) AS sales_activities_30d,
    CAST(coalesce(w.page_views_90d, 0) AS BIGINT) AS page_views_90d,
    CAST(coalesce(w.web_sessions_90d, 0) AS BIGINT) AS web_sessions_90d,
    CAST(coalesce(w.email_opens_90d, 0) AS BIGINT) AS email_opens_90d,
    CAST(coalesce(w.email_clicks_90d, 0) AS BIGINT) AS email_clicks_90d,
    CAST(coalesce(w.form_submissions_90d, 0) AS BIGINT) AS form_submissions_90d,
    CAST(coalesce(w.webinar_minutes_90d, 0) AS BIGINT) AS webinar_minutes_90d,
    CAST(coalesce(w.sales_activities_90d, 0) AS BIGINT) AS sales_activities_90d,
    CAST(coalesce(w.pricing_page_views_7d, 0) AS BIGINT) AS pricing_page_views_7d,
    CAST(coalesce(w.pricing_page_views_30d, 0) AS BIGINT) AS pricing_page_views_30d,
    CAST(coalesce(w.demo_page_views_7d, 0) AS BIGINT) AS demo_page_views_7d,
    CAST(coalesce(w.demo_page_views_30d, 0) AS BIGINT) AS demo_page_views_30d,
    CAST(coalesce(w.case_study_page_views_30d, 0) AS BIGINT) AS case_study_page_views_30d,
    CAST(coalesce(w.docs_page_views_30d, 0) AS BIGINT) AS docs_page_views_30d,
    CAST(coalesce(w.high_intent_form_submissions_30d, 0) AS BIGINT) AS high_intent_form_submissions_30d,
    CAST(coalesce(w.web_active_days_7d, 0) AS BIGINT) AS web_active_days_7d,
    CAST(coalesce(w.web_active_days_30d, 0) AS BIGINT) AS web_active_days_30d,
    CAST(coalesce(k.web_visit_streak_days, 0) AS INTEGER) AS web_visit_streak_days,
    CAST(flag(coalesce(w.desktop_page_views_30d, 0) > 0) + flag(coalesce(w.mobile_page_views_30d, 0) > 0)
         + flag(coalesce(w.tablet_page_views_30d, 0) > 0) AS INTEGER) AS device_types_30d,
    flag(coalesce(w.desktop_page_views_30d, 0) > 0) + flag(coalesce(w.mobile_page_views_30d, 0) > 0)
         + flag(coalesce(w.tablet_page_views_30d, 0) > 0) > 1 AS is_multi_device_30d,
    CAST(t.days_since_first_touch AS INTEGER) AS days_since_first_touch,
    CAST(t.days_since_last_touch AS INTEGER) AS days_since_last_touch,
    CAST(t.days_since_last_page_view AS INTEGER) AS days_since_last_page_view,
    CAST(t.days_since_last_email_click AS INTEGER) AS days_since_last_email_click,
    CAST(t.days_since_last_form_submission AS INTEGER) AS days_since_last_form_submission,
    CAST(t.days_since_last_sales_activity AS INTEGER) AS days_since_last_sales_activity,
    CAST(coalesce(t.engagement_score, 0.0) AS DOUBLE) AS engagement_score,
    CAST(coalesce(a.account_engaged_contacts_30d, 0) AS BIGINT) AS account_engaged_contacts_30d,
    CAST(coalesce(a.account_page_views_30d, 0) AS BIGINT) AS account_page_views_30d,
    CAST(coalesce(a.account_page_views_7d, 0) AS BIGINT) AS account_page_views_7d,
    CAST(coalesce(a.account_pricing_demo_views_7d, 0) AS BIGINT) AS account_pricing_demo_views_7d,
    CAST(coalesce(a.account_email_clicks_7d, 0) AS BIGINT) AS account_email_clicks_7d,
    t.first_session.channel AS first_touch_channel,
    t.first_session.source AS first_touch_source,
    t.first_session.medium AS first_touch_medium,
    CASE WHEN t.first_session.has_campaign THEN t.first_session.campaign END AS first_touch_campaign,
    t.last_session.channel AS last_touch_channel,
    t.last_session.source AS last_touch_source,
    t.last_session.medium AS last_touch_medium,
    CASE WHEN t.last_session.has_campaign THEN t.last_session.campaign END AS last_touch_campaign,
    s.snapshot_date + 30 AS label_matures_on,
    -- withLabels: null until snapshot_date + 30 is on or before labels_as_of
    CASE WHEN s.snapshot_date + 30 <= getvariable('labels_as_of') THEN
        coalesce(c.conversion_recorded_date <= s.snapshot_date + 30
                 AND c.conversion_date > s.snapshot_date
                 AND c.conversion_date <= s.snapshot_date + 30, false)
    END AS converted_within_30d,
    CASE WHEN s.snapshot_date + 30 <= getvariable('labels_as_of')
              AND c.conversion_recorded_date <= s.snapshot_date + 30
              AND c.conversion_date > s.snapshot_date
              AND c.conversion_date <= s.snapshot_date + 30
         THEN c.conversion_date END AS converted_date
FROM spine s
LEFT JOIN windowed w ON w.contact_id = s.contact_id AND w.snapshot_date = s.snapshot_date
LEFT JOIN lifetime t ON t.contact_id = s.contact_id AND t.snapshot_date = s.snapshot_date
LEFT JOIN streaks k ON k.contact_id = s.contact_id AND k.snapshot_date = s.snapshot_date
LEFT JOIN account_signals a ON a.account_id = s.account_id AND a.snapshot_date = s.snapshot_date
LEFT JOIN account_versions f ON f.account_id = s.account_id
    AND s.snapshot_date BETWEEN f.valid_from AND f.valid_to
LEFT JOIN conversions c ON c.contact_id = s.contact_id;
