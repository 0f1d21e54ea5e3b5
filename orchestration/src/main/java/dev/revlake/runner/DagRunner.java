package dev.revlake.runner;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.dag.Dag;
import dev.revlake.dag.Schedules;
import dev.revlake.dag.DagTask;
import dev.revlake.dag.Templates;
import dev.revlake.lake.Lake;
import dev.revlake.ops.Redaction;

/**
 * Runs the DAGs of a dag-factory file in this JVM the way Airflow runs them on a cluster: tasks in
 * dependency order with their templates rendered for the run date, independent tasks side by side
 * up to the DAG's {@code max_active_tasks} (sharing this JVM's SparkSession), failed tries retried with
 * backoff, each try stopped at its execution timeout, every try recorded in {@code ops_task_runs},
 * and tasks that an earlier run of the same DAG and date finished skipped, so a failed or killed run
 * resumes at its first unfinished task. A lock keeps two runs of one DAG and date apart.
 */
public final class DagRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DagRunner.class);

    /** How long a timed-out task gets to stop before the run gives up on it. */
    static final Duration STOP_GRACE = Duration.ofSeconds(60);

    /** The revlake CLI's exit code for a usage error: the same command would fail again. */
    private static final int USAGE_ERROR = 2;

    /** The revlake CLI's exit code for a failed data-quality gate: retrying cannot fix the data. */
    private static final int QUALITY_GATE_FAILED = 3;

    /**
     * Runs one task's command line and returns its exit code (the revlake CLI, in production). The
     * runner calls it from several threads at once when the DAG lets tasks run side by side.
     */
    @FunctionalInterface
    public interface TaskExecutor {
        int execute(String[] args, PrintWriter out, PrintWriter err);
    }

    /**
     * How to run.
     *
     * @param variables  values of the DAGs' {@code {{ var.value.NAME }}}
     * @param retryDelay a first retry delay instead of the DAG's, or null
     * @param rerun      run every task again even when an earlier run finished it
     * @param taskFilter run only the tasks whose id matches (Airflow's {@code -t}), or null for all
     * @param maxActiveTasks tasks that may run at once instead of the DAG's {@code max_active_tasks},
     *                   or null for the DAG's (one when the DAG does not say)
     */
    public record Options(Map<String, String> variables, Duration retryDelay, boolean rerun, Pattern taskFilter,
                          Integer maxActiveTasks) {
        public Options {
            variables = Map.copyOf(variables);
            if (retryDelay != null && retryDelay.isNegative()) {
                throw new IllegalArgumentException("Invalid retry delay: " + retryDelay);
            }
            if (maxActiveTasks != null && maxActiveTasks < 1) {
                throw new IllegalArgumentException("Invalid max active tasks: " + maxActiveTasks + " (at least 1)");
            }
        }

        /** Tasks of {@code dag} that may run at once: this override, else the DAG's, else one. */
        public int slots(Dag dag) {
            return maxActiveTasks != null ? maxActiveTasks : dag.maxActiveTasks() != null ? dag.maxActiveTasks() : 1;
        }

        /** Options that run as many tasks at once as the DAG allows. */
        public Options(Map<String, String> variables, Duration retryDelay, boolean rerun, Pattern taskFilter) {
            this(variables, retryDelay, rerun, taskFilter, null);
        }
    }

    private final SparkSession spark;
    private final Lake lake;
    private final TaskExecutor executor;
    private final Options options;
    private final PrintStream out;
    private final TaskRuns taskRuns;

    public DagRunner(SparkSession spark, Lake lake, TaskExecutor executor, Options options, PrintStream out) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.lake = Objects.requireNonNull(lake, "lake");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
        this.taskRuns = new TaskRuns(spark, lake);
    }

    /**
     * Runs a DAG for each of its scheduled dates in a range, one date after the other, and stops at
     * the first date that does not finish (the next night builds on it). A DAG without a schedule
     * (a backfill DAG) runs once over the whole range as its data interval.
     *
     * @return the runs made, in date order
     */
    public List<DagRunResult> backfill(Dag dag, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Invalid date range: --from " + from + " is after --to " + to);
        }
        if (dag.schedule() == null) {
            return List.of(run(dag, to, from, ""));
        }
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (Schedules.firesOn(dag.schedule(), d)) {
                dates.add(d);
            }
        }
        if (dates.isEmpty()) {
            throw new IllegalArgumentException("DAG " + dag.id() + " (schedule " + dag.schedule() + ") has no run"
                    + " date in " + from + ".." + to);
        }
        List<DagRunResult> results = new ArrayList<>();
        for (int i = 0; i < dates.size(); i++) {
            DagRunResult r = run(dag, dates.get(i), dates.get(i), String.format(" (day %d of %d)", i + 1, dates.size()));
            results.add(r);
            if (!r.succeeded()) {
                out.printf("%s did not finish: the later %d date(s) were not run%n", r.label(), dates.size() - i - 1);
                break;
            }
        }
        return results;
    }

    /** Runs a DAG once for a logical date (its data interval is that day). */
    public DagRunResult run(Dag dag, LocalDate runDate) {
        return run(dag, runDate, runDate, "");
    }

    /**
     * Runs a DAG once.
     *
     * @param intervalStart the first date of the data interval ({@code runDate} for a nightly run)
     * @param suffix        appended to the progress header ("(day 2 of 7)")
     */
    public DagRunResult run(Dag dag, LocalDate runDate, LocalDate intervalStart, String suffix) {
        Instant begin = Instant.now();
        String label = DagRunResult.label(dag.id(), runDate, intervalStart);
        List<DagTask> order = dag.executionOrder();
        Map<String, String[]> commands = render(dag, order, runDate, intervalStart);
        String runKey = intervalStart.equals(runDate) ? runDate.toString() : intervalStart + "_" + runDate;
        String dagRunId = dag.id() + "-" + runKey + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (RunLock lock = RunLock.acquire(RunLock.location(lake.root(), dag.id(), runKey),
                spark.sparkContext().hadoopConfiguration(), label)) {
            taskRuns.ensure();
            Map<String, TaskRuns.History> history = taskRuns.history(dag.id(), runDate, intervalStart);
            long done = order.stream().filter(t -> finished(history, t)).count();
            int slots = options.slots(dag);
            out.printf("== %s%s: %d tasks%s%s%n", label, suffix, order.size(),
                    slots == 1 ? "" : String.format(", up to %d at once", slots),
                    done == 0 ? "" : options.rerun() ? " (running all again: --rerun)"
                            : String.format(" (%d finished by an earlier run: resuming)", done));
            List<DagRunResult.TaskResult> results = runTasks(dag, order, commands, history, runDate, intervalStart,
                    dagRunId, slots);
            DagRunResult result = new DagRunResult(dag.id(), runDate, intervalStart, results,
                    Duration.between(begin, Instant.now()));
            out.printf("== %s %s: %d task(s) run, %d already done, in %.1f s%n", label,
                    result.succeeded() ? "finished" : "FAILED", result.tasksRun(),
                    results.stream().filter(t -> t.outcome() == DagRunResult.Outcome.ALREADY_DONE).count(),
                    result.elapsed().toMillis() / 1000.0);
            LOG.info("dag={} run_date={} interval_start={} succeeded={} tasks_run={} seconds={}", dag.id(), runDate,
                    intervalStart, result.succeeded(), result.tasksRun(), result.elapsed().toMillis() / 1000.0);
            return result;
        }
    }

    /**
     * Runs the tasks, at most {@code slots} at once: a task starts when every task it depends on has
     * ended, lowest position first, so one slot runs them in {@code order} exactly. A task whose
     * upstream failed, that an earlier run finished or that the filter leaves out is decided without
     * a slot. When the runner itself fails (a try that would not stop) no further task starts, the
     * running ones end, and the failure is thrown.
     *
     * @return one result per task, in {@code order}
     */
    private List<DagRunResult.TaskResult> runTasks(Dag dag, List<DagTask> order, Map<String, String[]> commands,
            Map<String, TaskRuns.History> history, LocalDate runDate, LocalDate intervalStart, String dagRunId,
            int slots) {
        Map<String, DagRunResult.TaskResult> ended = new HashMap<>();
        Set<String> started = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(slots, new TaskThreads(dag.id()));
        CompletionService<DagRunResult.TaskResult> running = new ExecutorCompletionService<>(pool);
        int inFlight = 0;
        RuntimeException broken = null;
        try {
            while (ended.size() < order.size()) {
                boolean decided = true;
                while (decided) {
                    decided = false;
                    for (int i = 0; i < order.size(); i++) {
                        DagTask task = order.get(i);
                        if (started.contains(task.id())
                                || !task.dependencies().stream().allMatch(ended::containsKey)) {
                            continue;
                        }
                        String position = String.format("[%2d/%d]", i + 1, order.size());
                        DagRunResult.TaskResult now = decideWithoutRunning(task, history, ended, position);
                        if (now != null) {
                            started.add(task.id());
                            ended.put(task.id(), now);
                            decided = true;
                        } else if (inFlight < slots && broken == null) {
                            started.add(task.id());
                            int previousTries = history.containsKey(task.id()) ? history.get(task.id()).tries() : 0;
                            String[] args = commands.get(task.id());
                            running.submit(() -> runTask(dag, task, args, runDate, intervalStart, dagRunId,
                                    previousTries, position));
                            inFlight++;
                        }
                    }
                }
                if (inFlight == 0) {
                    if (broken != null) {
                        throw broken;
                    }
                    if (ended.size() < order.size()) {
                        throw new IllegalStateException("DAG " + dag.id() + ": no task can start among "
                                + order.stream().map(DagTask::id).filter(id -> !ended.containsKey(id)).toList());
                    }
                    break;
                }
                Future<DagRunResult.TaskResult> done = running.take();
                inFlight--;
                try {
                    DagRunResult.TaskResult r = done.get();
                    ended.put(r.taskId(), r);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (broken == null) {
                        broken = cause instanceof RuntimeException re ? re
                                : new IllegalStateException("DAG " + dag.id() + ": the runner failed", cause);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new IllegalStateException("Interrupted while running DAG " + dag.id(), e);
        } finally {
            pool.shutdown();
        }
        return order.stream().map(t -> ended.get(t.id())).toList();
    }

    /** A task's outcome when it is not to run, or null when it is. */
    private DagRunResult.TaskResult decideWithoutRunning(DagTask task, Map<String, TaskRuns.History> history,
            Map<String, DagRunResult.TaskResult> ended, String position) {
        if (options.taskFilter() != null && !options.taskFilter().matcher(task.id()).find()) {
            return new DagRunResult.TaskResult(task.id(), DagRunResult.Outcome.FILTERED_OUT, 0, 0, null);
        }
        if (finished(history, task)) {
            out.printf("   %s %-26s already done (%s)%n", position, task.id(), history.get(task.id()).succeededAt());
            return new DagRunResult.TaskResult(task.id(), DagRunResult.Outcome.ALREADY_DONE, 0, 0, null);
        }
        if (task.dependencies().stream().anyMatch(d -> !ended.get(d).outcome().letsDownstreamRun())) {
            out.printf("   %s %-26s not run: an upstream task did not finish%n", position, task.id());
            return new DagRunResult.TaskResult(task.id(), DagRunResult.Outcome.UPSTREAM_FAILED, 0, 0,
                    "upstream task did not finish");
        }
        return null;
    }

    /** Names the runner's worker threads after the DAG, for thread dumps. */
    private static final class TaskThreads implements ThreadFactory {
        private final String dagId;
        private final AtomicInteger next = new AtomicInteger();

        TaskThreads(String dagId) {
            this.dagId = dagId;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "revlake-runner-" + dagId + "-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    private boolean finished(Map<String, TaskRuns.History> history, DagTask task) {
        TaskRuns.History h = history.get(task.id());
        return !options.rerun() && h != null && h.succeeded();
    }

    private Map<String, String[]> render(Dag dag, List<DagTask> order, LocalDate runDate, LocalDate intervalStart) {
        Map<String, String[]> commands = new LinkedHashMap<>();
        for (DagTask task : order) {
            try {
                commands.put(task.id(), task.applicationArgs().stream()
                        .map(a -> Templates.render(a, runDate, intervalStart, options.variables()))
                        .toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DAG " + dag.id() + ", task " + task.id() + ": " + e.getMessage(), e);
            }
        }
        return commands;
    }

    private DagRunResult.TaskResult runTask(Dag dag, DagTask task, String[] args, LocalDate runDate,
            LocalDate intervalStart, String dagRunId, int previousTries, String position) {
        RetryPolicy policy = RetryPolicy.of(dag, task);
        if (options.retryDelay() != null) {
            policy = policy.withRetryDelay(options.retryDelay());
        }
        String command = "revlake " + String.join(" ", args);
        Instant first = Instant.now();
        String message = null;
        int tries = policy.retries() + 1;
        for (int attempt = 1; attempt <= tries; attempt++) {
            int tryNumber = previousTries + attempt;
            Instant start = Instant.now();
            out.printf("-> %s %-26s try %d of %d: %s%n", position, task.id(), attempt, tries, command);
            taskRuns.append(new TaskRuns.Entry(dagRunId, dag.id(), runDate, intervalStart, task.id(), tryNumber,
                    TaskRuns.RUNNING, start, null, null, null, command));
            Attempt a = attempt(task, args, policy.timeout());
            Instant end = Instant.now();
            taskRuns.append(new TaskRuns.Entry(dagRunId, dag.id(), runDate, intervalStart, task.id(), tryNumber,
                    a.state(), start, end, a.exitCode(), a.message(), command));
            double seconds = Duration.between(start, end).toMillis() / 1000.0;
            if (TaskRuns.SUCCESS.equals(a.state())) {
                out.printf("<- %s %-26s success in %.1f s%n", position, task.id(), seconds);
                return new DagRunResult.TaskResult(task.id(), DagRunResult.Outcome.SUCCEEDED, attempt,
                        Duration.between(first, end).toMillis() / 1000.0, null);
            }
            message = a.message();
            boolean usage = a.exitCode() != null && a.exitCode() == USAGE_ERROR;
            boolean gate = a.exitCode() != null && a.exitCode() == QUALITY_GATE_FAILED;
            if (attempt < tries && !usage && !gate) {
                Duration wait = policy.delayAfter(attempt);
                out.printf("<- %s %-26s %s after %.1f s (%s); retrying in %d s%n", position, task.id(), a.state(),
                        seconds, message, wait.toSeconds());
                sleep(wait);
            } else {
                String why = usage ? "; a usage error is not retried"
                        : gate ? "; a failed quality gate is not retried" : "";
                out.printf("<- %s %-26s %s after %.1f s (%s)%s%n", position, task.id(), a.state(), seconds, message,
                        why);
                return new DagRunResult.TaskResult(task.id(), DagRunResult.Outcome.FAILED, attempt,
                        Duration.between(first, end).toMillis() / 1000.0, message);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private record Attempt(String state, Integer exitCode, String message) {
    }

    /** One try in its own thread, so that it can be stopped at its timeout. */
    private Attempt attempt(DagTask task, String[] args, Duration timeout) {
        String group = "revlake-task-" + task.id() + "-" + UUID.randomUUID();
        LastLine lastError = new LastLine();
        PrintWriter err = new PrintWriter(new TeeWriter(new PrintWriter(System.err, true), lastError), true);
        PrintWriter stdout = new PrintWriter(System.out, true);
        CountDownLatch stopped = new CountDownLatch(1);
        FutureTask<Integer> work = new FutureTask<>(() -> {
            try {
                // Spark jobs started by this thread carry the group, so a timeout can cancel them.
                spark.sparkContext().setJobGroup(group, "revlake task " + task.id(), true);
                return executor.execute(args, stdout, err);
            } finally {
                spark.sparkContext().clearJobGroup();
                stopped.countDown();
            }
        });
        Thread thread = new Thread(work, "revlake-task-" + task.id());
        thread.start();
        try {
            int code = timeout == null ? work.get() : work.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return code == 0 ? new Attempt(TaskRuns.SUCCESS, 0, null)
                    : new Attempt(TaskRuns.FAILED, code, lastError.text("exit code " + code));
        } catch (TimeoutException e) {
            spark.sparkContext().cancelJobGroup(group);
            work.cancel(true);
            try {
                if (!stopped.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("Task " + task.id() + " did not stop within "
                            + STOP_GRACE.toSeconds() + " s of its " + timeout.toSeconds() + " s timeout: the run stops"
                            + " here so that it cannot write beside a retry");
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping task " + task.id(), interrupted);
            }
            return new Attempt(TaskRuns.TIMED_OUT, null, "timed out after " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Attempt(TaskRuns.FAILED, null, cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + firstLine(Redaction.message(cause.getMessage()))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spark.sparkContext().cancelJobGroup(group);
            work.cancel(true);
            throw new IllegalStateException("Interrupted while running task " + task.id(), e);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** Keeps the last non-blank line written, for the task's failure message. */
    private static final class LastLine extends Writer {
        private final StringBuilder current = new StringBuilder();
        private String last;

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                char c = buffer[i];
                if (c == '\n') {
                    if (!current.toString().isBlank()) {
                        last = current.toString().strip();
                    }
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
        }

        synchronized String text(String fallback) {
            String pending = current.toString().strip();
            return !pending.isEmpty() ? pending : last != null ? last : fallback;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Writes to two writers. */
    private static final class TeeWriter extends Writer {
        private final Writer first;
        private final Writer second;

        TeeWriter(Writer first, Writer second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws java.io.IOException {
            first.write(buffer, offset, length);
            second.write(buffer, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}
