/**
 * The raw landing-zone contract: sources, their file formats and fields, as code.
 *
 * <p>Files land under {@code raw/<source>/dt=YYYY-MM-DD/*.jsonl} (events) or {@code *.csv} (CRM
 * extracts). The simulator writes this contract; the bronze ingest reads it.
 */
package dev.revlake.raw;
