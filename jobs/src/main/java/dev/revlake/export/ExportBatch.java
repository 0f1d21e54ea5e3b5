package dev.revlake.export;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code ops_export_batches}: a (target, view) version range that was published.
 *
 * @param target      e.g. {@code files:salesforce} or {@code jdbc:db.example.com:5432/crm}; never credentials
 * @param viewName    export view name
 * @param tableName   the view's table
 * @param batchId     batch folder name (files) or push id (JDBC)
 * @param fromVersion the previous watermark (exclusive), -1 for none
 * @param toVersion   the version sent up to (inclusive): the new watermark
 * @param rows        rows sent
 * @param publishedAt when the batch became visible (files) or was committed (JDBC)
 * @param location    the batch folder, or null for a JDBC push
 * @param runId       export run id
 */
public record ExportBatch(String target, String viewName, String tableName, String batchId, long fromVersion,
                          long toVersion, long rows, Instant publishedAt, String location, String runId) {

    /** The only status written: a row exists only once its batch is published. */
    public static final String PUBLISHED = "published";

    public ExportBatch {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(viewName, "viewName");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(runId, "runId");
        if (fromVersion < -1 || toVersion <= fromVersion) {
            throw new IllegalArgumentException("Invalid version range: (" + fromVersion + ", " + toVersion + "]");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("Invalid rows: " + rows);
        }
    }
}
