package dev.revlake.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sum;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.gold.GoldTables;
import dev.revlake.ops.OpsTables;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;

/** Prints what the lake holds: every table with its Delta version and rows, and the quarantine. */
final class LakeSummary {

    private LakeSummary() {
    }

    static List<TableContract> allTables() {
        List<TableContract> all = new ArrayList<>(BronzeTables.all());
        all.addAll(SilverTables.all());
        all.addAll(GoldTables.all());
        all.addAll(ScoreTables.all());
        all.add(OpsTables.JOB_RUNS);
        all.add(OpsTables.INGESTED_FILES);
        all.add(OpsTables.MODEL_RUNS);
        all.add(OpsTables.EXPORT_BATCHES);
        return all;
    }

    static void print(SparkSession spark, Lake lake, PrintStream out) {
        out.printf("%-30s %8s %12s  %s%n", "table", "version", "rows", "grain");
        for (TableContract t : allTables()) {
            if (!DeltaTables.exists(spark, lake, t)) {
                out.printf("%-30s %8s %12s  %s%n", t.name(), "-", "-", "(not created yet)");
                continue;
            }
            long rows = DeltaTables.read(spark, lake, t).count();
            out.printf("%-30s %8d %,12d  %s%n", t.name(), DeltaTables.version(spark, lake, t), rows, t.grain());
        }
        if (DeltaTables.exists(spark, lake, OpsTables.JOB_RUNS)) {
            Row totals = DeltaTables.read(spark, lake, OpsTables.JOB_RUNS)
                    .filter(col("job").equalTo("bronze_ingest").and(col("status").equalTo("succeeded")))
                    .agg(sum("rows_read"), sum("rows_written"), sum("rows_quarantined"), sum("duplicates_dropped"))
                    .head();
            if (!totals.isNullAt(0)) {
                long read = totals.getLong(0);
                long written = totals.getLong(1);
                long quarantined = totals.getLong(2);
                long duplicates = totals.getLong(3);
                out.printf("%nbronze reconciliation over all runs: read %,d = written %,d + quarantined %,d"
                                + " + duplicates %,d  [%s]%n", read, written, quarantined, duplicates,
                        read == written + quarantined + duplicates ? "OK" : "MISMATCH");
            }
        }
        if (DeltaTables.exists(spark, lake, BronzeTables.QUARANTINE)) {
            List<Row> reasons = DeltaTables.read(spark, lake, BronzeTables.QUARANTINE)
                    // Group by the kind of problem, not by the value that caused it.
                    .withColumn("kind", regexp_replace(col("reason"), "(\"[^\"]*\"|'[^']*'|[0-9]+)", "…"))
                    .groupBy("source", "kind").agg(count("*").as("n")).orderBy(desc("n")).limit(8)
                    .collectAsList();
            if (!reasons.isEmpty()) {
                out.println("most frequent quarantine reasons:");
                for (Row r : reasons) {
                    out.printf("  %,7d  %-20s %s%n", r.getLong(2), r.getString(0), r.getString(1));
                }
            }
        }
    }
}
