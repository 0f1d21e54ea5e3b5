package dev.revlake.testing;

import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The local checkpoints a Spark context still holds blocks for. Delta's own state caches are
 * persisted too but are not local checkpoints, so they are left out: what remains are the ones a
 * job took and has not released.
 */
public final class HeldCheckpoints {

    private HeldCheckpoints() {
    }

    /** Ids of the persisted RDDs that are local checkpoints. */
    public static Set<Integer> ids(SparkSession spark) {
        Set<Integer> ids = new TreeSet<>();
        for (var entry : CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs()).entrySet()) {
            RDD<?> rdd = entry.getValue();
            if (rdd.isLocallyCheckpointed()) {
                ids.add((Integer) entry.getKey());
            }
        }
        return ids;
    }

    /** Ids held now that were not held before. */
    public static Set<Integer> takenSince(SparkSession spark, Set<Integer> before) {
        Set<Integer> now = ids(spark);
        now.removeAll(before);
        return now;
    }
}
