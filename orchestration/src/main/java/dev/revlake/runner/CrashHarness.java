package dev.revlake.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.Lake;
import dev.revlake.lake.LakeChecksums;
import dev.revlake.lake.Layer;
import dev.revlake.models.training.TrainingSettings;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.train.ModelRunOutcome;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.TrainConfig;
import dev.revlake.train.TrainingSets;

/**
 * Kill-and-rerun harness for the nightly DAG. It builds a starting lake once (simulated history,
 * backfilled, champions trained), runs {@code revlake run revlake_nightly} for the night after it
 * uninterrupted in a child JVM as the reference, then for each kill point: a fresh copy of the starting
 * lake, the same run in a child JVM killed with SIGKILL at the point, the same command again to
 * completion, and a comparison of every table's content checksum, every export kind's checksum and
 * the duplicate keys with the reference ({@link LakeChecksums}). Finally it runs the same date again
 * twice with {@code --rerun} on the reference lake and compares again (idempotence).
 *
 * <p>Kill points are spread over the stages of the reference run (ingest, silver, gold, score,
 * forecast, export, and any other task): alternately "after the k-th Delta commit anywhere in the
 * lake" (commits counted by polling the {@code _delta_log} folders) and "a fraction of the stage's
 * reference duration after the stage started" (between commits, mid-write).
 */
public final class CrashHarness {

    private static final Logger LOG = LoggerFactory.getLogger(CrashHarness.class);

    /** The DAG the harness kills. */
    public static final String DAG = "revlake_nightly";

    private static final Pattern TASK_START = Pattern.compile("^-> \\[\\s*\\d+/\\d+\\] (\\S+)\\s+try");
    private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");
    private static final long POLL_MILLIS = 5;

    /**
     * What to run.
     *
     * @param killPoints kill points to try (at least 1)
     * @param contacts   simulated people
     * @param days       simulated days; the last one is the killed night
     * @param seed       simulator seed
     * @param work       working folder (raw zone, starting lake, one lake per point)
     * @param reruns     extra {@code --rerun} runs of the night for the idempotence check (0 for none)
     * @param cliClass   the main class the child JVMs run
     */
    public record Settings(int killPoints, int contacts, int days, long seed, Path work, int reruns, String cliClass) {
        public Settings {
            if (killPoints < 1) {
                throw new IllegalArgumentException("Invalid kill points: " + killPoints + " (at least 1)");
            }
            if (contacts < 10) {
                throw new IllegalArgumentException("Invalid contacts: " + contacts + " (at least 10)");
            }
            if (days < 3) {
                throw new IllegalArgumentException("Invalid days: " + days + " (at least 3)");
            }
            if (reruns < 0) {
                throw new IllegalArgumentException("Invalid reruns: " + reruns);
            }
            Objects.requireNonNull(work, "work");
            Objects.requireNonNull(cliClass, "cliClass");
        }
    }

    /** Where a kill point lands: after a commit count, or a delay after a stage's start. */
    public record KillPoint(int number, String stage, long afterCommits, double stageFraction) {
        String describe() {
            return afterCommits > 0 ? "after commit " + afterCommits
                    : String.format("%.0f%% into %s", stageFraction * 100, stage);
        }
    }

    /** One point's outcome. */
    public record PointResult(KillPoint point, String hit, boolean killed, long commitsAtKill, int rerunExit,
                              List<String> differences) {
    }

    /** The whole run. */
    public record Report(List<PointResult> points, List<String> rerunDifferences, int referenceCommits,
                         Map<String, Integer> pointsPerStage) {
        /** Points whose re-run did not end equal to the reference. */
        public long pointsWithDifferences() {
            return points.stream().filter(p -> !p.differences().isEmpty()).count();
        }

        /** Differences over all points and the idempotence reruns. */
        public int differences() {
            return points.stream().mapToInt(p -> p.differences().size()).sum() + rerunDifferences.size();
        }
    }

    /** A task try that started, with the lake's commit count and the milliseconds since the run began. */
    record TaskStart(String task, long commits, long millis) {
    }

    private record ChildRun(int exit, boolean killed, String lastTask, long commitsAtKill, List<TaskStart> starts,
                            long totalCommits, long millis, List<String> lines) {
    }

    private final SparkSession spark;
    private final DagRunner.TaskExecutor cli;
    private final Settings settings;
    private final PrintStream out;

