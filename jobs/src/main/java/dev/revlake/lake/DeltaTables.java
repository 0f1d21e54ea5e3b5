package dev.revlake.lake;

import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;

/** Creates lake tables from their contracts and answers questions about their Delta state. */
public final class DeltaTables {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);

    private DeltaTables() {
    }

    /**
     * Creates the table at its lake location if it does not exist (schema, partitioning, comment,
     * CHECK constraints), and returns it. An existing table is left as it is.
     */
    public static DeltaTable ensure(SparkSession spark, Lake lake, TableContract contract) {
        String path = lake.path(contract);
        if (!DeltaTable.isDeltaTable(spark, path)) {
            DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark)
                    .location(path)
                    .comment(contract.comment())
                    .property("delta.checkpointInterval", "20")
                    .property("delta.enableDeletionVectors", "false");
            for (StructField f : contract.schema().fields()) {
                builder = builder.addColumn(f);
            }
            if (!contract.partitionColumns().isEmpty()) {
                builder = builder.partitionedBy(contract.partitionColumns().toArray(String[]::new));
            }
            builder.execute();
            for (Map.Entry<String, String> c : contract.constraints().entrySet()) {
                spark.sql("ALTER TABLE delta.`" + path + "` ADD CONSTRAINT " + c.getKey()
                        + " CHECK (" + c.getValue() + ")");
            }
            LOG.info("table={} created at {}", contract.name(), path);
        }
        return DeltaTable.forPath(spark, path);
    }

    /** Reads the current version of a table as a DataFrame. */
    public static Dataset<Row> read(SparkSession spark, Lake lake, TableContract contract) {
        return spark.read().format("delta").load(lake.path(contract));
    }

    /** Whether the table exists. */
    public static boolean exists(SparkSession spark, Lake lake, TableContract contract) {
        return DeltaTable.isDeltaTable(spark, lake.path(contract));
    }

    /** The latest committed version of a table, or -1 if it does not exist. */
    public static long version(SparkSession spark, Lake lake, TableContract contract) {
        String path = lake.path(contract);
        if (!DeltaTable.isDeltaTable(spark, path)) {
            return -1L;
        }
        Row last = DeltaTable.forPath(spark, path).history(1).select("version").head();
        return last.getLong(0);
    }
}
