/**
 * The lake itself: where tables live, their contracts (schema, key, grain, partitioning,
 * constraints), and the shared SparkSession with Delta enabled.
 */
package dev.revlake.lake;
