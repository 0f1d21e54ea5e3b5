package dev.revlake.export;

import java.util.List;
import java.util.Objects;

import dev.revlake.lake.Lake;

/**
 * Settings of a file export.
 *
 * @param lake         the lake holding the score tables and {@code ops_export_batches}
 * @param out          output folder (local path or Hadoop URI); batches are sub-folders
 * @param formats      formats to write, each with its own watermark
 * @param maxFileBytes largest part file, header included (Salesforce Bulk API 2.0 takes 150 MB per upload)
 * @param runId        export run id
 */
public record ExportConfig(Lake lake, String out, List<ExportFormat> formats, long maxFileBytes, String runId) {

    /** 100 MB: below Bulk API 2.0's 150 MB upload limit with room for its base64 growth of other clients. */
    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;

    /** The smallest part size accepted: a header and a row must fit. */
    public static final long MIN_MAX_FILE_BYTES = 256;

    public ExportConfig {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(runId, "runId");
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("Invalid export folder: empty");
        }
        formats = List.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("Invalid export formats: none");
        }
        if (maxFileBytes < MIN_MAX_FILE_BYTES) {
            throw new IllegalArgumentException("Invalid max file bytes: " + maxFileBytes + " (at least "
                    + MIN_MAX_FILE_BYTES + ")");
        }
    }

    /** The default output folder: {@code <lake>/exports}. */
    public static String defaultOut(Lake lake) {
        return lake.root() + "/exports";
    }
}
