package dev.revlake.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.revlake.dag.Dag;
import dev.revlake.runner.DagRunResult;
import dev.revlake.runner.DagRunner;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code revlake run} and {@code revlake backfill} share: the DAG file and the variables. */
final class RunnerOptions {

    @Option(names = "--dag", paramLabel = "DAG_ID", required = true, description = "The DAG to run.")
    String dagId;

    @Option(names = "--file", paramLabel = "YAML", defaultValue = DagsCommand.DEFAULT_FILE,
            description = "The dag-factory YAML file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Mixin
    LakeOptions lake;

    @Option(names = "--exports", paramLabel = "DIR|URI",
            description = "The CRM reload folder, variable revlake_exports (default: <lake>/exports).")
    String exports;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Another Airflow variable ({{ var.value.NAME }}); may repeat.")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--retry-delay", paramLabel = "SECONDS",
            description = "Wait before the first retry instead of the DAG's retry_delay_sec (backoff doubles it).")
    Long retryDelaySeconds;

    @Option(names = "--rerun", description = "Run every task again, even those an earlier run of the date finished.")
    boolean rerun;

    @Option(names = "--task-regex", paramLabel = "REGEX",
            description = "Run only the tasks whose id matches (like Airflow's -t); the others are left out.")
    String taskRegex;

    @Option(names = "--max-active-tasks", paramLabel = "N",
            description = "Run at most N independent tasks at once instead of the DAG's max_active_tasks.")
    Integer maxActiveTasks;

    /** The DAG, read and checked. */
    Dag dag() {
        List<Dag> dags = DagsCommand.load(file);
        return dags.stream().filter(d -> d.id().equals(dagId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown DAG " + dagId + " in " + file + " (it has "
                        + String.join(", ", dags.stream().map(Dag::id).toList()) + ")"));
    }

    /** The runner's settings; the lake, raw and exports locations are the DAGs' variables. */
    DagRunner.Options options() {
        Map<String, String> vars = variables(lake.lake().root(), lake.raw(),
                exports != null ? dev.revlake.lake.Locations.normalize(exports) : lake.lake().root() + "/exports");
        vars.putAll(variables);
        Pattern filter = null;
        if (taskRegex != null) {
            try {
                filter = Pattern.compile(taskRegex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Invalid --task-regex: " + e.getDescription());
            }
        }
        if (retryDelaySeconds != null && retryDelaySeconds < 0) {
            throw new IllegalArgumentException("Invalid --retry-delay: " + retryDelaySeconds);
        }
        if (maxActiveTasks != null && maxActiveTasks < 1) {
            throw new IllegalArgumentException("Invalid --max-active-tasks: " + maxActiveTasks + " (at least 1)");
        }
        return new DagRunner.Options(vars, retryDelaySeconds == null ? null : Duration.ofSeconds(retryDelaySeconds),
                rerun, filter, maxActiveTasks);
    }

    /** The Airflow Variables RevLake's DAGs use, as the runner gives them. */
    static Map<String, String> variables(String lakeRoot, String raw, String exports) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("revlake_lake", lakeRoot);
        vars.put("revlake_raw", raw);
        vars.put("revlake_exports", exports);
        return vars;
    }

    /** A runner over the lake that executes each task with the revlake CLI in this JVM. */
    DagRunner runner(String command) {
        DagRunner.Options options = options();
        return new DagRunner(Spark.session(command), lake.lake(), RevLakeCli::execute, options, System.out);
    }

    /** Prints one line per run and returns the exit code: 0 when every run finished. */
    static int summarize(List<DagRunResult> runs) {
        System.out.println();
        System.out.println("summary:");
        for (DagRunResult r : runs) {
            long failed = r.tasks().stream().filter(t -> t.outcome() == DagRunResult.Outcome.FAILED).count();
            System.out.printf("  %-40s %-8s %3d run, %3d already done, %d failed  %7.1f s%n", r.label(),
                    r.succeeded() ? "ok" : "FAILED", r.tasksRun(),
                    r.tasks().stream().filter(t -> t.outcome() == DagRunResult.Outcome.ALREADY_DONE).count(), failed,
                    r.elapsed().toMillis() / 1000.0);
            r.tasks().stream().filter(t -> t.outcome() == DagRunResult.Outcome.FAILED)
                    .forEach(t -> System.out.printf("      %s failed after %d tr%s: %s%n", t.taskId(), t.tries(),
                            t.tries() == 1 ? "y" : "ies", t.message()));
        }
        boolean ok = runs.stream().allMatch(DagRunResult::succeeded);
        if (!ok) {
            System.out.println("Run the same command again to resume from the first unfinished task.");
        }
        return ok ? 0 : 1;
    }
}
