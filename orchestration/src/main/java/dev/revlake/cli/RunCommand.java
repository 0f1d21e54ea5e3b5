package dev.revlake.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;

import dev.revlake.dag.Dag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code revlake run}: one DAG run for one logical date, without Airflow. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a DAG of the dag-factory YAML for one logical date in this JVM, as Airflow would:"
                + " tasks in dependency order, {{ ds }} templated, retries with backoff, per-task timeouts.",
            "Every task try is recorded in ops_task_runs; running the same DAG and date again resumes at the first"
                + " unfinished task. A lock refuses a second run of the same DAG and date while one is running."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    RunnerOptions runner;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true, description = "The logical date (ds).")
    LocalDate date;

    @Override
    public Integer call() {
        Dag dag = runner.dag();
        return RunnerOptions.summarize(List.of(runner.runner("run").run(dag, date)));
    }
}
