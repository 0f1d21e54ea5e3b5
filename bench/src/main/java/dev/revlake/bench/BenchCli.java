package dev.revlake.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.revlake.cli.RevLakeCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revlake bench}: simulates a company and times every stage of the pipeline on it, beside a
 * bare Jackson parse of the same raw files, then prints a table and the targets and writes the
 * figures as JSON. Errors as in {@code revlake}: usage errors print one line and exit 2, failures one
 * line and exit 1 (the stack trace only with {@code REVLAKE_DEBUG=1}).
 */
@Command(name = "revlake bench", mixinStandardHelpOptions = true, version = "RevLake 0.1.0",
        description = {"Time every stage of the pipeline on a simulated company (simulate, ingest, silver, gold,"
                + " training per model, scoring, forecast, export, and the nightly run of one new day through the"
                + " revlake_nightly DAG, then a re-score of at least 1,000,000 lead snapshots for the scoring"
                + " rate) with rows in and out, rows per second and peak JVM heap; compare the ingest"
                + " with a bare Jackson parse of the same files; print the targets of issue 9 and write the figures"
                + " as JSON.",
            "Presets: quick 2,000 contacts x 60 days; small 10,000 x 180; default 100,000 x 180;"
                + " large 300,000 x 180."})
public final class BenchCli implements Callable<Integer> {

    /** Exit code of a usage error. */
    public static final int USAGE_ERROR = 2;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "default",
            description = "quick, small, default or large (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--contacts", paramLabel = "N", description = "Contacts, overriding the preset's.")
    Integer contacts;

    @Option(names = "--days", paramLabel = "N",
            description = "Days of history, overriding the preset's; the last day is the nightly run's new day.")
    Integer days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD",
            description = "First simulated day (default: so that the new day is yesterday).")
    LocalDate start;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Work folder; its raw/, truth/, lake/ and exports/ are replaced (default: revlake-bench-"
                    + "<contacts>x<days> in the system temp folder).")
    Path dir;

    @Option(names = "--max-active-tasks", paramLabel = "N",
            description = "Nightly tasks run at once instead of the DAG's max_active_tasks (1 runs them one by one).")
    Integer maxActiveTasks;

    @Option(names = "--json", paramLabel = "FILE", description = "Where the figures go as JSON (default: DIR/bench.json).")
    Path json;

    @Override
    public Integer call() {
        Preset p = Preset.parse(preset);
        int n = contacts != null ? contacts : p.contacts();
        int d = days != null ? days : p.days();
        String name = contacts != null && days != null ? "custom" : contacts != null || days != null
                ? p.id() + " (overridden)" : p.id();
        if (n < 1) {
            throw new IllegalArgumentException("Invalid contacts: " + n + " (at least 1)");
        }
        if (d < 2 || d > 3660) {
            throw new IllegalArgumentException("Invalid days: " + d + " (2..3660: the history and one new day)");
        }
        LocalDate first = start != null ? start : LocalDate.now(ZoneOffset.UTC).minusDays(d);
        Path work = (dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"),
                String.format(Locale.ROOT, "revlake-bench-%dx%d", n, d))).toAbsolutePath().normalize();
        Path jsonFile = json != null ? json.toAbsolutePath().normalize() : work.resolve("bench.json");
        BenchRun.Settings settings = new BenchRun.Settings(name, n, d, seed, first, work, maxActiveTasks);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "revlake bench: %,d contacts x %d days from %s (seed %d) in %s%n", n, d, first, seed, work);
        BenchReport report = BenchRun.run(settings, out);
        out.println();
        out.print(BenchTable.format(report));
        BenchJson.write(report, jsonFile);
        out.println();
        out.println("figures written to " + jsonFile);
        out.flush();
        return 0;
    }

    /** The first thread that ran out of heap in this JVM, or null. */
    private static final java.util.concurrent.atomic.AtomicReference<String> OUT_OF_HEAP =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Entry point of {@code ./revlake bench}. */
    public static void main(String[] args) {
        // An OutOfMemoryError in one of Spark's threads stops the SparkContext, and the stage then fails
        // with an unrelated message ("No active or default Spark session"): remember it, one line each.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                OUT_OF_HEAP.compareAndSet(null, thread.getName());
            }
            System.err.println("revlake bench: thread " + thread.getName() + " died: " + oneLine(e));
        });
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /**
     * The one-line error of a failed run: when the JVM ran out of heap (in the failing thread or any
     * other) it says so and how to give it more, since the exception that reaches here is then only a
     * consequence.
     *
     * @param outOfHeapThread the first thread that threw OutOfMemoryError, or null
     * @param maxHeapBytes    the JVM's heap limit
     */
    static String failure(Throwable ex, String outOfHeapThread, long maxHeapBytes) {
        boolean oom = outOfHeapThread != null;
        for (Throwable t = ex; t != null && !oom; t = t.getCause()) {
            oom = t instanceof OutOfMemoryError;
        }
        if (!oom) {
            return "revlake bench: error: " + oneLine(ex);
        }
        return String.format(Locale.ROOT, "revlake bench: error: the JVM ran out of heap (-Xmx %,d MiB%s) and the run"
                + " stopped; give it more, e.g. REVLAKE_JAVA_OPTS=-Xmx8g ./revlake bench ..., or pick a smaller"
                + " preset (then: %s)", maxHeapBytes >> 20, outOfHeapThread == null ? ""
                : ", first in thread " + outOfHeapThread, oneLine(ex));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BenchCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.registerConverter(LocalDate.class, BenchCli::parseDate);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("revlake bench: " + ex.getMessage() + " (see 'revlake bench --help')");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("revlake bench: " + ex.getMessage() + " (see 'revlake bench --help')");
                return USAGE_ERROR;
            }
            cmd.getErr().println(failure(ex, OUT_OF_HEAP.get(), Runtime.getRuntime().maxMemory()));
            if ("1".equals(System.getenv("REVLAKE_DEBUG"))) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("Invalid date: '" + text + "' (expected YYYY-MM-DD)");
        }
    }

    /** The message and its root cause on one line, with row values withheld (as the revlake CLI does). */
    static String oneLine(Throwable e) {
        return RevLakeCli.oneLine(e);
    }
}
