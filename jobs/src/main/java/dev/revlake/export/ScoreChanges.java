package dev.revlake.export;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.List;
import java.util.Objects;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;

/**
 * The current rows that changed between two versions of a snapshot table: the answer to "what must
 * the CRM reload since the last export". Delta's change data feed names the entities touched by
 * the commits after the watermark; their current rows are then compared with their rows as of the
 * watermark version (time travel), so a night that re-scores a lead to the same score sends nothing
 * and a re-run that rewrites identical rows sends nothing either.
 *
 * <p>Where the feed is not available for the range (the table was written before the feed was
 * enabled) every entity is compared instead, which is slower but gives the same answer. Where the
 * watermark version itself can no longer be read (its files were vacuumed), the current row of every
 * entity touched since the watermark (every entity, when the feed is missing too) is sent without
 * comparison and {@link ChangeSet#note()} says so: a CRM upsert repeats harmlessly, whereas a skipped
 * change would be lost.
 */
public final class ScoreChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreChanges.class);
    private static final String RANK = "_rank";

    private ScoreChanges() {
    }

    /**
     * Changed current rows.
     *
     * @param view        the view exported
     * @param fromVersion  the watermark: the last version already sent, or -1 for none (send all)
     * @param toVersion    the version to send up to (inclusive), pinned by the caller
     * @param rows         the current rows (every column of the table) that changed
     * @param note         null, or why more rows than the changes were sent
     * @param checkpoints  the intermediate rows {@code rows} reads; closing the change set releases
     *                     them, so read the rows first
     */
    public record ChangeSet(ExportView view, long fromVersion, long toVersion, Dataset<Row> rows, String note,
                            LocalCheckpoints checkpoints) implements AutoCloseable {
        public ChangeSet {
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(rows, "rows");
            Objects.requireNonNull(checkpoints, "checkpoints");
        }

        /** Releases the checkpoints the rows were computed from. */
        @Override
        public void close() {
            checkpoints.close();
        }
    }

    /**
     * The current rows of {@code view} at {@code toVersion} whose compared columns differ from the
     * entity's current row at {@code fromVersion} (or which did not exist then).
     */
    public static ChangeSet since(SparkSession spark, Lake lake, ExportView view, long fromVersion, long toVersion) {
        if (!DeltaTables.exists(spark, lake, view.table())) {
            throw new IllegalStateException("Table " + view.table().name() + " does not exist in " + lake.root()
                    + ": run revlake score first");
        }
        if (toVersion < 0 || fromVersion > toVersion) {
            throw new IllegalArgumentException("Invalid version range (" + fromVersion + ", " + toVersion + "] of "
                    + view.table().name());
        }
        LocalCheckpoints checkpoints = new LocalCheckpoints();
        try {
            return since(spark, lake, view, fromVersion, toVersion, checkpoints);
        } catch (RuntimeException e) {
            checkpoints.close();
            throw e;
        }
    }

    private static ChangeSet since(SparkSession spark, Lake lake, ExportView view, long fromVersion, long toVersion,
                                   LocalCheckpoints checkpoints) {
        Dataset<Row> atTo = at(spark, lake, view, toVersion);
        if (fromVersion == toVersion) {
            return new ChangeSet(view, fromVersion, toVersion, spark.createDataFrame(List.of(), atTo.schema()), null,
                    checkpoints);
        }
        if (fromVersion < 0) {
            return new ChangeSet(view, fromVersion, toVersion, current(view, atTo), null, checkpoints);
        }
        Dataset<Row> touched = touched(spark, lake, view, fromVersion, toVersion, checkpoints);
        Dataset<Row> now = current(view, touched == null ? atTo : atTo.join(touched, seq(view.entityKey()), "left_semi"));
        Dataset<Row> before;
        try {
            Dataset<Row> atFrom = at(spark, lake, view, fromVersion);
            before = checkpoints.take(current(view, touched == null ? atFrom
                    : atFrom.join(touched, seq(view.entityKey()), "left_semi")));
        } catch (RuntimeException e) {
            String note = "version " + fromVersion + " of " + view.table().name() + " can no longer be read ("
                    + firstLine(e) + "): every current row changed since is sent again";
            LOG.warn("table={} watermark={} unreadable; sending every current row", view.table().name(), fromVersion);
            return new ChangeSet(view, fromVersion, toVersion, now, note, checkpoints);
        }
        Column same = null;
        for (String c : view.entityKey()) {
            same = and(same, now.col(c).equalTo(before.col(c)));
        }
        for (String c : view.comparedColumns()) {
            same = and(same, now.col(c).eqNullSafe(before.col(c)));
        }
        return new ChangeSet(view, fromVersion, toVersion, now.join(before, same, "left_anti"), null, checkpoints);
    }

    /** The entity keys touched by the commits in (from, to], or null when the feed does not cover them. */
    private static Dataset<Row> touched(SparkSession spark, Lake lake, ExportView view, long from, long to,
                                        LocalCheckpoints checkpoints) {
        try {
            Dataset<Row> keys = checkpoints.take(spark.read().format("delta").option("readChangeFeed", "true")
                    .option("startingVersion", from + 1).option("endingVersion", to)
                    .load(lake.path(view.table()))
                    .select(view.entityKey().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                    .distinct());
            return keys;
        } catch (RuntimeException e) {
            LOG.info("table={} no change data feed for versions {}..{}; comparing every entity", view.table().name(),
                    from + 1, to);
            return null;
        }
    }

    private static Dataset<Row> at(SparkSession spark, Lake lake, ExportView view, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(lake.path(view.table()));
    }

    /** The row of the latest date of every entity. */
    static Dataset<Row> current(ExportView view, Dataset<Row> rows) {
        Column[] key = view.entityKey().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        return rows.withColumn(RANK, row_number().over(Window.partitionBy(key).orderBy(col(view.dateColumn()).desc())))
                .filter(col(RANK).equalTo(1)).drop(RANK);
    }

    private static Column and(Column a, Column b) {
        return a == null ? b : a.and(b);
    }

    private static scala.collection.immutable.Seq<String> seq(List<String> columns) {
        return scala.jdk.javaapi.CollectionConverters.asScala(columns).toSeq();
    }

    private static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
