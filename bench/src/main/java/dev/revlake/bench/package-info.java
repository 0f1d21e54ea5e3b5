/**
 * Benchmarks of the whole pipeline ({@code revlake bench}): every stage timed on a simulated company,
 * with rows in and out, rows per second and peak JVM heap, and side by side with the references a
 * user would otherwise pick on the same input in the same run (DuckDB SQL for the gold lead features,
 * a bare Jackson streaming loop for the JSON Lines parse).
 */
package dev.revlake.bench;
