/**
 * RevLake's schedules as data: the dag-factory YAML under {@code orchestration/dags}, read and
 * checked ({@link dev.revlake.dag.DagFiles}) before anything runs, and its Airflow-style templates
 * ({@link dev.revlake.dag.Templates}) rendered for a run date.
 */
package dev.revlake.dag;
