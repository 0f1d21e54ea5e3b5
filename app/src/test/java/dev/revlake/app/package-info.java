/**
 * Tests of the application jar: {@code spark-submit} of the {@code revlake} CLI to a real Spark
 * standalone cluster (master, worker and executor JVMs on the loopback interface) against the same
 * nightly run in-process with {@code local[*]}.
 */
package dev.revlake.app;
