/**
 * Spark side of training: builds and samples training sets from gold (or a user's own table),
 * hands plain rows to the {@code models} module, registers the results under the lake and records
 * {@code ops_model_runs}.
 */
package dev.revlake.train;
