/**
 * Which columns a model reads and how plain values become Tribuo features: {@link
 * dev.revlake.models.features.FeatureSpec} (saved with every model) and the compact {@link
 * dev.revlake.models.features.FeatureVector} rows are built into.
 */
package dev.revlake.models.features;
