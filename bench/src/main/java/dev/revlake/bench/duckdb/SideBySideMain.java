package dev.revlake.bench.duckdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.simulate.Simulator;
import dev.revlake.simulate.SimulatorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The DuckDB side by side on its own ({@code revlake bench} runs it after its gold stage): simulates
 * a company into a fresh folder, builds bronze and silver, then prints {@link LeadFeaturesComparison}'s
 * figures for every snapshot date after the first {@code --history-days}; or compares on an existing
 * lake with {@code --lake}.
 */
@Command(name = "duckdb-side-by-side", mixinStandardHelpOptions = true,
        description = "Gold lead features: RevLake (Spark) and DuckDB SQL on the same silver Parquet, timed"
                + " and compared row for row.")
public final class SideBySideMain implements Callable<Integer> {

    @Option(names = "--contacts", defaultValue = "2000", description = "simulated contacts (default ${DEFAULT-VALUE})")
    int contacts;

    @Option(names = "--days", defaultValue = "60", description = "simulated days (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--history-days", defaultValue = "0",
            description = "days of history before the first snapshot date (default ${DEFAULT-VALUE})")
    int historyDays;

    @Option(names = "--sample", defaultValue = "2000", description = "contacts compared, 0 for all (default ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--start", defaultValue = "2026-01-01", description = "first simulated day (default ${DEFAULT-VALUE})")
    LocalDate start;

    @Option(names = "--dir", description = "an empty or missing folder for raw files and the lake")
    Path dir;

    @Option(names = "--lake", description = "compare on this existing lake's silver tables instead of simulating"
            + " (with --from and --to)")
    Path existingLake;

    @Option(names = "--from", description = "first snapshot date, with --lake")
    LocalDate from;

    @Option(names = "--to", description = "last snapshot date, with --lake")
    LocalDate to;

    @Override
    public Integer call() throws Exception {
        if (existingLake != null) {
            if (dir != null || from == null || to == null || sample < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "Invalid options: --lake needs --from and --to, and no --dir");
            }
            SparkSession spark = SparkSessions.getOrCreate("revlake-duckdb-side-by-side",
                    Runtime.getRuntime().availableProcessors());
            return report(LeadFeaturesComparison.run(spark, new Lake(existingLake.toString()), from, to, sample));
        }
        if (dir == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Invalid options: give --dir or --lake");
        }
        if (contacts < 1 || days < 2 || historyDays < 0 || historyDays >= days || sample < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), String.format(
                    "Invalid sizes: contacts=%d days=%d history-days=%d sample=%d", contacts, days, historyDays, sample));
        }
        if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Invalid folder: " + dir + " is not empty");
        }
        LocalDate last = start.plusDays(days - 1L);
        SparkSession spark = SparkSessions.getOrCreate("revlake-duckdb-side-by-side",
                Runtime.getRuntime().availableProcessors());
        Instant t = Instant.now();
        new Simulator(new SimulatorConfig(contacts, days, start, 7L, dir.resolve("raw"), dir.resolve("truth"), 0.01))
                .run((d, date, n) -> { });
        System.out.printf("simulate %,d contacts x %d days: %.1f s%n", contacts, days, seconds(t));
        Lake lake = new Lake(dir.resolve("lake").toString());
        Pipeline pipeline = new Pipeline(spark, lake, dir.resolve("raw").toString(), System.out::println);
        pipeline.ingest(start, last);
        pipeline.silver(start, last);
        return report(LeadFeaturesComparison.run(spark, lake, start.plusDays(historyDays), last, sample));
    }

    private static int report(LeadFeaturesComparison.Result r) {
        System.out.println(r.summary());
        System.out.printf("RevLake path: %d Spark stages; costliest call sites (stage seconds overlap):%n",
                r.sparkStages());
        r.costliestSparkWork().forEach(w -> System.out.println("  " + w));
        r.examples().forEach(m -> System.out.printf("  mismatch: contact %s on %s, %s: RevLake %s, DuckDB %s%n",
                m.contactId(), m.snapshotDate(), m.column(), m.revLakeValue(), m.duckDbValue()));
        return r.isEqual() ? 0 : 1;
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    /** Exit 0 when both engines agree, 1 when they do not or a step fails, 2 for usage errors. */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SideBySideMain());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("duckdb-side-by-side: " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("duckdb-side-by-side: " + e.getMessage());
            return 2;
        });
        int code = cli.execute(args);
        System.exit(code);
    }
}
