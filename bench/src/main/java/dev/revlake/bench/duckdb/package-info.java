/**
 * The gold lead features computed by DuckDB with SQL over the same silver Parquet files RevLake reads,
 * timed and checked row for row against RevLake's own Spark jobs
 * ({@link dev.revlake.bench.duckdb.LeadFeaturesComparison}). The SQL lives in resource files next to
 * these classes, each CTE naming the Spark step it mirrors.
 */
package dev.revlake.bench.duckdb;
