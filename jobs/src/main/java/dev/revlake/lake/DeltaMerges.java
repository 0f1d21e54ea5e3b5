package dev.revlake.lake;

import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.delta.tables.DeltaTable;

/**
 * The two write patterns silver uses, each one atomic Delta commit, so a crash never leaves half a
 * change behind and a re-run with the same input leaves the same content.
 */
public final class DeltaMerges {

    private static final String DELETE_FLAG = "_delete";

    private DeltaMerges() {
    }

    /**
     * Inserts rows with new keys and updates rows whose key exists (when {@code updateWhen} holds,
     * e.g. the incoming version is newer).
     *
     * @param prune      extra condition on the target ({@code t.}) that limits the files Delta reads,
     *                   e.g. a partition range; {@code null} for none
     * @param updateWhen condition on {@code t.}/{@code s.} for updating a matched row; {@code null} = always
     */
    public static void upsert(SparkSession spark, Lake lake, TableContract table, Dataset<Row> rows, String prune,
                              String updateWhen) {
        DeltaTables.ensure(spark, lake, table);
        Map<String, String> assignments = assignments(table);
        var merge = DeltaTable.forPath(spark, lake.path(table)).as("t")
                .merge(rows.as("s"), keyCondition(table.keyColumns(), prune));
        var matched = updateWhen == null ? merge.whenMatched() : merge.whenMatched(updateWhen);
        matched.updateExpr(assignments).whenNotMatched().insertExpr(assignments).execute();
    }

    /**
     * Checkpoints the rows (a MERGE source must be deterministic and must not change caching state
     * while the MERGE runs), upserts them when there are any, and returns how many there were.
     */
    public static long upsertCheckpointed(SparkSession spark, Lake lake, TableContract table, Dataset<Row> rows,
                                          String updateWhen) {
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            Dataset<Row> fixed = checkpoints.take(rows);
            long n = fixed.count();
            if (n > 0) {
                upsert(spark, lake, table, fixed, null, updateWhen);
            }
            return n;
        }
    }

    /**
     * Replaces whole slices of a table (for instance every session of the visitor-days touched by
     * new events): rows of the slices are updated, inserted, or deleted when the recomputation no
     * longer produces them, in one commit.
     *
     * @param recomputed the complete new content of the affected slices
     * @param previous   the current rows of the affected slices (read from the table)
     * @param prune      extra target condition limiting the files read; {@code null} for none
     */
    public static void replaceSlices(SparkSession spark, Lake lake, TableContract table, Dataset<Row> recomputed,
                                     Dataset<Row> previous, String prune) {
        DeltaTables.ensure(spark, lake, table);
        Column[] columns = table.columns().stream().map(Column::new).toArray(Column[]::new);
        Dataset<Row> keep = recomputed.select(columns).withColumn(DELETE_FLAG, lit(false));
        Dataset<Row> gone = previous.select(columns)
                .join(recomputed.select(table.keyColumns().stream().map(Column::new).toArray(Column[]::new)),
                        scala.jdk.javaapi.CollectionConverters.asScala(table.keyColumns()).toSeq(), "left_anti")
                .select(columns).withColumn(DELETE_FLAG, lit(true));
        Map<String, String> assignments = assignments(table);
        DeltaTable.forPath(spark, lake.path(table)).as("t")
                .merge(keep.unionByName(gone).as("s"), keyCondition(table.keyColumns(), prune))
                .whenMatched("s." + DELETE_FLAG).delete()
                .whenMatched().updateExpr(assignments)
                .whenNotMatched("NOT s." + DELETE_FLAG).insertExpr(assignments)
                .execute();
    }

    private static String keyCondition(List<String> keys, String prune) {
        String on = keys.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        return prune == null ? on : on + " AND (" + prune + ")";
    }

    private static Map<String, String> assignments(TableContract table) {
        Map<String, String> map = new LinkedHashMap<>();
        table.columns().forEach(c -> map.put(c, "s." + c));
        return map;
    }
}
