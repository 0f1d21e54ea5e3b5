package dev.revlake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

import dev.revlake.bronze.fuzz.BronzeFuzzer;
import dev.revlake.bronze.fuzz.FuzzKind;
import dev.revlake.bronze.fuzz.FuzzManifest;
import dev.revlake.bronze.fuzz.FuzzReport;
import dev.revlake.bronze.fuzz.FuzzRunner;
import dev.revlake.lake.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revlake fuzz}: writes malformed and good raw records for every source, ingests them into a fresh
 * lake with the real bronze job and checks every record's outcome against the fuzzer's manifest. Exits 1
 * when anything is missing or unexpected.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Bronze fuzzer: write good and malformed raw records of every source, ingest them into a"
                + " fresh lake and check that every good record landed and every bad one was quarantined with the"
                + " expected reason. Exit 1 when anything is missing or unexpected.")
final class FuzzCommand implements Callable<Integer> {

    @Option(names = "--records", paramLabel = "N", defaultValue = "5000",
            description = "Records to write across the 8 sources, at least " + BronzeFuzzer.MIN_RECORDS
                    + " (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Keep raw files, lake and manifest (manifest.tsv, files.tsv) in DIR, which must be empty or"
                    + " absent (default: a temporary folder, deleted afterwards).")
    Path keep;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", defaultValue = "2026-11-20",
            description = "Delivery date (dt= folder) of the fuzzed files (default: ${DEFAULT-VALUE}).")
    LocalDate date;

    @Option(names = "--one-run",
            description = "Ingest all sources in one run, as the nightly does (faster; no per-source seconds).")
    boolean oneRun;

    @Override
    public Integer call() throws IOException {
        new BronzeFuzzer.Config(Path.of("."), records, seed, date); // usage errors before anything is written
        if (keep != null && Files.exists(keep) && (!Files.isDirectory(keep) || !isEmpty(keep))) {
            throw new IllegalArgumentException("Invalid --keep: " + keep + " is not an empty folder");
        }
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("revlake-fuzz");
        BronzeFuzzer.Config config = new BronzeFuzzer.Config(dir.resolve("raw"), records, seed, date);
        try {
            long t0 = System.nanoTime();
            FuzzManifest manifest = new BronzeFuzzer(config).write();
            manifest.write(dir);
            System.out.printf("fuzz  wrote %,d records in %,d files (seed %d) in %.1f s%n", manifest.records().size(),
                    manifest.files().size(), seed, (System.nanoTime() - t0) / 1e9);
            StringBuilder kinds = new StringBuilder("  kinds:");
            for (Map.Entry<FuzzKind, Long> e : new java.util.TreeMap<>(manifest.kindCounts()).entrySet()) {
                kinds.append(String.format(" %s %,d;", e.getKey().name().toLowerCase(java.util.Locale.ROOT),
                        e.getValue()));
            }
            System.out.println(kinds);
            SparkSession spark = Spark.session("fuzz");
            FuzzReport report = FuzzRunner.run(spark, manifest, new Lake(dir.resolve("lake").toString()), !oneRun);
            System.out.print(report.table());
            report.problems().forEach(p -> System.out.println("  problem: " + p));
            System.out.println(report.ok() ? "fuzz  OK: nothing missing, nothing unexpected"
                    : String.format("fuzz  FAILED: %,d missing, %,d unexpected", report.missing(), report.unexpected()));
            if (keep != null) {
                System.out.println("  kept in " + dir.toAbsolutePath().normalize());
            }
            return report.ok() ? 0 : 1;
        } finally {
            if (keep == null) {
                delete(dir);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("fuzz: could not delete " + dir + " (" + e.getMessage() + ")");
        }
    }
}
