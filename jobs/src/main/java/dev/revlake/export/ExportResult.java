package dev.revlake.export;

import java.util.List;

/**
 * What an export sent.
 *
 * @param batchId  the batch id, or null when no (target, view) had a new table version
 * @param location the published batch folder, or null when no row changed (no folder is written)
 * @param views    one entry per view and watermark group
 * @param missing  views skipped because their table does not exist yet, with the command to run
 */
public record ExportResult(String batchId, String location, List<ViewExport> views, List<String> missing) {

    /**
     * One view's share of a batch.
     *
     * @param view        view name
     * @param targets     targets sharing this range, e.g. {@code files:salesforce}
     * @param fromVersion watermark before (exclusive)
     * @param toVersion   version sent up to (inclusive)
     * @param rows        changed rows sent
     * @param files       part files written, relative to the batch folder
     * @param note        null, or why more rows than the changes were sent
     */
    public record ViewExport(String view, List<String> targets, long fromVersion, long toVersion, long rows,
                             List<String> files, String note) {
        public ViewExport {
            targets = List.copyOf(targets);
            files = List.copyOf(files);
        }
    }

    public ExportResult {
        views = List.copyOf(views);
        missing = List.copyOf(missing);
    }

    /** Rows sent over every view. */
    public long rows() {
        return views.stream().mapToLong(ViewExport::rows).sum();
    }
}
