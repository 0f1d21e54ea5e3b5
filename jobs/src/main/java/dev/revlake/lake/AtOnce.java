package dev.revlake.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent pieces of a job (one per source, one per table) a few at once in this JVM.
 *
 * <p>Why: each piece is a handful of small Spark jobs and Delta commits that leave cores idle
 * between them; on a small machine several pieces side by side keep the cores busy.
 */
public final class AtOnce {

    private AtOnce() {
    }

    /**
     * Applies {@code work} to every item, up to {@code atMost} at once on daemon threads named
     * {@code threadName}, and returns the results in the items' order. Every item is waited for
     * before anything is thrown, so no Spark job started here outlives the call; then the first
     * failure in item order is thrown, the later ones suppressed in it. A runtime exception is
     * thrown as it is; anything else is wrapped as "{@code <describe(item)>} failed: <message>".
     */
    public static <T, R> List<R> map(String threadName, int atMost, List<T> items, Function<T, R> work,
                                     Function<T, String> describe) {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(atMost, items.size())), r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        List<Future<R>> pending = new ArrayList<>();
        for (T item : items) {
            pending.add(pool.submit(() -> work.apply(item)));
        }
        pool.shutdown();
        List<R> results = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < pending.size(); i++) {
            try {
                results.add(pending.get(i).get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                RuntimeException wrapped = cause instanceof RuntimeException re ? re
                        : new IllegalStateException(describe.apply(items.get(i)) + " failed: " + cause.getMessage(),
                        cause);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
                throw new IllegalStateException(threadName + " interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
