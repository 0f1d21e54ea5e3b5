package dev.revlake.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Executes notebooks headless on the {@code revlake-java} kernel: installs the kernelspec with the
 * same {@code install-kernel.sh} people run (into a private {@code JUPYTER_PATH}), then runs
 * {@code jupyter nbconvert --execute} per notebook and reads the executed copy.
 */
final class NotebookRunner {

    /** The kernelspec name install-kernel.sh writes. */
    static final String KERNEL = "revlake-java";

    /** Debian packages that provide what this class runs. */
    static final String PACKAGES = "jupyter-nbconvert jupyter-client python3-ipykernel";

    /** Start-up attempts per notebook: the kernel sometimes does not answer its first kernel_info. */
    static final int MAX_STARTS = 5;

    /** nbconvert's messages for a kernel that never came up; a failing cell is never retried. */
    private static final List<String> START_FAILURES = List.of("Kernel didn't respond",
            "Kernel died before replying to kernel_info");

    /** Per-cell limit: a cell may run a Spark job over the whole lake. */
    private static final int CELL_TIMEOUT_SECONDS = 600;

    /**
     * nbconvert's default. A start that fails binds its sockets within seconds and then never answers
     * kernel_info (seen on a loaded machine, about one start in five), so waiting longer only delays
     * the retry.
     */
    private static final int STARTUP_TIMEOUT_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final Path jupyterPath;
    private final Duration processLimit;

    /**
     * What one executed notebook holds.
     *
     * @param executed          the executed copy, kept for inspection
     * @param codeCells         code cells with source
     * @param executedCodeCells of those, cells with an execution count
     * @param pngOutputs        {@code image/png} outputs
     * @param errors            {@code ename: evalue} of each error output
     * @param attempts          kernel starts it took
     * @param elapsed           wall time of the successful attempt
     */
    record Result(Path executed, int codeCells, int executedCodeCells, int pngOutputs, List<String> errors,
                  int attempts, Duration elapsed) {
    }

    /**
     * Installs the kernelspec under {@code workDir/jupyter}.
     *
     * @param moduleDir    the notebooks-java folder (holds install-kernel.sh and target/)
     * @param workDir      where the kernelspec, executed notebooks and logs go
     * @param processLimit time limit of one nbconvert process
     */
    NotebookRunner(Path moduleDir, Path workDir, Duration processLimit) {
        requireJupyter();
        this.workDir = workDir.toAbsolutePath();
        this.jupyterPath = this.workDir.resolve("jupyter");
        this.processLimit = processLimit;
        createDirectories(this.workDir);
        Processes.Outcome install = Processes.run(
                List.of("bash", moduleDir.resolve("install-kernel.sh").toAbsolutePath().toString(), "--no-build",
                        "--prefix", jupyterPath.toString()),
                moduleDir, Map.of(), Duration.ofMinutes(2), this.workDir.resolve("install-kernel.log"));
        if (!install.succeeded()) {
            throw new AssertionError("install-kernel.sh failed (exit " + install.exitCode() + "):\n"
                    + install.tail(30));
        }
        if (!Files.isRegularFile(jupyterPath.resolve("kernels").resolve(KERNEL).resolve("kernel.json"))) {
            throw new AssertionError("install-kernel.sh wrote no kernel.json under " + jupyterPath);
        }
    }

    /** Fails with the packages to install when nbconvert cannot run: a notebook test must not be skipped. */
    static void requireJupyter() {
        if (!Processes.onPath("jupyter") || !Processes.onPath("jupyter-nbconvert")) {
            throw new AssertionError("jupyter nbconvert is not installed, so the notebooks cannot be executed."
                    + " Install it with: apt-get install " + PACKAGES + "  (or: pip install jupyter)");
        }
    }

