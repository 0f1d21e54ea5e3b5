package dev.revlake.bronze.fuzz;

import dev.revlake.raw.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the fuzzer wrote: one expectation per record, and every file with the number of records bronze
 * must count for it (a file of the wrong type counts as one).
 *
 * @param rawRoot      the landing zone written
 * @param deliveryDate the {@code dt=} folder every file sits in
 * @param records      expectations, in file order
 * @param files        every file written
 */
public record FuzzManifest(Path rawRoot, LocalDate deliveryDate, List<ExpectedRecord> records, List<FileEntry> files) {

    /**
     * One written file.
     *
     * @param source  its source
     * @param file    path relative to the raw root
     * @param kind    the file-level kind (e.g. {@link FuzzKind#EMPTY_FILE}), or {@link FuzzKind#GOOD} for a mixed file
     * @param records how many records bronze must count for it
     */
    public record FileEntry(Source source, String file, FuzzKind kind, long records) {
    }

    public FuzzManifest {
        records = List.copyOf(records);
        files = List.copyOf(files);
    }

    /** How often each kind was generated, file kinds included (every kind the sources allow must be &gt; 0). */
    public Map<FuzzKind, Long> kindCounts() {
        Map<FuzzKind, Long> counts = new EnumMap<>(FuzzKind.class);
        records.forEach(r -> counts.merge(r.kind(), 1L, Long::sum));
        files.stream().filter(f -> f.kind() != FuzzKind.GOOD).forEach(f -> counts.merge(f.kind(), 1L, Long::sum));
        return counts;
    }

    /** Expectations of one source. */
    public List<ExpectedRecord> records(Source source) {
        return records.stream().filter(r -> r.source() == source).toList();
    }

    /** Files of one source. */
    public List<FileEntry> files(Source source) {
        return files.stream().filter(f -> f.source() == source).toList();
    }

    /**
     * Writes {@code manifest.tsv} (source, file, line, key, outcome, reason class, kind; keys are the
     * fuzzer's synthetic ids, never personal data) and {@code files.tsv}.
     */
    public void write(Path dir) {
        List<String> lines = new ArrayList<>();
        lines.add("source\tfile\tline\tkey\toutcome\treason_class\tkind");
        for (ExpectedRecord r : records) {
            lines.add(r.source().id() + "\t" + r.file() + "\t" + r.line() + "\t" + (r.key() == null ? "" : r.key())
                    + "\t" + r.outcome().name().toLowerCase() + "\t" + (r.reasonClass() == null ? "" : r.reasonClass())
                    + "\t" + r.kind());
        }
        List<String> fileLines = new ArrayList<>();
        fileLines.add("source\tfile\tkind\trecords");
        files.forEach(f -> fileLines.add(f.source().id() + "\t" + f.file() + "\t" + f.kind() + "\t" + f.records()));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("manifest.tsv"), lines, StandardCharsets.UTF_8);
            Files.write(dir.resolve("files.tsv"), fileLines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the fuzz manifest to " + dir + ": " + e.getMessage(), e);
        }
    }
}
