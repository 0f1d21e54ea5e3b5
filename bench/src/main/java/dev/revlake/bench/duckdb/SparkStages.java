package dev.revlake.bench.duckdb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Where a piece of Spark work spends its time: the completed stages grouped by the job description
 * of the step that ran them and the call site Spark names them after (for example
 * {@code gold_lead_features: localCheckpoint at GoldLeadFeaturesJob.java:117}), with their
 * wall seconds, tasks and shuffle bytes. Stages that run side by side overlap, so the seconds add up
 * to more than the wall time of the whole.
 */
final class SparkStages extends SparkListener {

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
    record Site(String callSite, int stages, long tasks, double seconds, long shuffleWriteBytes, long inputBytes) {
    }

    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<Integer, String> descriptions = new java.util.HashMap<>();
    private int stages;

    /** Records the stages completed while {@code work} runs. */
    static SparkStages during(SparkSession spark, Runnable work) {
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

    /** Completed stages in all. */
    synchronized int stages() {
        return stages;
    }

    /** The call sites with the most stage seconds, at most {@code n}. */
    synchronized List<Site> costliest(int n) {
        List<Site> all = new ArrayList<>(sites.values());
        all.sort(Comparator.comparingDouble(Site::seconds).reversed());
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }
}
