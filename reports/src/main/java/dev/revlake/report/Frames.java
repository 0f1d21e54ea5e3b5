package dev.revlake.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;

/** Reading helpers shared by the reports: tables that must exist, and cell conversions. */
final class Frames {

    private Frames() {
    }

    /** The table's rows, or a {@link MissingDataException} naming the command that writes it. */
    static Dataset<Row> require(SparkSession spark, Lake lake, TableContract table, String writtenBy) {
        if (!DeltaTables.exists(spark, lake, table)) {
            throw new MissingDataException(String.format("No %s in %s yet: %s writes it.", table.name(), lake.root(),
                    writtenBy));
        }
        return DeltaTables.read(spark, lake, table);
    }

    /** The latest value of a date column, or a {@link MissingDataException} when the table is empty. */
    static LocalDate latest(Dataset<Row> rows, String dateColumn, String table, String writtenBy) {
        LocalDate latest = DeltaTables.extremeDate(rows, org.apache.spark.sql.functions.col(dateColumn), true);
        if (latest == null) {
            throw new MissingDataException(String.format("%s has no rows yet: %s writes them.", table, writtenBy));
        }
        return latest;
    }

    /** A number cell as a double; null (and NaN) as NaN. */
    static double number(Row row, String column) {
        Object v = row.getAs(column);
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        return ((Number) v).doubleValue();
    }

    /** A date as the {@link Date} XChart plots: midnight UTC. */
    static Date plotDate(LocalDate date) {
        return Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
