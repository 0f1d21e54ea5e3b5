"""RevLake's DAGs for Airflow without dag-factory.

Generated from orchestration/dags/revlake_dags.yml by dev.revlake.dag.AirflowDagWriter
(./revlake dags --airflow); do not edit: a test fails when this file and the YAML differ.
Needs apache-airflow-providers-apache-spark and the Variables revlake_application_jar,
revlake_lake and revlake_raw.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.datasets import Dataset
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DEFAULT_ARGS = {
    "owner": "revlake",
    "start_date": datetime(2026, 1, 1),
    "retries": 2,
    "retry_delay": timedelta(seconds=300),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(seconds=3600),
}

with DAG(
    dag_id="revlake_nightly",
    description="Nightly: ingest every source (with late files) -> silver -> gold -> lead and deal scores with handoff alerts -> pipeline forecast and its accuracy -> CRM reload; a data-quality gate (revlake check) after each stage stops the run on a failed check",
    schedule="0 2 * * *",
    catchup=False,
    max_active_runs=1,
    max_active_tasks=4,
    default_args=DEFAULT_ARGS,
) as revlake_nightly:
    ingest_web_pageviews = SparkSubmitOperator(
        task_id="ingest_web_pageviews",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}", "--source", "web_pageviews"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/bronze_web_pageviews"), Dataset("revlake://bronze/bronze_quarantine")],
    )
    ingest_email_events = SparkSubmitOperator(
        task_id="ingest_email_events",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}", "--source", "email_events"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/bronze_email_events"), Dataset("revlake://bronze/bronze_quarantine")],
    )
    ingest_form_submissions = SparkSubmitOperator(
        task_id="ingest_form_submissions",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}", "--source", "form_submissions"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/bronze_form_submissions"), Dataset("revlake://bronze/bronze_quarantine")],
    )
    ingest_webinar_attendance = SparkSubmitOperator(
        task_id="ingest_webinar_attendance",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}", "--source", "webinar_attendance"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/bronze_webinar_attendance"), Dataset("revlake://bronze/bronze_quarantine")],
    )
    ingest_crm_accounts = SparkSubmitOperator(
        task_id="ingest_crm_accounts",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}", "--source", "crm_accounts"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/bronze_crm_accounts"), Dataset("revlake://bronze/bronze_quarantine")],
    )
    ingest_crm_contacts = SparkSubmitOperator(
        task_id="ingest_crm_contacts",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}", "--source", "crm_contacts"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/bronze_crm_contacts"), Dataset("revlake://bronze/bronze_quarantine")],
    )
    ingest_crm_opportunities = SparkSubmitOperator(
        task_id="ingest_crm_opportunities",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}", "--source", "crm_opportunities"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/bronze_crm_opportunities"), Dataset("revlake://bronze/bronze_quarantine")],
    )
    ingest_crm_activities = SparkSubmitOperator(
        task_id="ingest_crm_activities",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--date", "{{ ds }}", "--source", "crm_activities"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/bronze_crm_activities"), Dataset("revlake://bronze/bronze_quarantine")],
    )
    check_bronze = SparkSubmitOperator(
        task_id="check_bronze",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["check", "--lake", "{{ var.value.revlake_lake }}", "--date", "{{ ds }}", "--stage", "bronze"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://ops/ops_quality_checks")],
    )
    silver = SparkSubmitOperator(
        task_id="silver",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["silver", "--lake", "{{ var.value.revlake_lake }}", "--from", "{{ ds }}", "--to", "{{ ds }}"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://silver/silver_events"), Dataset("revlake://silver/silver_sessions"), Dataset("revlake://silver/silver_contacts"), Dataset("revlake://silver/silver_accounts"), Dataset("revlake://silver/silver_opportunities")],
    )
    check_silver = SparkSubmitOperator(
        task_id="check_silver",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["check", "--lake", "{{ var.value.revlake_lake }}", "--date", "{{ ds }}", "--stage", "silver"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://ops/ops_quality_checks")],
    )
    gold = SparkSubmitOperator(
        task_id="gold",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["gold", "--lake", "{{ var.value.revlake_lake }}", "--from", "{{ macros.ds_add(ds, -7) }}", "--to", "{{ ds }}"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://gold/gold_lead_features"), Dataset("revlake://gold/gold_opportunity_features"), Dataset("revlake://gold/gold_funnel_daily"), Dataset("revlake://gold/gold_contact_activity_daily"), Dataset("revlake://gold/gold_contact_touches_daily")],
    )
    check_gold = SparkSubmitOperator(
        task_id="check_gold",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["check", "--lake", "{{ var.value.revlake_lake }}", "--date", "{{ ds }}", "--stage", "gold"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://ops/ops_quality_checks")],
    )
    score = SparkSubmitOperator(
        task_id="score",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["score", "--lake", "{{ var.value.revlake_lake }}", "--date", "{{ ds }}", "--no-forecast", "--skip-without-models"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://gold/gold_lead_scores"), Dataset("revlake://gold/gold_lead_alerts"), Dataset("revlake://gold/gold_funnel_daily"), Dataset("revlake://gold/gold_opportunity_scores")],
    )
    check_scores = SparkSubmitOperator(
        task_id="check_scores",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["check", "--lake", "{{ var.value.revlake_lake }}", "--date", "{{ ds }}", "--stage", "scores"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://ops/ops_quality_checks")],
    )
    forecast = SparkSubmitOperator(
        task_id="forecast",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["forecast", "--lake", "{{ var.value.revlake_lake }}", "--date", "{{ ds }}", "--skip-without-models"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://gold/gold_pipeline_forecast"), Dataset("revlake://gold/gold_forecast_accuracy")],
    )
    export = SparkSubmitOperator(
        task_id="export",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["export", "--lake", "{{ var.value.revlake_lake }}", "--out", "{{ var.value.revlake_exports }}", "--skip-without-scores"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://ops/ops_export_batches")],
    )
    [ingest_web_pageviews, ingest_email_events, ingest_form_submissions, ingest_webinar_attendance, ingest_crm_accounts, ingest_crm_contacts, ingest_crm_opportunities, ingest_crm_activities] >> check_bronze
    [check_bronze] >> silver
    [silver] >> check_silver
    [check_silver] >> gold
    [gold] >> check_gold
    [check_gold] >> score
    [score] >> check_scores
    [check_scores] >> forecast
    [forecast] >> export

with DAG(
    dag_id="revlake_weekly_train",
    description="Weekly: train, evaluate against the baselines and promote the lead conversion, opportunity win and close-date models",
    schedule="0 5 * * 0",
    catchup=False,
    max_active_runs=1,
    max_active_tasks=4,
    default_args=DEFAULT_ARGS,
) as revlake_weekly_train:
    train = SparkSubmitOperator(
        task_id="train",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="8g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["train", "--lake", "{{ var.value.revlake_lake }}"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://ops/ops_model_runs")],
    )

with DAG(
    dag_id="revlake_weekly_maintenance",
    description="Weekly: compact every lake table (OPTIMIZE: the nightly runs' small files, the identity stitching's deletion vectors) and VACUUM files older than each table's retention",
    schedule="0 4 * * 0",
    catchup=False,
    max_active_runs=1,
    max_active_tasks=4,
    default_args=DEFAULT_ARGS,
) as revlake_weekly_maintenance:
    compact = SparkSubmitOperator(
        task_id="compact",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["compact", "--lake", "{{ var.value.revlake_lake }}", "--vacuum"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://ops/ops_job_runs")],
    )

with DAG(
    dag_id="revlake_backfill",
    description="Backfill a date range as one batch per stage (trigger it with a data interval: its start is the first date, ds the last)",
    schedule=None,
    catchup=False,
    max_active_runs=1,
    max_active_tasks=4,
    default_args=DEFAULT_ARGS,
) as revlake_backfill:
    ingest = SparkSubmitOperator(
        task_id="ingest",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["ingest", "--lake", "{{ var.value.revlake_lake }}", "--raw", "{{ var.value.revlake_raw }}", "--from", "{{ data_interval_start | ds }}", "--to", "{{ ds }}"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://bronze/*")],
    )
    silver = SparkSubmitOperator(
        task_id="silver",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["silver", "--lake", "{{ var.value.revlake_lake }}", "--from", "{{ data_interval_start | ds }}", "--to", "{{ ds }}"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://silver/*")],
    )
    gold = SparkSubmitOperator(
        task_id="gold",
        conn_id="spark_default",
        application="{{ var.value.revlake_application_jar }}",
        driver_memory="2g",
        executor_memory="4g",
        java_class="dev.revlake.cli.RevLakeCli",
        application_args=["gold", "--lake", "{{ var.value.revlake_lake }}", "--from", "{{ data_interval_start | ds }}", "--to", "{{ ds }}"],
        conf={"spark.sql.shuffle.partitions": "64"},
        outlets=[Dataset("revlake://gold/*")],
    )
    [ingest] >> silver
    [silver] >> gold
