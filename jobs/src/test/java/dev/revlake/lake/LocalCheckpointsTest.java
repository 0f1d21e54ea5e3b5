package dev.revlake.lake;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import dev.revlake.testing.HeldCheckpoints;
import dev.revlake.testing.SharedSpark;

class LocalCheckpointsTest {

    private final SparkSession spark = SharedSpark.get();

    @Test
    void holdsTheRowsUntilClosedThenReleasesTheirBlocks() {
        Set<Integer> before = HeldCheckpoints.ids(spark);
        Dataset<Row> rows;
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            rows = checkpoints.take(spark.range(100).withColumn("twice", col("id").multiply(2)));
            assertThat(HeldCheckpoints.takenSince(spark, before)).hasSize(1);
            assertThat(rows.filter(col("twice").geq(100)).count()).isEqualTo(50);
        }
        assertThat(HeldCheckpoints.takenSince(spark, before)).isEmpty();
    }

    @Test
    void releasesOnlyItsOwnCheckpointsAndCanBeReused() {
        Set<Integer> before = HeldCheckpoints.ids(spark);
        try (LocalCheckpoints other = new LocalCheckpoints()) {
            other.take(spark.range(10).toDF());
            Set<Integer> othersOnly = HeldCheckpoints.takenSince(spark, before);
            LocalCheckpoints mine = new LocalCheckpoints();
            mine.take(spark.range(20).toDF());
            mine.take(spark.range(30).toDF());
            assertThat(HeldCheckpoints.takenSince(spark, before)).hasSize(3);
            mine.close();
            assertThat(HeldCheckpoints.takenSince(spark, before)).isEqualTo(othersOnly);
            mine.take(spark.range(40).toDF());
            assertThat(HeldCheckpoints.takenSince(spark, before)).hasSize(2);
            mine.close();
            mine.close();
            assertThat(HeldCheckpoints.takenSince(spark, before)).isEqualTo(othersOnly);
        }
        assertThat(HeldCheckpoints.takenSince(spark, before)).isEmpty();
    }

    @Test
    void checkpointsTakenFromSeveralThreadsAreAllReleased() throws Exception {
        Set<Integer> before = HeldCheckpoints.ids(spark);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                long n = i * 10L;
                counts.add(pool.submit(() -> checkpoints.take(spark.range(n).toDF()).count()));
            }
            long total = 0;
            for (Future<Long> c : counts) {
                total += c.get();
            }
            assertThat(total).isEqualTo(360);
            assertThat(HeldCheckpoints.takenSince(spark, before)).hasSize(8);
        } finally {
            pool.shutdown();
        }
        assertThat(HeldCheckpoints.takenSince(spark, before)).isEmpty();
    }

    /**
     * A bare {@code localCheckpoint()} keeps its blocks until a garbage collection lets Spark's
     * cleaner drop them, which a test cannot observe reliably (the collection may come first), so
     * the sources are checked: every job takes its checkpoints through a scope.
     */
    @Test
    void noJobCheckpointsOutsideAScope() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> bare = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("LocalCheckpoints.java"))
                    .filter(p -> read(p).contains(".localCheckpoint("))
                    .map(p -> sources.relativize(p).toString()).sorted().toList();
            assertThat(bare).as("sources calling localCheckpoint() outside LocalCheckpoints").isEmpty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
