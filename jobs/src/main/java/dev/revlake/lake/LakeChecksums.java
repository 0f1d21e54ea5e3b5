package dev.revlake.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.delta.tables.DeltaTable;

/**
 * Content checksums of a whole lake and of its published CRM export batches, to tell whether two
 * lakes hold the same data (a run killed and resumed against one never interrupted; one run against
 * three runs of the same date). Per Delta table: the row count, an order-independent checksum of the
 * content columns (two sums of per-row hashes, so the row order and the file layout do not matter)
 * and the number of key values held by more than one row. Per export file kind: the same over its
 * data lines across every published batch.
 *
 * <p>Only content is compared: the columns in {@link #PROCESSING_COLUMNS} record when or by which run
 * a row was written, and differ between any two runs by design.
 */
public final class LakeChecksums {

    private static final Logger LOG = LoggerFactory.getLogger(LakeChecksums.class);

    /**
     * Columns that record processing, not content, with why each is left out. Keep this list small:
     * every column named here is one a crash could corrupt unseen.
     */
    public static final Map<String, String> PROCESSING_COLUMNS = Map.of(
            "_ingested_at", "bronze: wall-clock time of the ingest that inserted the row",
            "_run_id", "bronze: random id of the ingest run that inserted the row",
            "run_id", "random id of the job run that wrote the row (silver, gold, scores, ops)",
            "ingested_at", "ops_ingested_files: wall-clock time of the ingest",
            "scored_at", "lead and opportunity scores: wall-clock time of scoring",
            "alerted_at", "handoff alerts: wall-clock time the alert was raised",
            "forecast_at", "pipeline forecast: wall-clock time of the forecast run",
            "evaluated_at", "forecast accuracy: wall-clock time of the evaluation");

    /** Tables not compared at all, with why. */
    public static final Map<String, String> EXCLUDED_TABLES = Map.of(
            "ops_task_runs", "the runner's log of task tries: a killed run adds a try by design",
            "ops_job_runs", "one row per job run: a retried job adds a run by design",
            "ops_quality_checks", "one row per check per check run, with its time: a retried gate adds a check run"
                    + " by design (the gate's outcome shows in whether the later tasks ran)");

    /**
     * Tables compared on some columns only, with why: the export watermarks carry Delta versions
     * and batch ids made of them, and a retried commit legitimately moves a table's version on; what
     * the batch carries (target, view, rows) is compared.
     */
    public static final Map<String, List<String>> CONTENT_COLUMNS_ONLY = Map.of(
            "ops_export_batches", List.of("target", "view_name", "table_name", "rows", "status"));

    /**
     * Export columns that hold the processing columns above (times and run ids), in CSV headers
     * ({@code RevLake_Scored_At__c}) and JSON Lines keys ({@code run_id}).
     */
    private static final Pattern EXPORT_PROCESSING = Pattern.compile("(?i).*(scored_at|forecast_at|run_id).*");

    private static final Pattern KEY_IN_COMMENT = Pattern.compile("; key \\(([^)]*)\\)$");
    private static final Pattern PART_SUFFIX = Pattern.compile("-\\d{5}(\\.[a-z]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LakeChecksums() {
    }

    /**
     * One table's or export file kind's checksum.
     *
     * @param name          table name, or export kind such as {@code salesforce/Lead.csv}
     * @param rows          rows (data lines)
     * @param checksum      order-independent content checksum
     * @param duplicateKeys key values held by more than one row; -1 when the table declares no key
     */
    public record Checksum(String name, long rows, String checksum, long duplicateKeys) {
        public Checksum {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(checksum, "checksum");
        }
    }

    /** Every Delta table under the lake's layer folders, by name, in name order. */
    public static Map<String, Checksum> tables(SparkSession spark, String lakeRoot) {
        Map<String, Checksum> result = new TreeMap<>();
        for (Layer layer : Layer.values()) {
            Path folder = Path.of(lakeRoot, layer.folder());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            for (Path table : list(folder)) {
                String name = table.getFileName().toString();
                if (Files.isDirectory(table.resolve("_delta_log")) && !EXCLUDED_TABLES.containsKey(name)) {
                    result.put(name, table(spark, table.toString(), name));
                }
            }
        }
        return result;
    }

