package dev.revlake.serve;

import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.Lake;

/**
 * Holds the snapshot being served and replaces it when a new scoring run landed. The check reads
 * only the two tables' Delta versions; rows are loaded only when a version moved. The swap is one
 * atomic reference write: requests in flight finish on the snapshot they started with. A failed
 * reload keeps the old snapshot and is retried at the next check.
 */
public final class SnapshotReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReloader.class);

    private final SparkSession spark;
    private final Lake lake;
    private final AtomicReference<ScoreSnapshot> current;
    /** Serialises reloads; separate from the scheduler's lock so stopping never waits for a load. */
    private final Object reloadLock = new Object();
    private ScheduledExecutorService scheduler;

    /** A reloader serving {@code initial} until a newer run is found. */
    public SnapshotReloader(SparkSession spark, Lake lake, ScoreSnapshot initial) {
        this.spark = spark;
        this.lake = lake;
        this.current = new AtomicReference<>(initial);
    }

    /** The snapshot to answer a request with. */
    public ScoreSnapshot current() {
        return current.get();
    }

    /**
     * Loads a new snapshot if either table has a new version. Never throws: a failure is logged
     * (exception class only, messages may quote data) and the old snapshot stays.
     *
     * @return whether a new snapshot was swapped in
     */
    public boolean reloadIfChanged() {
        synchronized (reloadLock) {
            return reload();
        }
    }

    private boolean reload() {
        ScoreSnapshot old = current.get();
        try {
            long[] versions = ScoreSnapshot.currentVersions(spark, lake);
            if (versions[0] == old.leads().version() && versions[1] == old.opportunities().version()) {
                return false;
            }
            long started = System.nanoTime();
            ScoreSnapshot fresh = ScoreSnapshot.load(spark, lake, versions);
            current.set(fresh);
            LOG.info("reloaded scores: versions {} -> {}, {} leads, {} opportunities, in {} ms",
                    Arrays.toString(new long[] {old.leads().version(), old.opportunities().version()}),
                    Arrays.toString(versions), fresh.leads().rows().size(), fresh.opportunities().rows().size(),
                    (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("reload failed ({}); still serving versions {} and {}", e.getClass().getName(),
                    old.leads().version(), old.opportunities().version());
            return false;
        }
    }

    /** Checks every {@code seconds} seconds on a daemon thread. */
    public synchronized void start(long seconds) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revlake-serve-reload");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::reloadIfChanged, seconds, seconds, TimeUnit.SECONDS);
    }

    /** Stops the periodic check. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
