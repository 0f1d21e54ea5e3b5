package dev.revlake.bench;

/**
 * One task of the nightly DAG run, as the DAG runner timed it.
 *
 * @param taskId  task id in {@code revlake_nightly}
 * @param outcome the runner's outcome ({@code SUCCEEDED}, {@code FAILED}, ...)
 * @param seconds wall seconds of the task's tries
 */
public record TaskFigure(String taskId, String outcome, double seconds) {
}
