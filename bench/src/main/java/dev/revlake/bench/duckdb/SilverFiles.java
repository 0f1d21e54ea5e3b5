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
 * rows in them and Parquet columns carry the table's own names: tables with files that carry
 * deletion vectors (see {@link #purgeDeletionVectors}) or that map column names are refused.
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

    /**
     * Rewrites the files of the input tables that carry deletion vectors (REORG ... APPLY (PURGE)),
     * so that their Parquet files are the table again; tables without any are not touched. The
     * silver tables that the identity stitching updates allow deletion vectors, and a nightly
     * stitch leaves some.
     */
    public static void purgeDeletionVectors(SparkSession spark, Lake lake) {
        for (TableContract table : INPUTS) {
            if (DeltaTables.exists(spark, lake, table)) {
                DeltaTables.purgeDeletionVectors(spark, lake.path(table));
            }
        }
    }

    /** Refuses tables whose Parquet files are not the table: live deletion vectors or column mapping. */
    static void refuseUnreadableLayout(SparkSession spark, String path, TableContract table) {
        Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path.replace("`", "``") + "`").first();
        Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
        long withVectors = DeltaTables.filesWithDeletionVectors(spark, path);
        if (withVectors > 0) {
            throw new IllegalStateException("Table " + table.name() + " has " + withVectors + " files with deletion"
                    + " vectors, so its Parquet files hold rows the table no longer has and DuckDB would read them:"
                    + " purge them first (REORG TABLE delta.`" + path + "` APPLY (PURGE)).");
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
