/** The pipeline's stages in order, for backfill batches and nightly runs. */
package dev.revlake.pipeline;
