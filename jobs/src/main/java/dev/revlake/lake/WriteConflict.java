package dev.revlake.lake;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.spark.sql.delta.DeltaConcurrentModificationException;

/**
 * A Delta write to a lake table refused by optimistic concurrency control: another writer committed
 * to the table first (Delta's {@code io.delta.exceptions.*} conflicts). The refused write committed
 * nothing, so the task can simply be retried; the CLI exits with {@link #EXIT_CODE} for it and the DAG
 * runner retries it. The message names the table and Delta's conflict, never row contents.
 */
public final class WriteConflict extends RuntimeException {

    /** The CLI's exit code for a write conflict (BSD's EX_TEMPFAIL: try again later). */
    public static final int EXIT_CODE = 75;

    private final String table;

    public WriteConflict(String table, Throwable cause) {
        super("write conflict on table " + table + ": another write committed to it first ("
                + cause.getClass().getSimpleName() + "); this write committed nothing and the task can be retried",
                cause);
        this.table = table;
    }

    /** The table whose commit was refused. */
    public String table() {
        return table;
    }

    /** Runs a write to {@code table}, turning a Delta concurrency conflict into a {@link WriteConflict}. */
    public static <T> T guard(String table, Supplier<T> write) {
        try {
            return write.get();
        } catch (RuntimeException e) {
            if (e instanceof WriteConflict) {
                throw e;
            }
            Optional<Throwable> conflict = deltaConflict(e);
            if (conflict.isPresent()) {
                throw new WriteConflict(table, conflict.get());
            }
            throw e;
        }
    }

    /** Runs a write to {@code table} that returns nothing; see {@link #guard(String, Supplier)}. */
    public static void guard(String table, Runnable write) {
        guard(table, () -> {
            write.run();
            return null;
        });
    }

    /** The {@link WriteConflict} or Delta conflict in a cause chain, if any. */
    public static Optional<Throwable> deltaConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WriteConflict || t instanceof DeltaConcurrentModificationException) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