    /** The checksum of one Delta table at its path. */
    public static Checksum table(SparkSession spark, String path, String name) {
        Dataset<Row> rows = spark.read().format("delta").load(path);
        List<String> content = CONTENT_COLUMNS_ONLY.getOrDefault(name,
                Arrays.stream(rows.columns()).filter(c -> !PROCESSING_COLUMNS.containsKey(c)).toList());
        Column json = to_json(struct(content.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new)));
        // Two independent hash sums (64 and 32 bit) as decimals, which cannot overflow.
        Row agg = rows.select(json.as("j")).agg(count(lit(1)),
                sum(xxhash64(col("j")).cast(DataTypes.createDecimalType(38, 0))),
                sum(hash(col("j")).cast(DataTypes.createDecimalType(38, 0)))).first();
        long n = agg.getLong(0);
        String checksum = n == 0 ? "empty" : agg.get(1) + "/" + agg.get(2);
        List<String> key = key(spark, path);
        long duplicates = key.isEmpty() ? -1 : rows.groupBy(key.stream().map(c -> col("`" + c + "`"))
                .toArray(Column[]::new)).count().where(col("count").gt(1)).count();
        LOG.info("table={} rows={} duplicate_keys={}", name, n, duplicates);
        return new Checksum(name, n, checksum, duplicates);
    }

    /** A table's key, as {@link TableContract#comment()} records it in the table's description. */
    private static List<String> key(SparkSession spark, String path) {
        Object description = DeltaTable.forPath(spark, path).detail().select("description").first().get(0);
        if (description == null) {
            return List.of();
        }
        Matcher m = KEY_IN_COMMENT.matcher(description.toString());
        return m.find() && !m.group(1).isBlank() ? Arrays.stream(m.group(1).split(",")).map(String::strip).toList()
                : List.of();
    }

    /**
     * Every published batch under an export folder ({@code _staging} is never read by anyone and is
     * skipped), as one checksum per file kind ({@code salesforce/Lead.csv}): the data lines of all
     * batches together, without the processing-time columns. Manifests are skipped: they hold batch
     * ids and times. {@code duplicateKeys} counts identical data lines sent more than once.
     */
    public static Map<String, Checksum> exports(Path out) {
        Map<String, List<String>> lines = new TreeMap<>();
        if (Files.isDirectory(out)) {
            for (Path batch : list(out)) {
                if (!Files.isDirectory(batch) || batch.getFileName().toString().startsWith("_")) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(batch)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String rel = batch.relativize(file).toString();
                        if (rel.equals("manifest.json")) {
                            continue;
                        }
                        String kind = PART_SUFFIX.matcher(rel).replaceFirst("$1");
                        lines.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(dataLines(file));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the export batch " + batch + ": " + e.getMessage(), e);
                }
            }
        }
        Map<String, Checksum> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : lines.entrySet()) {
            result.put(e.getKey(), ofLines(e.getKey(), e.getValue()));
        }
        return result;
    }

    static Checksum ofLines(String name, List<String> lines) {
        long a = 0;
        long b = 0;
        Map<String, Integer> seen = new TreeMap<>();
        for (String line : lines) {
            byte[] d = sha256(line);
            // Sums (mod 2^64) of two halves of each line's SHA-256: independent of the line order.
            a += java.nio.ByteBuffer.wrap(d, 0, 8).getLong();
            b += java.nio.ByteBuffer.wrap(d, 8, 8).getLong();
            seen.merge(line, 1, Integer::sum);
        }
        long duplicates = seen.values().stream().filter(c -> c > 1).count();
        return new Checksum(name, lines.size(), lines.isEmpty() ? "empty" : Long.toHexString(a) + Long.toHexString(b),
                duplicates);
    }

    /** A file's data lines in canonical form: CSV without header and processing columns; JSON without them. */
    static List<String> dataLines(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<String> result = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (name.endsWith(".csv")) {
                Iterator<String> records = csvRecords(in).iterator();
                if (!records.hasNext()) {
                    return result;
                }
                List<String> header = splitCsv(records.next());
                boolean[] keep = new boolean[header.size()];
                for (int i = 0; i < keep.length; i++) {
                    keep[i] = !EXPORT_PROCESSING.matcher(header.get(i)).matches();
                }
                while (records.hasNext()) {
                    List<String> fields = splitCsv(records.next());
                    StringBuilder s = new StringBuilder();
                    for (int i = 0; i < fields.size(); i++) {
                        if (i >= keep.length || keep[i]) {
                            s.append(fields.get(i)).append('\u001f');
                        }
                    }
                    result.add(s.toString());
                }
            } else if (name.endsWith(".jsonl")) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = JSON.readTree(line);
                    if (node instanceof ObjectNode o) {
                        List<String> drop = new ArrayList<>();
                        o.fieldNames().forEachRemaining(f -> {
                            if (EXPORT_PROCESSING.matcher(f).matches()) {
                                drop.add(f);
                            }
                        });
                        o.remove(drop);
                    }
                    result.add(node.toString());
                }
            } else {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    result.add(line);
                }
            }
        }
        return result;
    }

    /** CSV records: lines joined while a quoted field spans a line break. */
    private static List<String> csvRecords(BufferedReader in) throws IOException {
        List<String> records = new ArrayList<>();
        StringBuilder pending = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            pending = pending == null ? new StringBuilder(line) : pending.append('\n').append(line);
            if (pending.chars().filter(c -> c == '"').count() % 2 == 0) {
                records.add(pending.toString());
                pending = null;
            }
        }
        if (pending != null) {
            records.add(pending.toString());
        }
        return records;
    }

    /** Splits one CSV record at commas outside quotes, keeping each field's text as written. */
    static List<String> splitCsv(String record) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                field.append(c);
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /**
     * The differences between two sets of checksums, one line each (empty when equal), plus every
     * table or export kind of {@code actual} with duplicate keys.
     */
    public static List<String> differences(Map<String, Checksum> expected, Map<String, Checksum> actual) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, Checksum> e : expected.entrySet()) {
            Checksum a = actual.get(e.getKey());
            Checksum x = e.getValue();
            if (a == null) {
                diffs.add(e.getKey() + ": missing");
            } else if (a.rows() != x.rows() || !a.checksum().equals(x.checksum())) {
                diffs.add(String.format("%s: %d rows (checksum %s), expected %d rows (checksum %s)", e.getKey(),
                        a.rows(), a.checksum(), x.rows(), x.checksum()));
            }
        }
        for (Map.Entry<String, Checksum> e : actual.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                diffs.add(e.getKey() + ": not expected (" + e.getValue().rows() + " rows)");
            }
            Checksum x = expected.get(e.getKey());
            long allowed = x == null ? 0 : Math.max(0, x.duplicateKeys());
            if (e.getValue().duplicateKeys() > allowed) {
                diffs.add(String.format("%s: %d duplicated key values (expected %d)", e.getKey(),
                        e.getValue().duplicateKeys(), allowed));
            }
        }
        return diffs;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
