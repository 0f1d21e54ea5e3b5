package dev.revlake.lake;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a RevLake process uses, with Delta enabled and the settings measured
 * to matter: adaptive execution on, few shuffle partitions locally, low partition-discovery
 * parallelism (VACUUM and file listing of small tables are several times faster), UTC everywhere.
 *
 * <p>Under {@code spark-submit} the master and any {@code --conf} given there win; locally the
 * default master is {@code local[*]}.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * Returns the active session or creates one.
     *
     * @param appName           application name shown in the Spark UI and logs
     * @param shufflePartitions shuffle partitions when the caller did not set them (local runs: small)
     */
    public static SparkSession getOrCreate(String appName, int shufflePartitions) {
        SparkConf conf = new SparkConf(true);
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (!conf.contains("spark.master")) {
            builder.master("local[*]");
            // A local run has no one looking at a UI; it costs start-up time and a port.
            setIfAbsent(builder, conf, "spark.ui.enabled", "false");
            setIfAbsent(builder, conf, "spark.sql.shuffle.partitions", Integer.toString(shufflePartitions));
            setIfAbsent(builder, conf, "spark.default.parallelism", Integer.toString(shufflePartitions));
            // Delta reconstructs table state with this many partitions; 50 tasks for a tiny log is waste.
            setIfAbsent(builder, conf, "spark.databricks.delta.snapshotPartitions", "2");
            setIfAbsent(builder, conf, "spark.driver.bindAddress", "127.0.0.1");
            setIfAbsent(builder, conf, "spark.driver.host", "127.0.0.1");
        }
        if (conf.get("spark.master", "local").startsWith("local")) {
            // file:// without a process per chmod and readlink (see NioLocalFileSystem): a backfill
            // ingest of 952 raw files took 71 s instead of 150 s. Only where driver and executors are
            // this JVM: a cluster's executors may not see RevLake's classes when Hadoop loads a file
            // system, and its lake is not on file://. Other schemes keep their own classes.
            setIfAbsent(builder, conf, "spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
            setIfAbsent(builder, conf, "spark.hadoop.fs.AbstractFileSystem.file.impl",
                    NioLocalFileSystem.Fs.class.getName());
        }
        setIfAbsent(builder, conf, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        setIfAbsent(builder, conf, "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        setIfAbsent(builder, conf, "spark.sql.adaptive.enabled", "true");
        setIfAbsent(builder, conf, "spark.sql.sources.parallelPartitionDiscovery.parallelism", "4");
        setIfAbsent(builder, conf, "spark.sql.session.timeZone", "UTC");
        setIfAbsent(builder, conf, "spark.sql.datetime.java8API.enabled", "true");
        setIfAbsent(builder, conf, "spark.sql.ansi.enabled", "true");
        // Tables must stay readable by any Delta reader (Delta Kernel, Trino, DuckDB): no deletion
        // vectors, which older readers cannot read.
        setIfAbsent(builder, conf, "spark.databricks.delta.properties.defaults.enableDeletionVectors", "false");
        setIfAbsent(builder, conf, "spark.databricks.delta.schema.autoMerge.enabled", "false");
        // Every MERGE source in RevLake is deterministic (checkpointed, or a pinned Delta snapshot),
        // so Delta need not copy it first; measured: a nightly silver run took 31 s instead of 68 s.
        setIfAbsent(builder, conf, "spark.databricks.delta.merge.materializeSource", "none");
        return builder.getOrCreate();
    }

    private static void setIfAbsent(SparkSession.Builder builder, SparkConf conf, String key, String value) {
        if (!conf.contains(key)) {
            builder.config(key, value);
        }
    }
}
