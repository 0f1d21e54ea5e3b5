package dev.revlake.lake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Where a piece of Spark work spends its time: the completed stages grouped by the job description
 * of the step that ran them and the call site Spark names them after (for example
 * {@code gold_lead_features: localCheckpoint at GoldLeadFeaturesJob.java:117}), with their
 * wall seconds, tasks and shuffle bytes. Stages that run side by side overlap, so the seconds add up
 * to more than the wall time of the whole. Used by the benchmarks ({@code revlake bench}'s DuckDB
 * side by side, {@code IngestBench}) to show where a stage's time goes.
 */
public final class SparkStages extends SparkListener {

    /**
     * One call site's stages.
     *
     * @param callSite           Spark's stage name: the action and the line that triggered it
     * @param stages             completed stages
     * @param tasks              their tasks
     * @param seconds            summed stage wall seconds (submission to completion)
     * @param shuffleWriteBytes  bytes written to shuffle files
     * @param inputBytes         bytes read from files
     */
    public record Site(String callSite, int stages, long tasks, double seconds, long shuffleWriteBytes, long inputBytes) {
    }

    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<Integer, String> descriptions = new java.util.HashMap<>();
    private int stages;
    private int jobs;

    /** Records the stages completed while {@code work} runs. */
    public static SparkStages during(SparkSession spark, Runnable work) {
        SparkStages listener = new SparkStages();
        spark.sparkContext().addSparkListener(listener);
        try {
            work.run();
        } finally {
            // Listener events are delivered asynchronously: let the bus drain before detaching.
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty(30_000L);
            } catch (java.util.concurrent.TimeoutException e) {
                // The figures may miss the last stages; the timing itself is unaffected.
            }
            spark.sparkContext().removeSparkListener(listener);
        }
        return listener;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart event) {
        jobs++;
    }

    @Override
    public synchronized void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted event) {
        String description = event.properties() == null ? null : event.properties().getProperty("spark.job.description");
        if (description != null) {
            descriptions.put(event.stageInfo().stageId(), description);
        }
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
        StageInfo info = event.stageInfo();
        // The step (job description) first: stages of adaptive query execution are named after Spark's own
        // thread pool, not the line of the job that asked for them.
        String step = descriptions.remove(info.stageId());
        String name = step == null ? info.name() : step + ": " + info.name();
        double seconds = info.submissionTime().isDefined() && info.completionTime().isDefined()
                ? ((Long) info.completionTime().get() - (Long) info.submissionTime().get()) / 1000.0 : 0.0;
        long shuffle = info.taskMetrics() == null ? 0 : info.taskMetrics().shuffleWriteMetrics().bytesWritten();
        long input = info.taskMetrics() == null ? 0 : info.taskMetrics().inputMetrics().bytesRead();
        stages++;
        sites.merge(name, new Site(name, 1, info.numTasks(), seconds, shuffle, input),
                (a, b) -> new Site(a.callSite(), a.stages() + b.stages(), a.tasks() + b.tasks(),
                        a.seconds() + b.seconds(), a.shuffleWriteBytes() + b.shuffleWriteBytes(),
                        a.inputBytes() + b.inputBytes()));
    }

    /** Spark jobs started. */
    public synchronized int jobs() {
        return jobs;
    }

    /** Completed stages in all. */
    public synchronized int stages() {
        return stages;
    }

    /** Tasks of the completed stages. */
    public synchronized long tasks() {
        return sites.values().stream().mapToLong(Site::tasks).sum();
    }

    /** The call sites with the most stage seconds, at most {@code n}. */
    public synchronized List<Site> costliest(int n) {
        List<Site> all = new ArrayList<>(sites.values());
        all.sort(Comparator.comparingDouble(Site::seconds).reversed());
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }
}
