package dev.revlake.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;

/**
 * Runs the steps of one job run, each writing one table, and records every step as a
 * {@link JobRun} (succeeded or failed) and a log line. Safe to use from parallel branches.
 */
public final class StepRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StepRecorder.class);

    /** What one table received in a run. */
    public record TableResult(String table, long rowsRead, long rowsWritten, long deltaVersion) {
    }

    private final SparkSession spark;
    private final Lake lake;
    private final String runId;
    private final String job;
    private final LocalDate from;
    private final LocalDate to;
    private final List<JobRun> runs = Collections.synchronizedList(new ArrayList<>());
    private final List<TableResult> results = Collections.synchronizedList(new ArrayList<>());

    /** A recorder for the run {@code runId} of {@code job} over the dates [from, to]. */
    public StepRecorder(SparkSession spark, Lake lake, String runId, String job, LocalDate from, LocalDate to) {
        this.spark = spark;
        this.lake = lake;
        this.runId = runId;
        this.job = job;
        this.from = from;
        this.to = to;
    }

    /** Runs a step that writes {@code table}; {@code written} tells how many rows its value wrote. */
    public <T> T step(TableContract table, long read, Supplier<T> body, ToLongFunction<T> written) {
        Instant started = Instant.now();
        try {
            // A Delta conflict names the table, so the CLI can say which write to retry.
            T value = dev.revlake.lake.WriteConflict.guard(table.name(), body);
            done(table, read, written.applyAsLong(value), started);
            return value;
        } catch (RuntimeException e) {
            runs.add(new JobRun(runId, job, table.name(), to, from, to, read, 0, 0, 0, null, started, Instant.now(),
                    "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            throw e;
        }
    }

    /** Records a table a step wrote as a side effect of another. */
    public void done(TableContract table, long read, long written, Instant started) {
        long version = DeltaTables.version(spark, lake, table);
        results.add(new TableResult(table.name(), read, written, version));
        runs.add(new JobRun(runId, job, table.name(), to, from, to, read, written, 0, 0, version, started,
                Instant.now(), "succeeded", null));
        LOG.info("job={} table={} version={} dates={}..{} rows_in={} rows_out={} ({} ms)", job, table.name(),
                version, from, to, read, written, java.time.Duration.between(started, Instant.now()).toMillis());
    }

    /** Writes the recorded runs to {@code ops_job_runs}. */
    public void flush() {
        JobRunLog.record(spark, lake, new ArrayList<>(runs));
    }

    /** The tables written so far, in completion order. */
    public List<TableResult> results() {
        return List.copyOf(results);
    }
}
