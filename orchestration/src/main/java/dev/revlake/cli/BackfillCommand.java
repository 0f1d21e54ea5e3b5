package dev.revlake.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;

import dev.revlake.dag.Dag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code revlake backfill}: the runs of a DAG for a range of dates, without Airflow. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Run a DAG for every date of its schedule from --from to --to, one date after the other"
                + " (like airflow dags backfill), stopping at the first date that fails; a DAG without a schedule"
                + " (revlake_backfill) runs once with the range as its data interval.",
            "Dates and tasks that finished before are skipped, so the same command resumes an interrupted"
                + " backfill."})
final class BackfillCommand implements Callable<Integer> {

    @Mixin
    RunnerOptions runner;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", required = true, description = "First logical date.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", required = true, description = "Last logical date.")
    LocalDate to;

    @Override
    public Integer call() {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Invalid date range: --from " + from + " is after --to " + to);
        }
        Dag dag = runner.dag();
        return RunnerOptions.summarize(runner.runner("backfill").backfill(dag, from, to));
    }
}
