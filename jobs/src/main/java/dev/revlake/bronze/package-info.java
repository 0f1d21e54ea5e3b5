/**
 * Bronze: one Delta table per raw source, parsed and typed against the contract, with lineage
 * columns; bad records go to {@code bronze_quarantine} with a reason, duplicate deliveries are
 * dropped, and every run reconciles in {@code ops_job_runs}.
 */
package dev.revlake.bronze;