    public CrashHarness(SparkSession spark, DagRunner.TaskExecutor cli, Settings settings, PrintStream out) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.cli = Objects.requireNonNull(cli, "cli");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Runs the harness and prints one line per point and a final {@code N kill points tried, M differences}. */
    public Report run() throws IOException, InterruptedException {
        Path work = settings.work().toAbsolutePath().normalize();
        Files.createDirectories(work);
        Path raw = work.resolve("raw");
        Path start = work.resolve("start");
        LocalDate first = LocalDate.of(2026, 1, 1);
        LocalDate night = first.plusDays(settings.days() - 1L);
        Instant t0 = Instant.now();
        buildStart(raw, start, first, night);
        out.printf("crashtest: starting lake built in %.1f s (%d contacts, %s..%s); killed night %s%n",
                seconds(t0), settings.contacts(), first, night.minusDays(1), night);

        Path reference = work.resolve("reference");
        copyFresh(start, reference);
        ChildRun ref = child(command(reference, raw, night, false), null);
        if (ref.exit() != 0) {
            throw new IllegalStateException("the uninterrupted reference run failed (exit " + ref.exit() + "): "
                    + tail(ref.lines()));
        }
        Map<String, LakeChecksums.Checksum> expected = checksums(reference);
        out.printf("crashtest: reference run %.1f s, %d Delta commits, %d tables and export kinds%n",
                ref.millis() / 1000.0, ref.totalCommits(), expected.size());
        List<String> refDuplicates = expected.values().stream().filter(c -> c.duplicateKeys() > 0)
                .map(c -> c.name() + ": " + c.duplicateKeys() + " duplicated key values").toList();

        List<KillPoint> points = plan(ref, settings.killPoints());
        Map<String, Integer> perStage = new LinkedHashMap<>();
        List<PointResult> results = new ArrayList<>();
        for (KillPoint p : points) {
            Instant tp = Instant.now();
            Path lake = work.resolve(String.format("point-%02d", p.number()));
            copyFresh(start, lake);
            ChildRun killed = child(command(lake, raw, night, false), p);
            ChildRun rerun = child(command(lake, raw, night, false), null);
            List<String> diffs = new ArrayList<>();
            if (rerun.exit() != 0) {
                diffs.add("re-run exit code " + rerun.exit() + ": " + tail(rerun.lines()));
            } else {
                diffs.addAll(LakeChecksums.differences(expected, checksums(lake)));
            }
            String hit = killed.killed() ? stage(killed.lastTask()) + " (" + killed.lastTask() + ")"
                    : "none: the run finished first";
            perStage.merge(killed.killed() ? stage(killed.lastTask()) : "finished", 1, Integer::sum);
            PointResult r = new PointResult(p, hit, killed.killed(), killed.commitsAtKill(), rerun.exit(), diffs);
            results.add(r);
            out.printf("point %2d  %-26s hit %-36s commits %3d  %s  (%.1f s)%n", p.number(), p.describe(), hit,
                    killed.commitsAtKill(), diffs.isEmpty() ? "equal" : diffs.size() + " DIFFERENCES", seconds(tp));
            diffs.forEach(d -> out.println("          " + d));
            deleteRecursively(lake);
        }

        // Idempotence: the same date run again (twice by default) over the finished reference lake.
        List<String> rerunDiffs = new ArrayList<>(refDuplicates);
        for (int i = 1; i <= settings.reruns(); i++) {
            int code = cli.execute(command(reference, raw, night, true).toArray(String[]::new),
                    new PrintWriter(System.out, true), new PrintWriter(System.err, true));
            List<String> d = code != 0 ? List.of("--rerun " + i + " exit code " + code)
                    : LakeChecksums.differences(expected, checksums(reference));
            String run = "run " + (i + 1) + " of the date: ";
            d.forEach(x -> rerunDiffs.add(run + x));
            out.printf("rerun %d of the same date: %s%n", i + 1, d.isEmpty() ? "equal checksums" : d.size()
                    + " DIFFERENCES");
        }
        Report report = new Report(results, rerunDiffs, (int) ref.totalCommits(), perStage);
        out.printf("kill points per stage: %s%n", perStage);
        out.printf("%d kill points tried, %d differences%n", results.size(), report.differences());
        LOG.info("crashtest points={} differences={} seconds={}", results.size(), report.differences(), seconds(t0));
        return report;
    }

