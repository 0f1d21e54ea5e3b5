package dev.revlake.privacy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites the files outside the Delta tables that name the person: published CRM export batches,
 * raw landing files and the model registry's reports. Each file is written anew beside the old one
 * and then renamed over it; an export batch is rebuilt whole in the staging folder and swapped in,
 * so a consumer sees the old batch or the new one, never a mix. Logs name files, never contents.
 */
final class FileErasure {

    private static final Logger LOG = LoggerFactory.getLogger(FileErasure.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Configuration conf;
    private final Subject subject;
    private final Subject.TextMatcher text;
    private final boolean dryRun;

    FileErasure(Configuration conf, Subject subject, boolean dryRun) {
        this.conf = conf;
        this.subject = subject;
        this.text = subject.textMatcher();
        this.dryRun = dryRun;
    }

    /** What filtering one file gave: the new bytes and the records dropped. */
    record Filtered(byte[] bytes, int recordsDropped, int fieldsBlanked, int recordsKept) {
        boolean changed() {
            return recordsDropped > 0 || fieldsBlanked > 0;
        }
    }

    /**
     * Rewrites every published export batch under {@code root} whose files name the person: the
     * rows go, the manifest's counts and checksums follow. Returns the files rewritten.
     */
    int rewriteExports(String root) throws IOException {
        Path out = new Path(root);
        try (FileSystem fs = newFileSystem(out)) {
            if (!fs.exists(out)) {
                return 0;
            }
            int rewritten = 0;
            for (FileStatus batch : fs.listStatus(out)) {
                Path manifestPath = new Path(batch.getPath(), "manifest.json");
                if (!batch.isDirectory() || batch.getPath().getName().startsWith("_") || !fs.exists(manifestPath)) {
                    continue;
                }
                rewritten += rewriteBatch(fs, out, batch.getPath(), manifestPath);
            }
            return rewritten;
        }
    }

    private int rewriteBatch(FileSystem fs, Path out, Path batch, Path manifestPath) throws IOException {
        ObjectNode manifest = (ObjectNode) JSON.readTree(read(fs, manifestPath));
        Map<String, Filtered> changed = new TreeMap<>();
        for (JsonNode f : manifest.path("files")) {
            String name = f.path("name").asText();
            byte[] bytes = read(fs, new Path(batch, name));
            Filtered filtered = name.endsWith(".csv") ? filterCsv(bytes, false) : filterLines(bytes);
            if (filtered.changed()) {
                changed.put(name, filtered);
            }
        }
        if (changed.isEmpty() || dryRun) {
            return changed.size();
        }
        Path staging = new Path(out, "_staging/" + batch.getName() + "-erasure");
        fs.delete(staging, true);
        for (JsonNode f : manifest.path("files")) {
            String name = f.path("name").asText();
            Filtered filtered = changed.get(name);
            byte[] bytes = filtered == null ? read(fs, new Path(batch, name)) : filtered.bytes();
            write(fs, new Path(staging, name), bytes);
            if (filtered != null) {
                ObjectNode entry = (ObjectNode) f;
                entry.put("rows", entry.path("rows").asLong() - filtered.recordsDropped());
                entry.put("bytes", bytes.length);
                entry.put("sha256", sha256(bytes));
                for (JsonNode w : manifest.path("watermarks")) {
                    if (w.path("target").asText().equals(f.path("target").asText())
                            && w.path("view").asText().equals(f.path("view").asText())) {
                        ((ObjectNode) w).put("rows", w.path("rows").asLong() - filtered.recordsDropped());
                    }
                }
            }
        }
        ArrayNode notes = manifest.has("erasures") ? (ArrayNode) manifest.get("erasures") : manifest.putArray("erasures");
        notes.addObject().put("rewritten_at", Instant.now().toString())
                .put("rows_removed", changed.values().stream().mapToInt(Filtered::recordsDropped).sum());
        // Manifest last, as the export writes it: a staging folder without it is unfinished.
        write(fs, new Path(staging, "manifest.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        Path old = new Path(out, "_staging/" + batch.getName() + "-erased-old");
        fs.delete(old, true);
        if (!fs.rename(batch, old) || !fs.rename(staging, batch)) {
            throw new IOException("Cannot swap the rewritten export batch " + batch);
        }
        fs.delete(old, true);
        LOG.info("job={} export_batch={} files_rewritten={}", EraseJob.JOB, batch.getName(), changed.size());
        return changed.size();
    }

    /** Rewrites the landing files ({@code <source>/dt=*}/{@code *.jsonl|*.csv}) that name the person. */
    int rewriteRaw(String root) throws IOException {
        Path raw = new Path(root);
        try (FileSystem fs = newFileSystem(raw)) {
            if (!fs.exists(raw)) {
                throw new IOException("Raw folder not found: " + root);
            }
            int rewritten = 0;
            var files = fs.listFiles(raw, true);
            while (files.hasNext()) {
                Path p = files.next().getPath();
                String name = p.getName();
                if (name.startsWith(".") || !(name.endsWith(".jsonl") || name.endsWith(".csv"))) {
                    continue;
                }
                byte[] bytes = read(fs, p);
                Filtered f = name.endsWith(".csv") ? filterCsv(bytes, true) : filterLines(bytes);
                if (f.changed()) {
                    rewritten++;
                    if (!dryRun) {
                        replace(fs, p, f.bytes());
                    }
                }
            }
            LOG.info("job={} raw_files_rewritten={} dry_run={}", EraseJob.JOB, rewritten, dryRun);
            return rewritten;
        }
    }

    /**
     * Removes the person from the model registry's JSON files (the example explanations in
     * {@code report.json} carry entity ids), then checks that no registry file names them any more.
     */
    int rewriteModels(String root) throws IOException {
        Path models = new Path(root);
        try (FileSystem fs = newFileSystem(models)) {
            if (!fs.exists(models)) {
                return 0;
            }
            int rewritten = 0;
            List<Path> all = new ArrayList<>();
            var files = fs.listFiles(models, true);
            while (files.hasNext()) {
                all.add(files.next().getPath());
            }
            for (Path p : all) {
                if (!p.getName().endsWith(".json")) {
                    continue;
                }
                byte[] bytes = read(fs, p);
                if (!text.mentions(new String(bytes, StandardCharsets.UTF_8))) {
                    continue;
                }
                JsonNode tree = JSON.readTree(bytes);
                prune(tree);
                rewritten++;
                if (!dryRun) {
                    replace(fs, p, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
                }
            }
            if (!dryRun) {
                for (Path p : all) {
                    // ISO-8859-1 keeps every byte: ids and addresses in binary model files are found too.
                    if (fs.exists(p) && text.mentions(new String(read(fs, p), StandardCharsets.ISO_8859_1))) {
                        throw new IllegalStateException("The model registry file " + p + " still names the person"
                                + " after the erasure: remove it by hand (or retrain) and run the erasure again");
                    }
                }
            }
            LOG.info("job={} model_files_rewritten={} dry_run={}", EraseJob.JOB, rewritten, dryRun);
            return rewritten;
        }
    }

    /** Drops every array element that names the person, at any depth. */
    private void prune(JsonNode node) {
        if (node.isArray()) {
            Iterator<JsonNode> it = node.elements();
            while (it.hasNext()) {
                JsonNode e = it.next();
                if (text.mentions(e.toString())) {
                    it.remove();
                }
            }
        }
        for (JsonNode child : node) {
            prune(child);
        }
    }

    /** JSON Lines (or any line-based text): lines naming the person go. */
    Filtered filterLines(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder kept = new StringBuilder(s.length());
        int dropped = 0;
        int keptRows = 0;
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            int end = nl < 0 ? s.length() : nl + 1;
            String line = s.substring(start, end);
            if (text.mentions(line)) {
                dropped++;
            } else {
                kept.append(line);
                keptRows += line.isBlank() ? 0 : 1;
            }
            start = end;
        }
        return new Filtered(kept.toString().getBytes(StandardCharsets.UTF_8), dropped, 0, keptRows);
    }

    /**
     * RFC 4180 CSV with a header: records naming the person go. With {@code unlinkOpportunities}
     * (raw CRM files), a record with an {@code opportunity_id} column and no activity id keeps the
     * deal and only loses the person's contact id, as the opportunity tables do.
     */
    Filtered filterCsv(byte[] bytes, boolean unlinkOpportunities) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        List<String> records = records(s);
        if (records.isEmpty()) {
            return new Filtered(bytes, 0, 0, 0);
        }
        List<String> header = fields(strip(records.get(0)));
        boolean opportunity = unlinkOpportunities && header.contains("opportunity_id")
                && !header.contains("activity_id");
        StringBuilder kept = new StringBuilder(s.length()).append(records.get(0));
        int dropped = 0;
        int blanked = 0;
        int keptRows = 0;
        for (String record : records.subList(1, records.size())) {
            String body = strip(record);
            String ending = record.substring(body.length());
            if (opportunity) {
                List<String> f = fields(body);
                boolean any = false;
                for (int i = 0; i < f.size(); i++) {
                    if (subject.isContactId(f.get(i))) {
                        f.set(i, "");
                        any = true;
                    }
                }
                if (any) {
                    blanked++;
                    body = String.join(",", f.stream().map(FileErasure::quote).toList());
                }
            }
            if (text.mentions(body)) {
                dropped++;
            } else {
                kept.append(body).append(ending);
                keptRows++;
            }
        }
        return new Filtered(kept.toString().getBytes(StandardCharsets.UTF_8), dropped, blanked, keptRows);
    }

    /** Records with their line endings; a quoted field may hold line breaks. */
    static List<String> records(String s) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                out.add(s.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }

    private static String strip(String record) {
        int e = record.length();
        while (e > 0 && (record.charAt(e - 1) == '\n' || record.charAt(e - 1) == '\r')) {
            e--;
        }
        return record.substring(0, e);
    }

    /** The unquoted fields of one record. */
    static List<String> fields(String record) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    private static String quote(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private FileSystem newFileSystem(Path p) throws IOException {
        // A private instance: checksum side files are switched off for it only.
        FileSystem fs = FileSystem.newInstance(p.toUri(), conf);
        fs.setWriteChecksum(false);
        return fs;
    }

    private static byte[] read(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        }
    }

    private static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(p, true)) {
            out.write(bytes);
        }
    }

    /** Writes beside the file, then renames over it (on a local disk the rename replaces it whole). */
    private static void replace(FileSystem fs, Path target, byte[] bytes) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".erase-tmp");
        write(fs, tmp, bytes);
        if (!fs.rename(tmp, target)) {
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("Cannot rename " + tmp + " to " + target);
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
