package dev.revlake.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes records into numbered part files ({@code <stem>-00001.<ext>}, ...) of at most
 * {@code maxBytes} each, starting a new part before a record that would cross the limit (a record
 * is never split) and repeating the header in every part. Counts rows and bytes and computes each
 * part's SHA-256 while writing, so the manifest needs no second read.
 */
final class PartFiles implements AutoCloseable {

    /** A finished part: its path relative to the batch folder, rows (without header), bytes, SHA-256. */
    record Part(String name, long rows, long bytes, String sha256) {
    }

    private final FileSystem fs;
    private final Path folder;
    private final String relativeFolder;
    private final String stem;
    private final String extension;
    private final byte[] header;
    private final long maxBytes;
    private final List<Part> parts = new ArrayList<>();

    private FSDataOutputStream out;
    private MessageDigest digest;
    private String currentName;
    private long rows;
    private long bytes;

    PartFiles(FileSystem fs, Path batchFolder, String relativeFolder, String stem, String extension, String header,
              long maxBytes) {
        this.fs = fs;
        this.relativeFolder = relativeFolder;
        this.folder = new Path(batchFolder, relativeFolder);
        this.stem = stem;
        this.extension = extension;
        this.header = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        this.maxBytes = maxBytes;
    }

    /** Appends one record (with its line ending). */
    void write(String record) throws IOException {
        byte[] data = record.getBytes(StandardCharsets.UTF_8);
        if (header.length + data.length > maxBytes) {
            throw new IllegalArgumentException("Invalid max file bytes: " + maxBytes + " is smaller than a "
                    + stem + " header and one row (" + (header.length + data.length) + " bytes)");
        }
        if (out != null && bytes + data.length > maxBytes) {
            finishPart();
        }
        if (out == null) {
            startPart();
        }
        put(data);
        rows++;
    }

    /** The finished parts; closes the open one. */
    List<Part> finish() throws IOException {
        if (out != null) {
            finishPart();
        }
        return List.copyOf(parts);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private void startPart() throws IOException {
        currentName = String.format("%s-%05d.%s", stem, parts.size() + 1, extension);
        out = fs.create(new Path(folder, currentName), true);
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        rows = 0;
        bytes = 0;
        put(header);
    }

    private void finishPart() throws IOException {
        // Durable before the batch folder is renamed into view: hsync is fsync on HDFS and local files.
        out.hsync();
        out.close();
        out = null;
        parts.add(new Part(relativeFolder + "/" + currentName, rows, bytes, HexFormat.of().formatHex(digest.digest())));
    }

    private void put(byte[] data) throws IOException {
        ((OutputStream) out).write(data);
        digest.update(data);
        bytes += data.length;
    }
}
