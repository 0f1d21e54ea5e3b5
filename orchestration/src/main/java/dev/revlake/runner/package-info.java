/**
 * The local runner: executes the DAGs of the dag-factory YAML in-process, in dependency order, with
 * Airflow's templates, retries, backoff and timeouts, one run per DAG and date at a time (a lock),
 * and every task try recorded in {@code ops_task_runs} so an interrupted run resumes where it stopped.
 */
package dev.revlake.runner;
