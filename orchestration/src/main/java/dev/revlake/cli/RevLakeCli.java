package dev.revlake.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import dev.revlake.lake.WriteConflict;
import dev.revlake.ops.Redaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code revlake} command. Usage errors print one line and exit 2; failures print one line
 * and exit 1 (the stack trace only with {@code REVLAKE_DEBUG=1}); a failed data-quality gate
 * ({@code revlake check}) exits 3; a Delta write conflict exits 75 ({@link WriteConflict}), which
 * the DAG runner retries; success exits 0.
 */
@Command(name = "revlake", mixinStandardHelpOptions = true, version = "RevLake 0.1.0",
        description = "Batch analytics and prediction pipeline for B2B revenue teams.",
        subcommands = {DemoCommand.class, SimulateCommand.class, IngestCommand.class, SilverCommand.class,
                GoldCommand.class, NightlyCommand.class, TrainCommand.class, ScoreCommand.class, ForecastCommand.class,
                ExportCommand.class, EraseCommand.class, ReportCommand.class, ServeCommand.class, TablesCommand.class, DagsCommand.class,
                RunCommand.class, BackfillCommand.class, CheckCommand.class, CompactCommand.class, FuzzCommand.class,
                CrashTestCommand.class,
                CommandLine.HelpCommand.class})
public final class RevLakeCli implements Runnable {

    /** Exit code of a usage error. */
    public static final int USAGE_ERROR = 2;

    /** Exit code of {@code revlake check} when a data-quality gate failed: retrying cannot fix data. */
    public static final int QUALITY_GATE_FAILED = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    /** Entry point. */
    public static void main(String[] args) {
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The configured picocli command line. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RevLakeCli());
        cli.registerConverter(LocalDate.class, RevLakeCli::parseDate);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                        + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
                return USAGE_ERROR;
            }
            java.util.Optional<Throwable> conflict = WriteConflict.deltaConflict(ex);
            if (conflict.isPresent()) {
                // Never swallowed: one line naming the table, and an exit code the runner retries.
                Throwable c = conflict.get();
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + (c instanceof WriteConflict
                        ? c.getMessage() : "write conflict on a lake table (" + c.getClass().getSimpleName()
                        + "): this write committed nothing and the task can be retried"));
                return WriteConflict.EXIT_CODE;
            }
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + oneLine(ex));
            if ("1".equals(System.getenv("REVLAKE_DEBUG"))) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli;
    }

    static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("Invalid date: '" + text + "' (expected YYYY-MM-DD)");
        }
    }

    /**
     * An error as one line for the terminal: the message and its root cause, row values withheld,
     * cut at the first line break. Also used by {@code revlake bench}.
     */
    public static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        // Spark and Delta messages may quote row values (personal data): they are withheld.
        message = Redaction.message(message);
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
