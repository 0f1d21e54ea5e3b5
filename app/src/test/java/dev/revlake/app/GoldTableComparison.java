package dev.revlake.app;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;

/**
 * Compares every gold table of two lakes: same schema, and the same rows ignoring order and the
 * columns that describe the run rather than the data. Only counts are reported, never row contents
 * (the tables hold personal data).
 */
final class GoldTableComparison {

    private GoldTableComparison() {
    }

    /**
     * The outcome for one table.
     *
     * @param table           table name
     * @param expectedRows    rows in the expected lake
     * @param actualRows      rows in the actual lake
     * @param missingRows     expected rows the actual table lacks (counted with multiplicity)
     * @param unexpectedRows  actual rows the expected table lacks (counted with multiplicity)
     * @param sameSchema      whether the schemas (names, types, nullability, comments) are equal
     * @param excludedColumns run-specific columns left out of the row comparison
     */
    record Result(String table, long expectedRows, long actualRows, long missingRows, long unexpectedRows,
            boolean sameSchema, List<String> excludedColumns) {

        boolean equal() {
            return sameSchema && expectedRows == actualRows && missingRows == 0 && unexpectedRows == 0;
        }

        @Override
        public String toString() {
            return String.format("%-28s rows %,d vs %,d, missing %,d, unexpected %,d, schema %s, excluded %s", table,
                    expectedRows, actualRows, missingRows, unexpectedRows, sameSchema ? "equal" : "DIFFERENT",
                    excludedColumns.isEmpty() ? "none" : excludedColumns);
        }
    }

    /**
     * Whether a column records the run (its id, or when it happened) rather than the data. RevLake's
     * gold tables have none today: their {@code *_at} columns are event times from the sources.
     */
    static boolean runSpecific(String column) {
        return column.equals("run_id") || column.endsWith("_run_id") || column.equals("processed_at")
                || column.equals("written_at") || column.equals("computed_at");
    }

    /** Compares every table of {@link GoldTables#all()}. */
    static List<Result> compareAll(SparkSession spark, Lake expected, Lake actual) {
        return GoldTables.all().stream().map(table -> compare(spark, table, expected, actual)).toList();
    }

    static Result compare(SparkSession spark, TableContract table, Lake expected, Lake actual) {
        Dataset<Row> left = spark.read().format("delta").load(expected.path(table));
        Dataset<Row> right = spark.read().format("delta").load(actual.path(table));
        boolean sameSchema = left.schema().equals(right.schema());
        List<String> excluded = Arrays.stream(left.columns()).filter(GoldTableComparison::runSpecific).toList();
        Column[] compared = Arrays.stream(left.columns()).filter(column -> !runSpecific(column))
                .map(functions::col).toArray(Column[]::new);
        long expectedRows = left.count();
        long actualRows = right.count();
        if (!sameSchema) {
            return new Result(table.name(), expectedRows, actualRows, -1, -1, false, excluded);
        }
        Dataset<Row> leftRows = left.select(compared);
        Dataset<Row> rightRows = right.select(compared);
        return new Result(table.name(), expectedRows, actualRows, leftRows.exceptAll(rightRows).count(),
                rightRows.exceptAll(leftRows).count(), true, excluded);
    }
}
