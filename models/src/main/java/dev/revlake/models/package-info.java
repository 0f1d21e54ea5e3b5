/**
 * RevLake's models: lead conversion, opportunity win and close date, each a {@link
 * dev.revlake.models.ModelDefinition} trained, calibrated, explained and versioned with Tribuo.
 * This module has no Spark dependency: Spark jobs in {@code jobs} feed it plain rows.
 */
package dev.revlake.models;
