package dev.revlake.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;

/**
 * Writes the score and forecast rows that changed since each format's watermark as one batch of
 * CRM load files: Salesforce Bulk API 2.0 upsert CSV, HubSpot import CSV and JSON Lines, with a
 * {@code manifest.json}.
 *
 * <p>Publishing is atomic: everything is written under {@code <out>/_staging/<batch_id>}, the
 * manifest last, then the folder is renamed to {@code <out>/<batch_id>}, and only then are the
 * watermarks advanced. The batch id is derived from the version ranges, so a run that crashed after
 * the rename but before the watermark sends the same range again under the same id and replaces the
 * folder. When no row changed, no folder is written (the watermarks still advance past versions that
 * changed nothing).
 */
public final class CrmExportJob {

    /** Job name used in run ids. */
    public static final String JOB = "export";

    /** Staging folder under the output folder; names starting with '_' are skipped by Hadoop and Spark readers. */
    public static final String STAGING = "_staging";

    /** File written last in every batch. */
    public static final String MANIFEST = "manifest.json";

    private static final Logger LOG = LoggerFactory.getLogger(CrmExportJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String CRLF = "\r\n";

    private CrmExportJob() {
    }

    /** A view's range for the formats that share one watermark. */
    private record Range(ExportView view, long fromVersion, long toVersion, List<ExportFormat> formats,
                         String note) {
    }

    /** Exports the changes since every format's watermark, and advances the watermarks once published. */
    public static ExportResult run(SparkSession spark, ExportConfig config) {
        Lake lake = config.lake();
        List<String> missing = new ArrayList<>();
        List<ExportView> present = ExportView.existing(spark, lake, missing);
        // Pinned once: rows committed while the export runs belong to the next batch.
        Map<ExportView, Long> pinned = new LinkedHashMap<>();
        for (ExportView v : present) {
            pinned.put(v, DeltaTables.version(spark, lake, v.table()));
        }
        List<Range> ranges = plan(spark, lake, pinned, config.formats());
        if (ranges.isEmpty()) {
            LOG.info("export nothing: every format is at the current version of every table");
            return new ExportResult(null, null, List.of(), missing);
        }
        String batchId = batchId(pinned, ranges);
        Path out = new Path(config.out());
        Path staging = new Path(new Path(out, STAGING), batchId);
        Path published = new Path(out, batchId);
        Instant createdAt = Instant.now();
        List<ExportResult.ViewExport> views = new ArrayList<>();
        List<PartFiles.Part> files = new ArrayList<>();
        Map<PartFiles.Part, String[]> fileTargets = new LinkedHashMap<>();
        // A private FileSystem instance: checksum side files are switched off for it only, not for Delta.
        try (FileSystem fs = FileSystem.newInstance(out.toUri(), spark.sparkContext().hadoopConfiguration())) {
            fs.setWriteChecksum(false);
            prepare(fs, out, staging);
            try {
                for (Range r : ranges) {
                    views.add(write(spark, lake, fs, staging, r, config.maxFileBytes(), files, fileTargets));
                }
                long rows = views.stream().mapToLong(ExportResult.ViewExport::rows).sum();
                if (rows == 0) {
                    fs.delete(staging, true);
                    LOG.info("export batch={} rows=0: nothing changed, no folder written", batchId);
                } else {
                    writeManifest(fs, staging, batchId, createdAt, ranges, views, fileTargets);
                    publish(fs, staging, published);
                    LOG.info("export batch={} rows={} files={} published at {}", batchId, rows, files.size(),
                            published);
                }
                if (rows == 0) {
                    // No batch, no row in ops_export_batches: the watermarks stay, so a re-run that
                    // rewrote identical scores leaves the lake as it was. The next export compares
                    // from the same watermark, which gives the same answer over the longer range.
                    return new ExportResult(batchId, null, views, missing);
                }
                Instant publishedAt = Instant.now();
                String location = published.toString();
                List<ExportBatch> marks = new ArrayList<>();
                for (int i = 0; i < ranges.size(); i++) {
                    Range r = ranges.get(i);
                    for (ExportFormat f : r.formats()) {
                        marks.add(new ExportBatch(f.target(), r.view().name(), r.view().table().name(), batchId,
                                r.fromVersion(), r.toVersion(), views.get(i).rows(), publishedAt, location,
                                config.runId()));
                    }
                }
                ExportWatermarks.record(spark, lake, marks);
                return new ExportResult(batchId, location, views, missing);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(fs, staging);
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the export to " + config.out() + ": " + e.getMessage(), e);
        }
    }

    /** The ranges to send: per view, the formats grouped by watermark, skipping those already current. */
    private static List<Range> plan(SparkSession spark, Lake lake, Map<ExportView, Long> pinned,
                                    List<ExportFormat> formats) {
        Map<ExportFormat, Map<String, Long>> marks = new LinkedHashMap<>();
        for (ExportFormat f : formats) {
            marks.put(f, ExportWatermarks.of(spark, lake, f.target()));
        }
        List<Range> ranges = new ArrayList<>();
        for (Map.Entry<ExportView, Long> e : pinned.entrySet()) {
            ExportView v = e.getKey();
            long to = e.getValue();
            Map<Long, List<ExportFormat>> byFrom = new TreeMap<>();
            Map<Long, String> notes = new TreeMap<>();
            for (ExportFormat f : formats) {
                if (f != ExportFormat.JSONL && CrmObject.of(f, v) == null) {
                    continue;
                }
                long from = marks.get(f).getOrDefault(v.name(), ExportWatermarks.NONE);
                if (from > to) {
                    // The table was rebuilt (its versions restarted): send every current row again.
                    notes.put(ExportWatermarks.NONE, "watermark " + from + " is beyond version " + to + " of "
                            + v.table().name() + " (table rebuilt?): every current row is sent again");
                    from = ExportWatermarks.NONE;
                }
                if (from < to) {
                    byFrom.computeIfAbsent(from, k -> new ArrayList<>()).add(f);
                }
            }
            byFrom.forEach((from, fs) -> ranges.add(new Range(v, from, to, List.copyOf(fs), notes.get(from))));
        }
        return ranges;
    }

    /**
     * {@code b<sum of the pinned table versions>-<hash of the ranges>}: sorts in publication order
     * (versions only grow) and is the same for a retry of the same ranges.
     */
    private static String batchId(Map<ExportView, Long> pinned, List<Range> ranges) {
        long sum = pinned.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder canonical = new StringBuilder();
        for (Range r : ranges) {
            for (ExportFormat f : r.formats()) {
                canonical.append(f.target()).append(' ').append(r.view().name()).append(' ')
                        .append(r.fromVersion()).append(' ').append(r.toVersion()).append('\n');
            }
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return String.format("b%010d-%s", sum, HexFormat.of().formatHex(hash, 0, 4));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Creates a clean staging folder; fails here, before any Spark work, when the folder is not writable. */
    private static void prepare(FileSystem fs, Path out, Path staging) throws IOException {
        if (fs.exists(staging)) {
            // Left by a run that crashed before publishing: never visible, safe to drop.
            fs.delete(staging, true);
        }
        if (!fs.mkdirs(staging)) {
            throw new IOException("cannot create " + staging);
        }
    }

    private static ExportResult.ViewExport write(SparkSession spark, Lake lake, FileSystem fs, Path staging,
                                                 Range r, long maxBytes, List<PartFiles.Part> files,
                                                 Map<PartFiles.Part, String[]> fileTargets) throws IOException {
        ScoreChanges.ChangeSet changes = ScoreChanges.since(spark, lake, r.view(), r.fromVersion(), r.toVersion());
        String note = r.note() != null ? r.note() : changes.note();
        Map<ExportFormat, PartFiles> writers = new LinkedHashMap<>();
        Map<ExportFormat, CrmObject> objects = new LinkedHashMap<>();
        try {
            for (ExportFormat f : r.formats()) {
                CrmObject o = CrmObject.of(f, r.view());
                objects.put(f, o);
                writers.put(f, o == null
                        ? new PartFiles(fs, staging, f.id(), r.view().name(), f.extension(), null, maxBytes)
                        : new PartFiles(fs, staging, f.id(), o.name(), f.extension(), CsvText.line(o.headers(), CRLF),
                                maxBytes));
            }
            long rows = 0;
            // Sorted by key so a retry of the same range writes the same bytes; streamed partition by
            // partition so the driver never holds the whole change set.
            Column[] key = r.view().entityKey().stream().map(org.apache.spark.sql.functions::col)
                    .toArray(Column[]::new);
            Iterator<Row> it = changes.rows().orderBy(key).toLocalIterator();
            while (it.hasNext()) {
                Row row = it.next();
                for (Map.Entry<ExportFormat, PartFiles> w : writers.entrySet()) {
                    ExportFormat f = w.getKey();
                    CrmObject o = objects.get(f);
                    w.getValue().write(switch (f) {
                        case SALESFORCE -> CsvText.line(o.texts(row, "#N/A"), CRLF);
                        case HUBSPOT -> CsvText.line(o.texts(row, ""), CRLF);
                        case JSONL -> JsonRows.line(row);
                    });
                }
                rows++;
            }
            List<String> names = new ArrayList<>();
            for (Map.Entry<ExportFormat, PartFiles> w : writers.entrySet()) {
                for (PartFiles.Part p : w.getValue().finish()) {
                    files.add(p);
                    names.add(p.name());
                    CrmObject o = objects.get(w.getKey());
                    fileTargets.put(p, new String[] {w.getKey().target(), o == null ? r.view().name() : o.name(),
                        r.view().name()});
                }
            }
            LOG.info("export table={} versions=({}, {}] rows={} targets={} files={}", r.view().table().name(),
                    r.fromVersion(), r.toVersion(), rows,
                    r.formats().stream().map(ExportFormat::target).toList(), names.size());
            return new ExportResult.ViewExport(r.view().name(), r.formats().stream().map(ExportFormat::target)
                    .toList(), r.fromVersion(), r.toVersion(), rows, names, note);
        } finally {
            for (PartFiles w : writers.values()) {
                w.close();
            }
            changes.close();
        }
    }

    private static void writeManifest(FileSystem fs, Path staging, String batchId, Instant createdAt,
                                      List<Range> ranges, List<ExportResult.ViewExport> views,
                                      Map<PartFiles.Part, String[]> fileTargets) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("batch_id", batchId);
        m.put("created_at", CrmObject.text(createdAt));
        m.put("revlake_version", revlakeVersion());
        ArrayNode watermarks = m.putArray("watermarks");
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            for (ExportFormat f : r.formats()) {
                ObjectNode w = watermarks.addObject();
                w.put("target", f.target());
                w.put("view", r.view().name());
                w.put("table", r.view().table().name());
                w.put("from_version_exclusive", r.fromVersion());
                w.put("to_version_inclusive", r.toVersion());
                w.put("rows", views.get(i).rows());
                if (views.get(i).note() != null) {
                    w.put("note", views.get(i).note());
                }
            }
        }
        ArrayNode list = m.putArray("files");
        for (Map.Entry<PartFiles.Part, String[]> e : fileTargets.entrySet()) {
            ObjectNode f = list.addObject();
            f.put("name", e.getKey().name());
            f.put("target", e.getValue()[0]);
            f.put("object", e.getValue()[1]);
            f.put("view", e.getValue()[2]);
            f.put("rows", e.getKey().rows());
            f.put("bytes", e.getKey().bytes());
            f.put("sha256", e.getKey().sha256());
        }
        try (FSDataOutputStream o = fs.create(new Path(staging, MANIFEST), true)) {
            o.write(JSON.writeValueAsBytes(m));
            o.hsync();
        }
    }

    /** Renames the staging folder into view, replacing a batch of the same id left by a retried run. */
    private static void publish(FileSystem fs, Path staging, Path published) throws IOException {
        if (fs.exists(published)) {
            // Same id, same version ranges: the watermark was not recorded after the last publish.
            fs.delete(published, true);
        }
        if (!fs.rename(staging, published)) {
            throw new IOException("cannot rename " + staging + " to " + published);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path staging) {
        try {
            fs.delete(staging, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove the staging folder {}: {}", staging, e.getMessage());
        }
    }

    static String revlakeVersion() {
        String v = CrmExportJob.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
