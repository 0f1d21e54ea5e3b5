package dev.revlake.cli;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.SparkSessions;

/** The CLI's SparkSession: {@code local[*]} unless spark-submit set a master. */
final class Spark {

    private Spark() {
    }

    static SparkSession session(String command) {
        SparkSession spark = SparkSessions.getOrCreate("revlake-" + command, 4);
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
