package dev.revlake.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.Objects;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.raw.Source;

/**
 * What one silver run processes: the bronze rows ingested by the runs of a date range (by
 * {@code _ingest_date}), so a nightly run sees the new day and any late files, never the whole
 * history.
 *
 * @param lake  the lake
 * @param from  first ingest date
 * @param to    last ingest date (the logical date)
 * @param runId the run, for {@code ops_job_runs}
 */
public record SilverBatch(Lake lake, LocalDate from, LocalDate to, String runId) {

    public SilverBatch {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(runId, "runId");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Invalid date range: " + from + " is after " + to);
        }
    }

    /** The bronze rows of a source that this batch covers (empty if bronze has no such table yet). */
    public Dataset<Row> bronze(SparkSession spark, Source source) {
        return DeltaTables.readOrEmpty(spark, lake, BronzeTables.forSource(source))
                .filter(col(BronzeTables.INGEST_DATE).between(lit(from), lit(to)));
    }

    /** A silver table's current content (empty with its schema if it does not exist yet). */
    public Dataset<Row> silver(SparkSession spark, TableContract table) {
        return DeltaTables.readOrEmpty(spark, lake, table);
    }

    /** Every bronze row of a source, whatever its ingest date. */
    public Dataset<Row> allBronze(SparkSession spark, Source source) {
        return DeltaTables.readOrEmpty(spark, lake, BronzeTables.forSource(source));
    }
}
