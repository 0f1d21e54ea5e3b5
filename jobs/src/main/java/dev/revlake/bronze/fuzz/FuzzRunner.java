package dev.revlake.bronze.fuzz;

import static org.apache.spark.sql.functions.col;

import dev.revlake.bronze.BronzeIngestJob;
import dev.revlake.bronze.BronzeTables;
import dev.revlake.bronze.fuzz.ExpectedRecord.Outcome;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.ops.OpsTables;
import dev.revlake.raw.RawField;
import dev.revlake.raw.Source;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests a fuzzed landing zone into a fresh lake with the real {@link BronzeIngestJob}, one source at a
 * time, and compares every table against the {@link FuzzManifest}: each expected landed key exactly once
 * with the expected values and lineage, each expected quarantined record in {@code bronze_quarantine}
 * with a reason of the expected class (and no personal value in it), duplicates counted, per-file record
 * counts in {@code ops_ingested_files}, and the job's reconciliation. Anything absent counts as missing,
 * anything wrong or extra as unexpected; problems are described by file, line, field and kind only.
 */
public final class FuzzRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzRunner.class);
    /** Problems kept for the report; the counts cover all of them. */
    private static final int MAX_PROBLEMS = 50;

    private FuzzRunner() {
    }

    /**
     * Runs the ingest and checks every source; never throws for an ingest failure (it is reported).
     *
     * @param separateRuns one ingest run per source, so the report has each source's seconds; otherwise
     *                     one run for all sources, as the nightly does (faster; seconds only in the total)
     */
    public static FuzzReport run(SparkSession spark, FuzzManifest manifest, Lake lake, boolean separateRuns) {
        LocalDate day = manifest.deliveryDate();
        Map<Source, BronzeIngestJob.SourceResult> results = new EnumMap<>(Source.class);
        Map<Source, Double> seconds = new EnumMap<>(Source.class);
        Map<Source, String> failures = new EnumMap<>(Source.class);
        List<List<Source>> batches = separateRuns ? Arrays.stream(Source.values()).map(List::of).toList()
                : List.of(List.of(Source.values()));
        double wall = 0;
        for (List<Source> batch : batches) {
            long started = System.nanoTime();
            try {
                BronzeIngestJob.run(spark, new BronzeIngestJob.Config(lake, manifest.rawRoot().toString(), day, day, 0,
                        batch, "fuzz-" + (separateRuns ? batch.get(0).id() : "all")))
                        .forEach(r -> results.put(r.source(), r));
            } catch (RuntimeException e) {
                batch.forEach(s -> failures.put(s, e.getClass().getSimpleName()));
            }
            double took = (System.nanoTime() - started) / 1e9;
            wall += took;
            batch.forEach(s -> seconds.put(s, separateRuns ? took : Double.NaN));
        }
        List<String> problems = new ArrayList<>();
        Tables tables = failures.size() == Source.values().length ? null : Tables.read(spark, lake);
        List<FuzzReport.SourceRow> rows = new ArrayList<>();
        for (Source source : Source.values()) {
            List<ExpectedRecord> expected = manifest.records(source);
            BronzeIngestJob.SourceResult result = results.get(source);
            if (result == null) {
                note(problems, source.id() + ": ingest threw " + failures.get(source));
                rows.add(new FuzzReport.SourceRow(source, expected.size(), 0, 0, 0, expected.size(), 1,
                        seconds.get(source)));
                continue;
            }
            rows.add(check(spark, lake, manifest, source, result, tables, seconds.get(source), problems));
        }
        return new FuzzReport(rows, problems, manifest.kindCounts(), wall);
    }

    /** Quarantine and file register, read once for all sources. */
    private record Tables(Map<String, List<Row>> quarantine, Map<String, List<Row>> files) {
        static Tables read(SparkSession spark, Lake lake) {
            Map<String, List<Row>> quarantine = DeltaTables.read(spark, lake, BronzeTables.QUARANTINE)
                    .select("source", BronzeTables.SOURCE_FILE, BronzeTables.SOURCE_LINE, "reason").collectAsList()
                    .stream().collect(Collectors.groupingBy(r -> r.getString(0)));
            Map<String, List<Row>> files = DeltaTables.read(spark, lake, OpsTables.INGESTED_FILES)
                    .select("source", "source_file", "records_read").collectAsList()
                    .stream().collect(Collectors.groupingBy(r -> r.getString(0)));
            return new Tables(quarantine, files);
        }
    }

    private static FuzzReport.SourceRow check(SparkSession spark, Lake lake, FuzzManifest manifest, Source source,
                                              BronzeIngestJob.SourceResult result, Tables tables, double seconds,
                                              List<String> problems) {
        List<ExpectedRecord> expected = manifest.records(source);
        Counter c = new Counter();
        checkLanded(spark, lake, source, expected, c, problems);
        checkQuarantined(source, expected, tables.quarantine().getOrDefault(source.id(), List.of()), c, problems);
        long dups = expected.stream().filter(r -> r.outcome() == Outcome.DUPLICATE).count();
        if (result.duplicatesDropped() != dups) {
            if (result.duplicatesDropped() < dups) {
                c.missing += dups - result.duplicatesDropped();
            } else {
                c.unexpected += result.duplicatesDropped() - dups;
            }
            note(problems, source.id() + ": " + dups + " duplicates expected, " + result.duplicatesDropped()
                    + " counted");
        }
        if (!result.reconciles()) {
            c.unexpected++;
            note(problems, source.id() + ": read != written + quarantined + duplicates");
        }
        checkFiles(source, manifest.files(source), tables.files().getOrDefault(source.id(), List.of()), c, problems);
        LOG.info("fuzz source={} tried={} landed={} quarantined={} duplicates={} missing={} unexpected={}",
                source.id(), expected.size(), result.rowsWritten(), result.rowsQuarantined(),
                result.duplicatesDropped(), c.missing, c.unexpected);
        return new FuzzReport.SourceRow(source, expected.size(), result.rowsWritten(), result.rowsQuarantined(),
                result.duplicatesDropped(), c.missing, c.unexpected, seconds);
    }

    private static final class Counter {
        long missing;
        long unexpected;
    }

    private static void checkLanded(SparkSession spark, Lake lake, Source source, List<ExpectedRecord> expected,
                                    Counter c, List<String> problems) {
        Map<String, ExpectedRecord> byKey = new HashMap<>();
        expected.stream().filter(r -> r.outcome() == Outcome.LANDED).forEach(r -> byKey.put(r.key(), r));
        List<String> fields = source.fields().stream().map(RawField::name).toList();
        List<String> cols = new ArrayList<>(fields);
        cols.add(BronzeTables.EXTRA_FIELDS);
        cols.add(BronzeTables.SOURCE_FILE);
        cols.add(BronzeTables.SOURCE_LINE);
        List<Row> table = DeltaTables.read(spark, lake, BronzeTables.forSource(source))
                .select(cols.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
                .collectAsList();
        Set<String> seen = new HashSet<>();
        int n = fields.size();
        for (Row row : table) {
            String key = source.keyFields().stream().map(k -> String.valueOf(normalize(row.get(fields.indexOf(k)))))
                    .collect(Collectors.joining("|"));
            String where = row.getString(n + 1) + ":" + row.getLong(n + 2);
            ExpectedRecord e = byKey.get(key);
            if (e == null || !seen.add(key)) {
                c.unexpected++;
                note(problems, source.id() + ": unexpected bronze row from " + where);
                continue;
            }
            if (!e.where().equals(where)) {
                c.unexpected++;
                note(problems, source.id() + ": " + e.kind() + " at " + e.where() + " landed with lineage " + where);
            }
            for (int i = 0; i < n; i++) {
                if (!same(e.values()[i], normalize(row.get(i)))) {
                    c.unexpected++;
                    note(problems, source.id() + ": " + e.kind() + " at " + e.where() + " landed with a different "
                            + fields.get(i));
                }
            }
            if (e.hasExtra() != !row.isNullAt(n)) {
                c.unexpected++;
                note(problems, source.id() + ": " + e.kind() + " at " + e.where() + (e.hasExtra()
                        ? " lost its extra fields" : " has unexpected extra fields"));
            }
        }
        for (ExpectedRecord e : byKey.values()) {
            if (!seen.contains(e.key())) {
                c.missing++;
                note(problems, source.id() + ": " + e.kind() + " at " + e.where() + " did not land");
            }
        }
    }

    private static void checkQuarantined(Source source, List<ExpectedRecord> expected, List<Row> quarantined,
                                         Counter c, List<String> problems) {
        Map<String, ExpectedRecord> byPlace = new HashMap<>();
        expected.stream().filter(r -> r.outcome() == Outcome.QUARANTINED).forEach(r -> byPlace.put(r.where(), r));
        List<Row> rows = quarantined.stream().map(r -> RowFactory.create(r.get(1), r.get(2), r.get(3))).toList();
        Set<String> seen = new HashSet<>();
        for (Row row : rows) {
            String where = row.getString(0) + ":" + row.getLong(1);
            String reason = row.getString(2);
            ExpectedRecord e = byPlace.get(where);
            if (e == null || !seen.add(where)) {
                c.unexpected++;
                note(problems, source.id() + ": unexpected quarantine row at " + where + " (" + reasonClassOf(reason)
                        + ")");
                continue;
            }
            if (reason == null || reason.isBlank() || !e.reasonClass().matches(reason)) {
                c.unexpected++;
                note(problems, source.id() + ": " + e.kind() + " at " + where + " quarantined as "
                        + reasonClassOf(reason) + ", expected " + e.reasonClass());
            } else if (e.secrets().stream().anyMatch(s -> s.length() >= 4 && reason.contains(s))) {
                c.unexpected++;
                note(problems, source.id() + ": " + e.kind() + " at " + where + ": reason quotes a personal value");
            }
        }
        for (ExpectedRecord e : byPlace.values()) {
            if (!seen.contains(e.where())) {
                c.missing++;
                note(problems, source.id() + ": " + e.kind() + " at " + e.where() + " was not quarantined");
            }
        }
    }

    private static void checkFiles(Source source, List<FuzzManifest.FileEntry> files, List<Row> ingested, Counter c,
                                   List<String> problems) {
        Map<String, Long> registered = new HashMap<>();
        ingested.forEach(r -> registered.put(r.getString(1), r.getLong(2)));
        for (FuzzManifest.FileEntry f : files) {
            Long got = registered.remove(f.file());
            if (got == null) {
                c.missing++;
                note(problems, source.id() + ": file " + f.file() + " not registered as ingested");
            } else if (got != f.records()) {
                c.unexpected++;
                note(problems, source.id() + ": file " + f.file() + " counted " + got + " records, expected "
                        + f.records());
            }
        }
        for (String extra : registered.keySet()) {
            c.unexpected++;
            note(problems, source.id() + ": unexpected file registered: " + extra);
        }
    }

    /** The class of a reason for a message (the reason itself may quote values). */
    private static String reasonClassOf(String reason) {
        for (ReasonClass rc : ReasonClass.values()) {
            if (rc.matches(reason)) {
                return rc.name();
            }
        }
        return reason == null || reason.isBlank() ? "no reason" : "an unclassified reason";
    }

    private static Object normalize(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return v;
    }

    private static boolean same(Object expected, Object actual) {
        if (expected instanceof BigDecimal a && actual instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        if (expected instanceof Instant a && actual instanceof Instant b) {
            return a.equals(b);
        }
        return Objects.equals(expected, actual);
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }
}
