package dev.revlake.lake;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * The local checkpoints one job takes, released when the job ends.
 *
 * <p>Why: Spark keeps the blocks of a locally checkpointed Dataset until
 * the Dataset is garbage collected and Spark's context cleaner notices. In a long-lived JVM (the
 * local runner's nightly run, {@code revlake bench}) a finished job's checkpoints then compete with
 * the next job for heap: at 100,000 contacts the touches job's checkpoint still held 1.2 GiB after
 * it returned. A job takes its checkpoints through this scope and releases exactly those (never
 * another concurrently running job's) when it closes:
 *
 * <pre>{@code
 * try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
 *     Dataset<Row> touches = checkpoints.take(transform(...));
 *     ... write and count touches ...
 * }
 * }</pre>
 *
 * <p>A Dataset derived from a released checkpoint can no longer be computed, so everything that
 * reads a checkpoint must have run before the scope closes. Thread-safe: a job's steps may take
 * checkpoints from several threads.
 */
public final class LocalCheckpoints implements AutoCloseable {

    private final List<RDD<?>> held = new ArrayList<>();

    /**
     * Checkpoints the rows now (computing them once) and holds them. They are kept on local disk
     * only: held in memory, Spark keeps them as one object per row, and at 100,000 contacts the
     * lead spine's 6.6 million rows took about 2 GiB of a 4 GiB heap, leaving sorts so little
     * memory that a task ran out of heap merging its spill files.
     */
    public <T> Dataset<T> take(Dataset<T> rows) {
        Dataset<T> checkpointed = rows.localCheckpoint(true, StorageLevel.DISK_ONLY());
        RDD<?> rdd = rddOf(checkpointed);
        synchronized (held) {
            held.add(rdd);
        }
        return checkpointed;
    }

    /** Releases every checkpoint taken through this scope. */
    @Override
    public void close() {
        List<RDD<?>> taken;
        synchronized (held) {
            taken = List.copyOf(held);
            held.clear();
        }
        for (RDD<?> rdd : taken) {
            rdd.unpersist(true);
        }
    }

    private static RDD<?> rddOf(Dataset<?> checkpointed) {
        LogicalPlan plan = checkpointed.queryExecution().logical();
        if (plan instanceof LogicalRDD logicalRdd && logicalRdd.rdd().isLocallyCheckpointed()) {
            return logicalRdd.rdd();
        }
        // Spark's own contract changed if this happens: fail loudly rather than hold nothing.
        throw new IllegalStateException("localCheckpoint() returned a " + plan.nodeName()
                + " plan, not the checkpoint's own rows");
    }
}