    /**
     * Executes {@code notebook} with {@code REVLAKE_LAKE=lake}. Retries only a kernel that did not
     * start; fails with the cell's error when a cell fails.
     */
    Result execute(Path notebook, Path lake) {
        String name = notebook.getFileName().toString();
        String stem = name.endsWith(".ipynb") ? name.substring(0, name.length() - ".ipynb".length()) : name;
        Path executed = workDir.resolve(stem + ".ipynb");
        List<String> command = List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=" + CELL_TIMEOUT_SECONDS,
                "--ExecutePreprocessor.startup_timeout=" + STARTUP_TIMEOUT_SECONDS,
                "--ExecutePreprocessor.kernel_name=" + KERNEL,
                "--output-dir", workDir.toString(), "--output", stem,
                notebook.toAbsolutePath().toString());
        Map<String, String> env = Map.of(
                "JUPYTER_PATH", jupyterPath.toString(),
                // Connection files stay here instead of the user's runtime folder.
                "JUPYTER_RUNTIME_DIR", workDir.resolve("runtime").toString(),
                "REVLAKE_LAKE", lake.toAbsolutePath().toString());
        for (int attempt = 1; ; attempt++) {
            long begin = System.nanoTime();
            Path log = workDir.resolve(stem + ".nbconvert" + (attempt == 1 ? "" : "." + attempt) + ".log");
            Processes.Outcome run = Processes.run(command, notebook.toAbsolutePath().getParent(), env,
                    processLimit, log);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
            if (run.succeeded()) {
                return read(executed, attempt, elapsed);
            }
            if (run.timedOut()) {
                throw new AssertionError(name + " did not finish within " + processLimit.toMinutes()
                        + " min (killed); output in " + log + ":\n" + run.tail(30));
            }
            boolean startFailure = START_FAILURES.stream().anyMatch(run.output()::contains);
            if (startFailure && attempt < MAX_STARTS) {
                System.out.printf("%s: the kernel did not start (attempt %d of %d, %.0f s), retrying; see %s%n",
                        name, attempt, MAX_STARTS, elapsed.toMillis() / 1000.0, log);
                continue;
            }
            throw new AssertionError(name + " failed" + (startFailure ? " to start its kernel " + attempt + " times" : "")
                    + " (nbconvert exit " + run.exitCode() + "; output in " + log + "):\n" + failure(run));
        }
    }

    /** nbconvert's CellExecutionError (the cell's source and its error) or else the output's end. */
    private static String failure(Processes.Outcome run) {
        String out = run.output();
        int at = out.indexOf("CellExecutionError:");
        if (at < 0) {
            return run.tail(30);
        }
        // The kernel colours its tracebacks; the build log shows plain text.
        String cell = out.substring(at).replaceAll("\u001B\\[[0-9;]*m", "");
        return cell.length() > 6000 ? cell.substring(0, 6000) + "\n[...]" : cell;
    }

    private static Result read(Path executed, int attempts, Duration elapsed) {
        JsonNode nb;
        try {
            nb = JSON.readTree(executed.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the executed notebook " + executed + ": " + e.getMessage(), e);
        }
        int code = 0;
        int ran = 0;
        int png = 0;
        List<String> errors = new ArrayList<>();
        for (JsonNode cell : nb.path("cells")) {
            if (!"code".equals(cell.path("cell_type").asText()) || source(cell).isBlank()) {
                continue;
            }
            code++;
            if (cell.path("execution_count").isInt()) {
                ran++;
            }
            for (JsonNode output : cell.path("outputs")) {
                String type = output.path("output_type").asText();
                if ("error".equals(type)) {
                    errors.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
                } else if (output.path("data").has("image/png")) {
                    png++;
                }
            }
        }
        return new Result(executed, code, ran, png, List.copyOf(errors), attempts, elapsed);
    }

    /** A cell's source: nbformat allows one string or a list of lines. */
    private static String source(JsonNode cell) {
        JsonNode source = cell.path("source");
        if (source.isArray()) {
            StringBuilder sb = new StringBuilder();
            source.forEach(line -> sb.append(line.asText()));
            return sb.toString();
        }
        return source.asText();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
