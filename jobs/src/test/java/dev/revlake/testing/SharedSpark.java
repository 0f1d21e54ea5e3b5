package dev.revlake.testing;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.SparkSessions;

/**
 * The one SparkSession of a test JVM: built on first use with two shuffle partitions, shared by
 * every test class, stopped when the JVM exits. Starting Spark costs seconds; doing it once keeps
 * the suite fast.
 */
public final class SharedSpark {

    private static SparkSession session;

    private SharedSpark() {
    }

    /** The shared session. */
    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSessions.getOrCreate("revlake-tests", 2);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }
}