    /** Simulated history, backfilled with the backfill DAG (one batch per stage), champions trained. */
    private void buildStart(Path raw, Path start, LocalDate first, LocalDate night) {
        Path truth = settings.work().toAbsolutePath().resolve("truth");
        exec("simulate", "--raw", raw.toString(), "--truth", truth.toString(), "--contacts",
                Integer.toString(settings.contacts()), "--days", Integer.toString(settings.days()), "--start",
                first.toString(), "--seed", Long.toString(settings.seed()));
        Path lake = start.resolve("lake");
        exec("backfill", "--dag", "revlake_backfill", "--from", first.toString(), "--to", night.minusDays(1).toString(),
                "--lake", lake.toString(), "--raw", raw.toString(), "--exports", start.resolve("exports").toString(),
                "--retry-delay", "1");
        // Tiny evidence thresholds: a small company still gets champions, so score, forecast and export run.
        TrainingSettings small = new TrainingSettings(0.2, 0.2, 3, 1, 20, 42L);
        List<ModelRunOutcome> models = ModelTrainingJob.run(spark, new TrainConfig(new Lake(lake.toString()),
                TrainConfig.ALL_MODELS, TrainingSets.DEFAULT_MAX_ROWS, small, truth.toString(),
                Pipeline.newRunId("train", night)));
        for (ModelRunOutcome m : models) {
            out.printf("crashtest: model %s %s%n", m.modelName(), m.trained() ? "trained " + m.version()
                    : "not trained: " + m.refusal());
        }
        // The nightly score task fails when some champions exist and others do not: say so now, not
        // after the reference run.
        models.stream().filter(m -> !m.trained()).findFirst().ifPresent(m -> {
            throw new IllegalStateException("model " + m.modelName() + " could not be trained on the starting lake ("
                    + m.refusal() + "); the nightly run needs every champion: try more --contacts or --days");
        });
    }

