package dev.revlake.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.revlake.runner.CrashHarness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code revlake crashtest}: kills the nightly run at many points, re-runs it and compares the lakes. */
@Command(name = "crashtest", mixinStandardHelpOptions = true,
        description = {"Build a small lake, run revlake_nightly uninterrupted as the reference, then for each kill"
                + " point run it in a child JVM, kill -9 it at the point, run it again to completion and compare every"
                + " table, every export file kind and the duplicate keys with the reference.",
            "Ends with 'N kill points tried, M differences'; exit code 0 only when M is 0."})
final class CrashTestCommand implements Callable<Integer> {

    @Option(names = "--kill-points", paramLabel = "N", defaultValue = "20",
            description = "Kill points, spread over every stage (default: ${DEFAULT-VALUE}).")
    int killPoints;

    @Option(names = "--contacts", paramLabel = "N", defaultValue = "800",
            description = "Simulated people (default: ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--days", paramLabel = "D", defaultValue = "90",
            description = "Simulated days; the last is the killed night (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--reruns", paramLabel = "R", defaultValue = "2",
            description = "Extra --rerun runs of the night compared with the reference (default: ${DEFAULT-VALUE}).")
    int reruns;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Working folder (default: a new temporary folder).")
    Path work;

    @Override
    public Integer call() throws Exception {
        Path dir = work != null ? work : Files.createTempDirectory("revlake-crashtest");
        CrashHarness.Settings settings = new CrashHarness.Settings(killPoints, contacts, days, seed, dir, reruns,
                RevLakeCli.class.getName());
        System.out.println("crashtest: working in " + dir.toAbsolutePath());
        CrashHarness.Report report = new CrashHarness(Spark.session("crashtest"), RevLakeCli::execute, settings,
                System.out).run();
        return report.differences() == 0 ? 0 : 1;
    }
}
