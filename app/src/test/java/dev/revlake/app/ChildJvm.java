package dev.revlake.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java child process with the JVM of the tests, Spark's module opens, and standard output and
 * error in files (a pipe nobody reads would block the child once its buffer is full).
 */
final class ChildJvm implements AutoCloseable {

    /** Lines of a log shown in an assertion message. */
    private static final int TAIL_LINES = 60;

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code java <jvm options> -cp <class path> <main class> <arguments>}.
     *
     * @param name        short name, also of the log files {@code <name>.out} and {@code <name>.err}
     * @param logDirectory where the log files go
     * @param environment variables added to the inherited environment
     */
    static ChildJvm start(String name, Path logDirectory, String classPath, List<String> jvmOptions,
            String mainClass, List<String> arguments, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(sparkOpens());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(arguments);
        Files.createDirectories(logDirectory);
        Path out = logDirectory.resolve(name + ".out");
        Path err = logDirectory.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        return new ChildJvm(name, builder.start(), out, err);
    }

    /** The module opens Spark needs on Java 17, as the parent POM passes them to the tests. */
    private static List<String> sparkOpens() {
        String opens = System.getProperty("revlake.spark.opens", "");
        return Arrays.stream(opens.trim().split("\\s+")).filter(option -> !option.isEmpty()).toList();
    }

    Process process() {
        return process;
    }

    Path stderrFile() {
        return stderr;
    }

    /** Waits for the exit and returns the exit code, or -1 after killing a child that overran. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            close();
            return -1;
        }
        return process.exitValue();
    }

    /** The last lines of standard error and output, for an assertion message. */
    String describe() {
        return name + " (exit " + (process.isAlive() ? "running" : process.exitValue()) + ")\n--- stderr tail ("
                + stderr + ")\n" + tail(stderr) + "\n--- stdout tail (" + stdout + ")\n" + tail(stdout);
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Ends the child and every process it started (a worker's executors): politely first, so
     * Spark's shutdown hooks run, then forcibly.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : descendants) {
            child.destroyForcibly();
        }
    }
}
