package dev.revlake.bench.duckdb;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.silver.SilverTables;

/**
 * The Parquet data files of the current snapshot of the silver tables the lead features read, as
 * local paths DuckDB can open. A Delta table is its data files only when no deletion vector hides
 * rows in them and Parquet columns carry the table's own names: tables that allow deletion vectors
 * or map column names are refused (RevLake creates its tables with neither).
 */
public final class SilverFiles {

    /** The silver tables read by GoldContactTouchesJob and GoldLeadFeaturesJob. */
    public static final List<TableContract> INPUTS = List.of(SilverTables.EVENTS, SilverTables.SESSIONS,
            SilverTables.IDENTITY_MAP, SilverTables.CONTACT_HISTORY, SilverTables.ACCOUNT_HISTORY);

    private SilverFiles() {
    }

    /**
     * Data files of every input table, in {@link #INPUTS} order. {@code silver_events} must exist; the
     * others may be absent or empty (a small company on its first days has no identified visitor yet),
     * as the gold jobs read them as empty tables: an empty list then.
     */
    public static Map<TableContract, List<String>> of(SparkSession spark, Lake lake) {
        Map<TableContract, List<String>> files = new LinkedHashMap<>();
        for (TableContract table : INPUTS) {
            boolean optional = !table.equals(SilverTables.EVENTS);
            files.put(table, optional && !DeltaTables.exists(spark, lake, table) ? List.of()
                    : of(spark, lake, table, optional));
        }
        return files;
    }

    /** Data files of one table's current snapshot. */
    public static List<String> of(SparkSession spark, Lake lake, TableContract table) {
        return of(spark, lake, table, false);
    }

    private static List<String> of(SparkSession spark, Lake lake, TableContract table, boolean mayBeEmpty) {
        if (!DeltaTables.exists(spark, lake, table)) {
            throw new IllegalStateException("Table " + table.name() + " does not exist in the lake at " + lake.root()
                    + ": build silver first (revlake silver --from ... --to ...).");
        }
        refuseUnreadableLayout(spark, lake.path(table), table);
        List<String> files = Arrays.stream(DeltaTables.read(spark, lake, table).inputFiles())
                .map(SilverFiles::localPath).sorted().toList();
        if (files.isEmpty() && !mayBeEmpty) {
            throw new IllegalStateException("Table " + table.name() + " has no data files: build silver first.");
        }
        return files;
    }

    /** Refuses tables whose Parquet files are not the table: deletion vectors or column mapping. */
    static void refuseUnreadableLayout(SparkSession spark, String path, TableContract table) {
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path.replace("`", "``") + "`").first();
        Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
        boolean dvFeature = Arrays.asList(detail.schema().fieldNames()).contains("tableFeatures")
                && !detail.isNullAt(detail.fieldIndex("tableFeatures"))
                && detail.getList(detail.fieldIndex("tableFeatures")).contains("deletionVectors");
        if (dvFeature || "true".equalsIgnoreCase(properties.get("delta.enableDeletionVectors"))) {
            throw new IllegalStateException("Table " + table.name() + " allows deletion vectors, so its Parquet"
                    + " files may hold deleted rows and DuckDB would read them: compare on a lake whose tables"
                    + " were created without them (RevLake's default).");
        }
        String mapping = properties.getOrDefault("delta.columnMapping.mode", "none");
        if (!"none".equalsIgnoreCase(mapping)) {
            throw new IllegalStateException("Table " + table.name() + " maps column names (delta.columnMapping.mode="
                    + mapping + "), so its Parquet column names are not the table's: DuckDB cannot read it as is.");
        }
    }

    /** A local file system path from Spark's file URI; other file systems are refused. */
    static String localPath(String uri) {
        URI u = URI.create(uri);
        if (u.getScheme() == null) {
            return Path.of(uri).toAbsolutePath().toString();
        }
        if (!"file".equals(u.getScheme())) {
            throw new IllegalArgumentException("Invalid lake for the DuckDB comparison: " + uri
                    + " is not on the local file system");
        }
        return Path.of(u).toString();
    }
}
