package dev.revlake.runner;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * What one DAG run did.
 *
 * @param dagId         the DAG
 * @param runDate       the logical date ({@code ds})
 * @param intervalStart the first date of the data interval
 * @param tasks         every task of the DAG in run order
 * @param elapsed       wall time of the run
 */
public record DagRunResult(String dagId, LocalDate runDate, LocalDate intervalStart, List<TaskResult> tasks,
                           Duration elapsed) {

    public DagRunResult {
        tasks = List.copyOf(tasks);
    }

    /** How a task ended in this run. */
    public enum Outcome {
        /** Ran and exited 0. */
        SUCCEEDED,
        /** A run before this one had already finished it. */
        ALREADY_DONE,
        /** Every try failed. */
        FAILED,
        /** Not run: a task it depends on did not finish. */
        UPSTREAM_FAILED,
        /** Not run: left out by the task filter. */
        FILTERED_OUT;

        /** Whether tasks that depend on this one may run. */
        public boolean letsDownstreamRun() {
            return this == SUCCEEDED || this == ALREADY_DONE || this == FILTERED_OUT;
        }
    }

    /**
     * One task's part.
     *
     * @param taskId  task id
     * @param outcome how it ended
     * @param tries   tries made in this run
     * @param seconds wall time of those tries (with the waits between them)
     * @param message why it failed, or null
     */
    public record TaskResult(String taskId, Outcome outcome, int tries, double seconds, String message) {
    }

    /** Whether every task finished (now or before) or was filtered out. */
    public boolean succeeded() {
        return tasks.stream().allMatch(t -> t.outcome().letsDownstreamRun());
    }

    /** Tasks that ran in this run. */
    public long tasksRun() {
        return tasks.stream().filter(t -> t.tries() > 0).count();
    }

    /** The run's label, e.g. {@code revlake_nightly 2026-03-01}. */
    public String label() {
        return label(dagId, runDate, intervalStart);
    }

    static String label(String dagId, LocalDate runDate, LocalDate intervalStart) {
        return dagId + " " + (intervalStart.equals(runDate) ? runDate.toString() : intervalStart + ".." + runDate);
    }
}
