package dev.revlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;

/** Lake and export checksums: content only, order-independent, duplicates counted. */
class LakeChecksumsTest {

    private static final TableContract T = new TableContract("gold_test_scores", Layer.GOLD, "one row per lead per day",
            new StructType().add("score_date", DataTypes.DateType, false).add("contact_id", DataTypes.StringType, false)
                    .add("score", DataTypes.IntegerType, true).add("scored_at", DataTypes.TimestampType, false)
                    .add("run_id", DataTypes.StringType, false),
            List.of("score_date", "contact_id"), List.of(), Map.of());

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.get();

    private static Map<String, Object> row(String day, String contact, Integer score, String at, String run) {
        return TestRows.values("score_date", LocalDate.parse(day), "contact_id", contact, "score", score, "scored_at",
                TestRows.at(at), "run_id", run);
    }

    @Test
    void sameContentGivesTheSameChecksumWhateverTheOrderRunOrFiles() {
        Lake a = new Lake(dir.resolve("a").toString());
        Lake b = new Lake(dir.resolve("b").toString());
        Dataset<Row> first = TestRows.of(T.schema(), List.of(row("2026-03-01", "c1", 60, "2026-03-02T02:00:00Z", "r1"),
                row("2026-03-01", "c2", null, "2026-03-02T02:00:00Z", "r1")));
        DeltaTables.replaceRange(spark, a, T, "score_date", LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-01"),
                first);
        // The other lake: rows in the other order, two commits, another run at another time.
        DeltaTables.replaceRange(spark, b, T, "score_date", LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-01"),
                TestRows.of(T.schema(), List.of(row("2026-03-01", "c2", null, "2026-03-03T05:00:00Z", "r9"))));
        DeltaTables.ensure(spark, b, T);
        TestRows.of(T.schema(), List.of(row("2026-03-01", "c1", 60, "2026-03-03T05:00:00Z", "r9")))
                .write().format("delta").mode("append").save(b.path(T));

        Map<String, LakeChecksums.Checksum> x = LakeChecksums.tables(spark, a.root());
        Map<String, LakeChecksums.Checksum> y = LakeChecksums.tables(spark, b.root());
        assertThat(x.get("gold_test_scores").rows()).isEqualTo(2);
        assertThat(x.get("gold_test_scores").duplicateKeys()).isZero();
        assertThat(LakeChecksums.differences(x, y)).isEmpty();

        // A changed value, a null that moved, a duplicated row: each is a difference.
        TestRows.of(T.schema(), List.of(row("2026-03-01", "c1", 60, "2026-03-03T05:00:00Z", "r9")))
                .write().format("delta").mode("append").save(b.path(T));
        List<String> diffs = LakeChecksums.differences(x, LakeChecksums.tables(spark, b.root()));
        assertThat(diffs).anySatisfy(d -> assertThat(d).startsWith("gold_test_scores: 3 rows"))
                .anySatisfy(d -> assertThat(d).isEqualTo("gold_test_scores: 1 duplicated key values (expected 0)"));
        Lake c = new Lake(dir.resolve("c").toString());
        DeltaTables.replaceRange(spark, c, T, "score_date", LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-01"),
                TestRows.of(T.schema(), List.of(row("2026-03-01", "c1", null, "2026-03-02T02:00:00Z", "r1"),
                        row("2026-03-01", "c2", 60, "2026-03-02T02:00:00Z", "r1"))));
        assertThat(LakeChecksums.differences(x, LakeChecksums.tables(spark, c.root()))).hasSize(1);
    }

    @Test
    void exportChecksumsIgnoreBatchNamesLineOrderAndScoringTimes() throws Exception {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Files.createDirectories(one.resolve("b0000000003-aaaa/salesforce"));
        Files.createDirectories(one.resolve("_staging/b0000000009-cccc/salesforce"));
        Files.createDirectories(two.resolve("b0000000005-bbbb/salesforce"));
        Files.writeString(one.resolve("b0000000003-aaaa/salesforce/Lead-00001.csv"),
                "Id,Score__c,RevLake_Scored_At__c\nc1,60,2026-03-02T02:00:00Z\n\"c2, Jr\",70,2026-03-02T02:00:00Z\n");
        Files.writeString(one.resolve("b0000000003-aaaa/manifest.json"), "{\"batch_id\":\"b0000000003-aaaa\"}");
        Files.writeString(one.resolve("_staging/b0000000009-cccc/salesforce/Lead-00001.csv"), "Id\nhalf\n");
        Files.writeString(two.resolve("b0000000005-bbbb/salesforce/Lead-00001.csv"),
                "Id,Score__c,RevLake_Scored_At__c\n\"c2, Jr\",70,2026-03-04T02:00:00Z\nc1,60,2026-03-04T02:00:00Z\n");
        Map<String, LakeChecksums.Checksum> x = LakeChecksums.exports(one);
        assertThat(x).containsOnlyKeys("salesforce/Lead.csv");
        assertThat(x.get("salesforce/Lead.csv").rows()).isEqualTo(2);
        assertThat(LakeChecksums.differences(x, LakeChecksums.exports(two))).isEmpty();

        // The same rows published again in a second batch: a difference, and duplicated lines.
        Files.createDirectories(two.resolve("b0000000006-dddd/salesforce"));
        Files.writeString(two.resolve("b0000000006-dddd/salesforce/Lead-00001.csv"),
                "Id,Score__c,RevLake_Scored_At__c\nc1,60,2026-03-04T02:00:00Z\n");
        assertThat(LakeChecksums.differences(x, LakeChecksums.exports(two)))
                .containsExactly("salesforce/Lead.csv: 3 rows (checksum " + LakeChecksums.exports(two)
                        .get("salesforce/Lead.csv").checksum() + "), expected 2 rows (checksum "
                        + x.get("salesforce/Lead.csv").checksum() + ")",
                        "salesforce/Lead.csv: 1 duplicated key values (expected 0)");
    }

    @Test
    void aWriteThatFailsForAnotherReasonIsNotCalledAConflict() {
        assertThatThrownBy(() -> WriteConflict.guard("t", (Runnable) () -> {
            throw new IllegalStateException("not a conflict");
        })).isInstanceOf(IllegalStateException.class).hasMessage("not a conflict");
    }
}
