/**
 * Tribuo predictors for lead conversion, opportunity win and close date. This module has no Spark
 * dependency: Spark jobs in {@code jobs} feed it plain examples.
 */
package dev.revlake.models;
