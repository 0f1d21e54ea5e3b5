package dev.revlake.runner;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.dag.Dag;
import dev.revlake.dag.DagFiles;
import dev.revlake.dag.DagTask;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;

/**
 * The runner's logic with a recording executor instead of the revlake CLI (the state table is real
 * Delta): order, once per day, retries, timeouts, resume and the lock.
 */
class DagRunnerTest {

    private static final Map<String, String> VARIABLES = Map.of("revlake_lake", "/lake", "revlake_raw", "/raw",
            "revlake_exports", "/exports");

    @TempDir
    Path dir;

    private final SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** Records "date task" per execution; the answer function gives each call's exit code. */
    private static final class Recorder implements DagRunner.TaskExecutor {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> tries = new java.util.concurrent.ConcurrentHashMap<>();
        final Function<String, Integer> answer;

        Recorder(Function<String, Integer> answer) {
            this.answer = answer;
        }

        @Override
        public int execute(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
            String call = String.join(" ", args);
            calls.add(call);
            int n = tries.merge(call, 1, Integer::sum);
            int code = answer.apply(call + " #" + n);
            if (code != 0) {
                err.println("revlake " + args[0] + ": error: planned failure " + n);
            }
            return code;
        }
    }

    private DagRunner runner(Lake lake, DagRunner.TaskExecutor executor, boolean rerun) {
        return new DagRunner(spark, lake, executor, new DagRunner.Options(VARIABLES, Duration.ZERO, rerun, null),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private Lake lake() {
        return new Lake(dir.resolve("lake").toString());
    }

    private static Dag shippedNightly() {
        return DagFiles.load(Path.of("dags/revlake_dags.yml"), c -> true).get(0);
    }

    private Dag dag(String defaultArgs, String tasks) throws IOException {
        return dag(defaultArgs, "", tasks);
    }

    /** A DAG whose YAML has {@code dagSettings} (indented lines) under its id. */
    private Dag dag(String defaultArgs, String dagSettings, String tasks) throws IOException {
        Path f = dir.resolve("test_dags.yml");
        Files.writeString(f, "default:\n  default_args:\n" + defaultArgs + "test_dag:\n  schedule: \"@daily\"\n"
                + dagSettings + "  tasks:\n" + tasks);
        return DagFiles.load(f, c -> true).get(0);
    }

    private static String task(String id, String deps) {
        return "    " + id + ":\n      operator: " + DagFiles.SPARK_SUBMIT_OPERATOR + "\n      java_class: "
                + DagFiles.MAIN_CLASS + "\n      application_args: [" + id + ", \"--date\", \"{{ ds }}\"]\n"
                + (deps == null ? "" : "      dependencies: [" + deps + "]\n");
    }

    private List<Row> stateRows(Lake lake) {
        return DeltaTables.read(spark, lake, TaskRuns.TABLE).orderBy(col("started_at"), col("ended_at").asc_nulls_first())
                .collectAsList();
    }

    /**
     * Three nights, not a week: every task try is two Delta commits (running, then its outcome),
     * about 0.3 s each, and three nights show the per-day order and the skip of finished days as
     * well as seven did (a week took 55 s of commits for the 13 tasks the nightly DAG had before
     * its four quality gates).
     */
    @Test
    void backfilledNightsOfTheNightlyDagRunEveryTaskOncePerDayInDependencyOrder() {
        Lake lake = lake();
        Dag nightly = shippedNightly();
        Recorder recorder = new Recorder(c -> 0);
        int days = 3;
        LocalDate last = LocalDate.of(2026, 3, days);
        List<DagRunResult> runs = runner(lake, recorder, false).backfill(nightly, LocalDate.of(2026, 3, 1), last);

        assertThat(runs).hasSize(days).allMatch(DagRunResult::succeeded);
        List<String> taskOrder = nightly.executionOrder().stream().map(DagTask::id).toList();
        assertThat(recorder.calls).hasSize(days * taskOrder.size());
        for (int day = 0; day < days; day++) {
            LocalDate ds = LocalDate.of(2026, 3, 1 + day);
            List<String> ofDay = recorder.calls.subList(day * taskOrder.size(), (day + 1) * taskOrder.size());
            // Each call of the day carries that day's date and the next task's command, in run order.
            for (int i = 0; i < taskOrder.size(); i++) {
                DagTask t = nightly.task(taskOrder.get(i));
                assertThat(ofDay.get(i)).startsWith(t.command() + " ");
                if (t.applicationArgs().stream().anyMatch(dev.revlake.dag.Templates::usesRunDate)) {
                    assertThat(ofDay.get(i)).contains(ds.toString());
                }
            }
            for (DagTask t : nightly.tasks()) {
                int at = taskOrder.indexOf(t.id());
                t.dependencies().forEach(d -> assertThat(taskOrder.indexOf(d)).isLessThan(at));
            }
        }
        assertThat(recorder.calls.get(taskOrder.indexOf("gold"))).contains("--from 2026-02-22 --to 2026-03-01");

        List<Row> rows = stateRows(lake);
        assertThat(rows).hasSize(2 * days * taskOrder.size());
        assertThat(rows.stream().filter(r -> r.getAs("state").equals(TaskRuns.SUCCESS))).hasSize(days * taskOrder.size())
                .allMatch(r -> (int) r.getAs("try_number") == 1);

        // Backfilling the same nights again runs nothing: every task of every day is done.
        Recorder again = new Recorder(c -> 0);
        List<DagRunResult> second = runner(lake, again, false).backfill(nightly, LocalDate.of(2026, 3, 1), last);
        assertThat(again.calls).isEmpty();
        assertThat(second).hasSize(days).allMatch(r -> r.tasks().stream()
                .allMatch(t -> t.outcome() == DagRunResult.Outcome.ALREADY_DONE));
    }

    @Test
    void failedTriesAreRetriedThenAFailedRunResumesAtItsFirstUnfinishedTask() throws IOException {
        Lake lake = lake();
        Dag dag = dag("    retries: 2\n    retry_delay_sec: 0\n", task("a", null) + task("b", "a") + task("c", "b")
                + task("d", null));
        // b fails twice then succeeds; c fails every try in the first run.
        Recorder first = new Recorder(c -> c.startsWith("b ") && !c.endsWith("#3") || c.startsWith("c ") ? 1 : 0);
        DagRunResult r1 = runner(lake, first, false).run(dag, LocalDate.of(2026, 3, 2));
        assertThat(r1.succeeded()).isFalse();
        assertThat(r1.tasks()).extracting(DagRunResult.TaskResult::taskId, DagRunResult.TaskResult::outcome,
                DagRunResult.TaskResult::tries).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", DagRunResult.Outcome.SUCCEEDED, 1),
                org.assertj.core.groups.Tuple.tuple("b", DagRunResult.Outcome.SUCCEEDED, 3),
                org.assertj.core.groups.Tuple.tuple("c", DagRunResult.Outcome.FAILED, 3),
                org.assertj.core.groups.Tuple.tuple("d", DagRunResult.Outcome.SUCCEEDED, 1));
        assertThat(r1.tasks().get(2).message()).isEqualTo("revlake c: error: planned failure 3");

        Recorder second = new Recorder(c -> 0);
        DagRunResult r2 = runner(lake, second, false).run(dag, LocalDate.of(2026, 3, 2));
        assertThat(r2.succeeded()).isTrue();
        assertThat(second.calls).containsExactly("c --date 2026-03-02");
        List<Row> cRows = stateRows(lake).stream().filter(r -> r.getAs("task_id").equals("c")).toList();
        assertThat(cRows.stream().map(r -> r.getAs("state") + "#" + r.getAs("try_number")).toList())
                .containsExactly("running#1", "failed#1", "running#2", "failed#2", "running#3", "failed#3",
                        "running#4", "success#4");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("(3 finished by an earlier run: resuming)");

        // --rerun runs everything again.
        Recorder third = new Recorder(c -> 0);
        assertThat(runner(lake, third, true).run(dag, LocalDate.of(2026, 3, 2)).tasksRun()).isEqualTo(4);
    }

    @Test
    void aTaskDownstreamOfAFailureIsNotRunAndAUsageErrorIsNotRetried() throws IOException {
        Dag dag = dag("    retries: 3\n    retry_delay_sec: 0\n", task("a", null) + task("b", "a") + task("c", "b"));
        Recorder recorder = new Recorder(c -> c.startsWith("a ") ? 2 : 0);
        DagRunResult r = runner(lake(), recorder, false).run(dag, LocalDate.of(2026, 3, 2));
        assertThat(recorder.calls).containsExactly("a --date 2026-03-02");
        assertThat(r.tasks()).extracting(DagRunResult.TaskResult::outcome).containsExactly(
                DagRunResult.Outcome.FAILED, DagRunResult.Outcome.UPSTREAM_FAILED, DagRunResult.Outcome.UPSTREAM_FAILED);
    }

    @Test
    void aFailedQualityGateIsNotRetried() throws IOException {
        Dag dag = dag("    retries: 3\n    retry_delay_sec: 0\n", task("a", null) + task("b", "a"));
        Recorder recorder = new Recorder(c -> c.startsWith("a ") ? dev.revlake.cli.RevLakeCli.QUALITY_GATE_FAILED : 0);
        DagRunResult r = runner(lake(), recorder, false).run(dag, LocalDate.of(2026, 3, 2));
        assertThat(recorder.calls).containsExactly("a --date 2026-03-02");
        assertThat(r.tasks()).extracting(DagRunResult.TaskResult::outcome).containsExactly(
                DagRunResult.Outcome.FAILED, DagRunResult.Outcome.UPSTREAM_FAILED);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("a failed quality gate is not retried");
    }

    @Test
    void aTryThatOutlivesItsTimeoutIsStoppedAndRecorded() throws IOException {
        Lake lake = lake();
        Dag dag = dag("    retries: 0\n    execution_timeout_secs: 1\n", task("slow", null));
        DagRunner.TaskExecutor sleeper = (args, out, err) -> {
            try {
                Thread.sleep(60_000);
                return 0;
            } catch (InterruptedException e) {
                return 1;
            }
        };
        Instant start = Instant.now();
        DagRunResult r = runner(lake, sleeper, false).run(dag, LocalDate.of(2026, 3, 2));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(r.tasks().get(0).outcome()).isEqualTo(DagRunResult.Outcome.FAILED);
        assertThat(r.tasks().get(0).message()).isEqualTo("timed out after 1 s");
        assertThat(stateRows(lake).stream().map(row -> (String) row.getAs("state")).toList())
                .containsExactly(TaskRuns.RUNNING, TaskRuns.TIMED_OUT);
    }

    @Test
    void aLiveRunHoldsTheLockAndAStaleOneIsTakenOver() throws IOException {
        Lake lake = lake();
        Dag dag = dag("    retries: 0\n", task("a", null));
        String location = RunLock.location(lake.root(), "test_dag", "2026-03-02");
        try (RunLock held = RunLock.acquire(location, spark.sparkContext().hadoopConfiguration(), "test_dag 2026-03-02")) {
            Recorder recorder = new Recorder(c -> 0);
            assertThatThrownBy(() -> runner(lake, recorder, false).run(dag, LocalDate.of(2026, 3, 2)))
                    .isInstanceOf(RunLock.HeldException.class)
                    .hasMessageStartingWith("test_dag 2026-03-02 is already running (process "
                            + ProcessHandle.current().pid() + " on ");
            assertThat(recorder.calls).isEmpty();
            // Another date of the same DAG is not blocked.
            assertThat(runner(lake, recorder, false).run(dag, LocalDate.of(2026, 3, 3)).succeeded()).isTrue();
        }
        // A lock left by a process that is gone (kill -9) is taken over.
        Path file = Path.of(location);
        Properties dead = new Properties();
        dead.setProperty("host", java.net.InetAddress.getLocalHost().getHostName());
        dead.setProperty("pid", Long.toString(deadPid()));
        dead.setProperty("acquired_at", "2026-03-02T02:00:00Z");
        try (var out = Files.newOutputStream(file)) {
            dead.store(out, null);
        }
        assertThat(RunLock.isStale(dead)).isTrue();
        assertThat(runner(lake, new Recorder(c -> 0), false).run(dag, LocalDate.of(2026, 3, 2)).succeeded()).isTrue();
        assertThat(file).doesNotExist();
    }

    private static long deadPid() throws IOException {
        Process p = new ProcessBuilder("true").start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return p.pid();
    }

    @Test
    void aTaskFilterRunsOnlyMatchingTasks() throws IOException {
        Dag dag = dag("    retries: 0\n", task("ingest_a", null) + task("ingest_b", null) + task("gold", "ingest_a"));
        Recorder recorder = new Recorder(c -> 0);
        DagRunResult r = new DagRunner(spark, lake(), recorder, new DagRunner.Options(VARIABLES, null, false,
                Pattern.compile("^ingest_")), new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(dag, LocalDate.of(2026, 3, 2));
        assertThat(recorder.calls).containsExactly("ingest_a --date 2026-03-02", "ingest_b --date 2026-03-02");
        assertThat(r.tasks().get(2).outcome()).isEqualTo(DagRunResult.Outcome.FILTERED_OUT);
    }

    /**
     * Five independent tasks under {@code max_active_tasks: 3}: the first three must be running
     * together (each waits for the other two), never more than three run at once, and the task that
     * depends on all five starts only after the last of them ended. A failed one stops only its
     * downstream tasks, and every try is in {@code ops_task_runs} despite the concurrent commits.
     */
    @Test
    void independentTasksRunSideBySideUpToMaxActiveTasksAndDependentsWaitForAllTheirUpstreams() throws IOException {
        Lake lake = lake();
        String fan = task("a1", null) + task("a2", null) + task("a3", null) + task("a4", null) + task("a5", null);
        Dag dag = dag("    retries: 0\n", "  max_active_tasks: 3\n", fan + task("b", "a1, a2, a3, a4, a5")
                + task("c", "b") + task("d", "a1"));
        assertThat(dag.maxActiveTasks()).isEqualTo(3);
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger runningNow = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch firstThree = new java.util.concurrent.CountDownLatch(3);
        List<String> waitedAlone = Collections.synchronizedList(new ArrayList<>());
        DagRunner.TaskExecutor executor = (args, out, err) -> {
            String id = args[0];
            trace.add("start " + id);
            mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
            try {
                firstThree.countDown();
                if (!firstThree.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    waitedAlone.add(id);
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                runningNow.decrementAndGet();
                trace.add("end " + id);
            }
            return 0;
        };
        DagRunResult r = runner(lake, executor, false).run(dag, LocalDate.of(2026, 3, 2));

        assertThat(r.succeeded()).isTrue();
        assertThat(waitedAlone).as("tasks that found no other task running").isEmpty();
        assertThat(mostAtOnce.get()).isEqualTo(3);
        int bStarts = trace.indexOf("start b");
        for (String a : List.of("a1", "a2", "a3", "a4", "a5")) {
            assertThat(trace.indexOf("end " + a)).as(a + " ends before b starts").isLessThan(bStarts);
        }
        assertThat(trace.indexOf("start c")).isGreaterThan(trace.indexOf("end b"));
        assertThat(trace.indexOf("start d")).isGreaterThan(trace.indexOf("end a1"));
        assertThat(r.tasks()).extracting(DagRunResult.TaskResult::taskId)
                .containsExactly("a1", "a2", "a3", "a4", "a5", "b", "c", "d");
        List<Row> rows = stateRows(lake);
        assertThat(rows).hasSize(16);
        assertThat(rows.stream().filter(row -> row.getAs("state").equals(TaskRuns.SUCCESS)).map(row -> (String)
                row.getAs("task_id")).sorted().toList()).containsExactly("a1", "a2", "a3", "a4", "a5", "b", "c", "d");

        // A failure among side-by-side tasks stops only what depends on it; --max-active-tasks 1
        // runs the others one by one in file order.
        Recorder recorder = new Recorder(c -> c.startsWith("a3 ") ? 1 : 0);
        DagRunResult failed = new DagRunner(spark, lake, recorder, new DagRunner.Options(VARIABLES, Duration.ZERO,
                true, null, 1), new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(dag, LocalDate.of(2026, 3, 3));
        assertThat(recorder.calls).containsExactly("a1 --date 2026-03-03", "a2 --date 2026-03-03",
                "a3 --date 2026-03-03", "a4 --date 2026-03-03", "a5 --date 2026-03-03", "d --date 2026-03-03");
        assertThat(failed.tasks()).extracting(DagRunResult.TaskResult::taskId, DagRunResult.TaskResult::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", DagRunResult.Outcome.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("a2", DagRunResult.Outcome.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("a3", DagRunResult.Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("a4", DagRunResult.Outcome.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("a5", DagRunResult.Outcome.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("b", DagRunResult.Outcome.UPSTREAM_FAILED),
                        org.assertj.core.groups.Tuple.tuple("c", DagRunResult.Outcome.UPSTREAM_FAILED),
                        org.assertj.core.groups.Tuple.tuple("d", DagRunResult.Outcome.SUCCEEDED));
        assertThatThrownBy(() -> new DagRunner.Options(VARIABLES, null, false, null, 0))
                .hasMessage("Invalid max active tasks: 0 (at least 1)");
    }
}