    private void exec(String... args) {
        int code = cli.execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != 0) {
            throw new IllegalStateException("revlake " + args[0] + " failed with exit code " + code
                    + " while building the starting lake");
        }
    }

    private List<String> command(Path root, Path raw, LocalDate night, boolean rerun) {
        List<String> c = new ArrayList<>(List.of("run", "--dag", DAG, "--date", night.toString(), "--lake",
                root.resolve("lake").toString(), "--raw", raw.toString(), "--exports",
                root.resolve("exports").toString(), "--retry-delay", "1"));
        if (rerun) {
            c.add("--rerun");
        }
        return c;
    }

    private Map<String, LakeChecksums.Checksum> checksums(Path root) {
        Map<String, LakeChecksums.Checksum> all = new LinkedHashMap<>(
                LakeChecksums.tables(spark, root.resolve("lake").toString()));
        LakeChecksums.exports(root.resolve("exports")).forEach((k, v) -> all.put("exports/" + k, v));
        return all;
    }

    /**
     * Spreads the points over the stages (round-robin), alternating commit-count and mid-stage points
     * within a stage and from one stage to the next.
     */
    static List<KillPoint> plan(List<TaskStart> starts, long totalCommits, long totalMillis, int n) {
        List<String> stages = new ArrayList<>();
        Map<String, long[]> range = new LinkedHashMap<>(); // stage -> commits from, commits to
        for (int i = 0; i < starts.size(); i++) {
            TaskStart s = starts.get(i);
            long end = i + 1 < starts.size() ? starts.get(i + 1).commits() : totalCommits;
            String stage = stage(s.task());
            long[] r = range.get(stage);
            if (r == null) {
                stages.add(stage);
                range.put(stage, new long[] {s.commits(), end});
            } else {
                r[1] = end;
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalStateException("the reference run started no task");
        }
        int[] perStage = new int[stages.size()];
        if (n < stages.size()) {
            // Fewer points than stages: spread them from the first stage to the last.
            for (int i = 0; i < n; i++) {
                perStage[(int) Math.round(i * (stages.size() - 1.0) / Math.max(1, n - 1))]++;
            }
        } else {
            for (int i = 0; i < n; i++) {
                perStage[i % stages.size()]++;
            }
        }
        List<KillPoint> points = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            int m = perStage[s];
            // The kind alternates within a stage and its starting kind alternates from stage to
            // stage, so one point per stage still gives both kinds over the run.
            int first = s % 2;
            int commitPoints = first == 0 ? (m + 1) / 2 : m / 2;
            int timePoints = m - commitPoints;
            long[] r = range.get(stages.get(s));
            long span = Math.max(1, r[1] - r[0]);
            int c = 0;
            int t = 0;
            for (int q = 0; q < m; q++) {
                if ((q + first) % 2 == 0) {
                    long k = r[0] + 1 + (long) Math.floor((c + 0.5) * span / commitPoints);
                    points.add(new KillPoint(0, stages.get(s), Math.min(k, r[1]), 0));
                    c++;
                } else {
                    points.add(new KillPoint(0, stages.get(s), 0, (t + 1.0) / (timePoints + 1.0)));
                    t++;
                }
            }
        }
        // Number them in run order.
        List<KillPoint> ordered = new ArrayList<>();
        for (String stage : stages) {
            points.stream().filter(p -> p.stage().equals(stage)).forEach(ordered::add);
        }
        List<KillPoint> numbered = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            KillPoint p = ordered.get(i);
            numbered.add(new KillPoint(i + 1, p.stage(), p.afterCommits(), p.stageFraction()));
        }
        return numbered;
    }

    private List<KillPoint> plan(ChildRun ref, int n) {
        List<KillPoint> points = plan(ref.starts(), ref.totalCommits(), ref.millis(), n);
        stageMillis.clear();
        for (int i = 0; i < ref.starts().size(); i++) {
            String stage = stage(ref.starts().get(i).task());
            long end = i + 1 < ref.starts().size() ? ref.starts().get(i + 1).millis() : ref.millis();
            stageMillis.merge(stage, end - ref.starts().get(i).millis(), Long::sum);
        }
        return points;
    }

    private final Map<String, Long> stageMillis = new LinkedHashMap<>();

    /** The stage a task belongs to: every {@code ingest_<source>} task is "ingest". */
    static String stage(String task) {
        if (task == null) {
            return "before the first task";
        }
        return task.startsWith("ingest") ? "ingest" : task;
    }

    /**
     * The command line of a child JVM running {@code mainClass} with this JVM's class path and its
     * module flags (Spark's {@code --add-opens} list), so the child behaves like this process.
     */
    public static List<String> childJvm(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.")
                        || a.startsWith("-Djdk."))
                .forEach(command::add);
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }

    /** Runs the CLI in a child JVM; with a point, kills it (SIGKILL) there. */
    private ChildRun child(List<String> args, KillPoint point) throws IOException, InterruptedException {
        List<String> command = childJvm(settings.cliClass(), args);
        Path lake = Path.of(args.get(args.indexOf("--lake") + 1));
        long startMillis = System.currentTimeMillis();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        List<TaskStart> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher m = TASK_START.matcher(line);
                    synchronized (lines) {
                        lines.add(line);
                        if (m.find()) {
                            starts.add(new TaskStart(m.group(1), commits(lake),
                                    System.currentTimeMillis() - startMillis));
                        }
                    }
                }
            } catch (IOException e) {
                // The stream closes when the process is killed.
            }
        }, "crashtest-child-output");
        reader.start();
        boolean killed = false;
        long commitsAtKill = -1;
        String lastTask = null;
        while (process.isAlive()) {
            if (point != null && due(point, lake, starts, startMillis)) {
                synchronized (lines) {
                    lastTask = starts.isEmpty() ? null : starts.get(starts.size() - 1).task();
                }
                process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no clean-up
                killed = true;
                commitsAtKill = commits(lake);
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("revlake " + String.join(" ", args) + " did not end within 10 minutes");
        }
        reader.join(10_000);
        long millis = System.currentTimeMillis() - startMillis;
        synchronized (lines) {
            return new ChildRun(killed ? -9 : process.exitValue(), killed, lastTask,
                    killed ? commitsAtKill : commits(lake), List.copyOf(starts), commits(lake), millis,
                    List.copyOf(lines));
        }
    }

    private boolean due(KillPoint p, Path lake, List<TaskStart> starts, long startMillis) {
        if (p.afterCommits() > 0) {
            return commits(lake) >= p.afterCommits();
        }
        TaskStart stageStart = starts.stream().filter(s -> stage(s.task()).equals(p.stage())).findFirst()
                .orElse(null);
        if (stageStart == null) {
            return false;
        }
        long delay = (long) (p.stageFraction() * stageMillis.getOrDefault(p.stage(), 0L));
        return System.currentTimeMillis() - startMillis >= stageStart.millis() + delay;
    }

    /** Delta commits so far in every table of the lake (only finished commit files count). */
    static long commits(Path lake) {
        long n = 0;
        for (Layer layer : Layer.values()) {
            Path folder = lake.resolve(layer.folder());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> tables = Files.list(folder)) {
                for (Path table : tables.toList()) {
                    Path log = table.resolve("_delta_log");
                    if (Files.isDirectory(log)) {
                        try (Stream<Path> files = Files.list(log)) {
                            n += files.filter(f -> COMMIT.matcher(f.getFileName().toString()).matches()).count();
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // A folder that appears or vanishes mid-listing: count it at the next poll.
            }
        }
        return n;
    }

    /** The child's last error line (a task's one-line error) and its last lines. */
    private static String tail(List<String> lines) {
        List<String> errors = lines.stream().filter(l -> l.contains(": error: ")).toList();
        String last = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return errors.isEmpty() ? last : errors.get(errors.size() - 1).strip() + " | " + last;
    }

    private static void copyFresh(Path from, Path to) throws IOException {
        deleteRecursively(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
