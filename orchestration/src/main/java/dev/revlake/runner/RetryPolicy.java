package dev.revlake.runner;

import java.time.Duration;
import java.util.Map;

import dev.revlake.dag.Dag;
import dev.revlake.dag.DagTask;

/**
 * How often and how long a task runs, from Airflow's {@code default_args} and the task's own
 * settings: {@code retries}, {@code retry_delay_sec}, {@code retry_exponential_backoff},
 * {@code max_retry_delay_sec} and {@code execution_timeout_secs}.
 *
 * @param retries            tries after the first
 * @param retryDelay         wait before the first retry
 * @param exponentialBackoff whether each further retry waits twice as long as the one before
 * @param maxRetryDelay      the longest wait
 * @param timeout            how long one try may run, null for no limit
 */
public record RetryPolicy(int retries, Duration retryDelay, boolean exponentialBackoff, Duration maxRetryDelay,
                          Duration timeout) {

    /** Airflow's default when {@code retry_delay} is not set. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMinutes(5);

    /** Airflow's cap on exponential backoff. */
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofHours(24);

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("Invalid retries: " + retries);
        }
        if (retryDelay.isNegative() || maxRetryDelay.isNegative()) {
            throw new IllegalArgumentException("Invalid retry delay: " + retryDelay + " (max " + maxRetryDelay + ")");
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("Invalid execution timeout: " + timeout);
        }
    }

    /** The policy of a task: its own settings over the DAG's default_args. */
    public static RetryPolicy of(Dag dag, DagTask task) {
        Map<String, Object> defaults = dag.defaultArgs();
        Map<String, String> own = task.submitSettings();
        long retries = number(own, defaults, "retries", 0);
        long delay = number(own, defaults, "retry_delay_sec", DEFAULT_RETRY_DELAY.toSeconds());
        long maxDelay = number(own, defaults, "max_retry_delay_sec", DEFAULT_MAX_RETRY_DELAY.toSeconds());
        long timeout = number(own, defaults, "execution_timeout_secs", 0);
        Object backoff = own.containsKey("retry_exponential_backoff") ? own.get("retry_exponential_backoff")
                : defaults.get("retry_exponential_backoff");
        return new RetryPolicy((int) retries, Duration.ofSeconds(delay), Boolean.parseBoolean(String.valueOf(backoff)),
                Duration.ofSeconds(maxDelay), timeout > 0 ? Duration.ofSeconds(timeout) : null);
    }

    /** The same policy with another first retry delay (a local run need not wait five minutes). */
    public RetryPolicy withRetryDelay(Duration delay) {
        return new RetryPolicy(retries, delay, exponentialBackoff, maxRetryDelay, timeout);
    }

    /** The wait after failed try {@code tryNumber} (1-based). */
    public Duration delayAfter(int tryNumber) {
        if (!exponentialBackoff) {
            return retryDelay;
        }
        Duration d = retryDelay;
        for (int i = 1; i < tryNumber && d.compareTo(maxRetryDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
    }

    private static long number(Map<String, String> own, Map<String, Object> defaults, String key, long fallback) {
        Object v = own.containsKey(key) ? own.get(key) : defaults.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.round(Double.parseDouble(String.valueOf(v)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + key + ": '" + v + "' (expected a number)");
        }
    }
}
