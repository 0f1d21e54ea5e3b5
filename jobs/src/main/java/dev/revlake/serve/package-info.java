/**
 * {@code revlake serve}: a small read-only HTTP JSON API over the latest scores, for CRMs that
 * pull. An immutable in-memory {@link dev.revlake.serve.ScoreSnapshot} answers point look-ups; the
 * change endpoints page through {@link dev.revlake.export.ScoreChanges} pinned to Delta versions;
 * a {@link dev.revlake.serve.SnapshotReloader} swaps in a new snapshot when a scoring run lands.
 */
package dev.revlake.serve;
