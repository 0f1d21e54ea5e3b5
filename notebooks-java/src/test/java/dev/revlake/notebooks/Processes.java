package dev.revlake.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command with a time limit, its output (stdout and stderr together) kept in a file. */
final class Processes {

    /**
     * How a command ended.
     *
     * @param exitCode the exit code, or -1 when the time limit killed it
     * @param timedOut whether the time limit killed it
     * @param log      the file holding its output
     * @param output   that output as text
     * @param errors   the standard error, when it was kept apart (else empty)
     */
    record Outcome(int exitCode, boolean timedOut, Path log, String output, String errors) {

        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** The last lines of the output (and standard error), for a failure message that stays readable. */
        String tail(int lines) {
            List<String> all = (output + "\n" + errors).strip().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    private Processes() {
    }

    /** Whether {@code command} is an executable on PATH. */
    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code command} in {@code dir} with extra environment variables; kills it (and its
     * children, e.g. a kernel JVM) once {@code limit} has passed.
     */
    static Outcome run(List<String> command, Path dir, Map<String, String> env, Duration limit, Path log) {
        return run(command, dir, env, limit, log, null);
    }

    /** As {@link #run(List, Path, Map, Duration, Path)}, with standard error in {@code errorLog} when not null. */
    static Outcome run(List<String> command, Path dir, Map<String, String> env, Duration limit, Path log,
                       Path errorLog) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(log.toFile());
        if (errorLog == null) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(errorLog.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            boolean finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            // Lenient decoding: a tool's stray bytes must not hide its message.
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            String errors = errorLog == null ? "" : new String(Files.readAllBytes(errorLog), StandardCharsets.UTF_8);
            return new Outcome(finished ? p.exitValue() : -1, !finished, log, output, errors);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }
}
