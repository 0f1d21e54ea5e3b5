package dev.revlake.silver;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

import dev.revlake.lake.DeltaMerges;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.raw.Source;

/**
 * Builds the opportunity tables from the CRM's daily snapshots: current state, stage intervals
 * (history) and field changes. Only opportunities with a new snapshot in the batch are recomputed,
 * from all of their snapshots, and their rows replaced in one commit per table.
 */
public final class SilverOpportunitiesJob {

    private SilverOpportunitiesJob() {
    }

    /** Stage rank in the sales process; closed stages share the last rank. */
    public static Column stageOrder(Column stage) {
        return when(stage.equalTo("prospecting"), lit(1)).when(stage.equalTo("discovery"), lit(2))
                .when(stage.equalTo("proposal"), lit(3)).when(stage.equalTo("negotiation"), lit(4))
                .otherwise(lit(5));
    }

    /** The latest snapshot of each opportunity, with the first and last snapshot dates. */
    public static Dataset<Row> current(Dataset<Row> snapshots) {
        WindowSpec byOpp = Window.partitionBy("opportunity_id");
        return snapshots
                .withColumn("first_snapshot_date", min("snapshot_date").over(byOpp))
                .withColumn("_rank", row_number().over(byOpp.orderBy(col("snapshot_date").desc())))
                .filter(col("_rank").equalTo(1))
                .select(col("opportunity_id"), col("account_id"), col("contact_id"), col("opportunity_name"),
                        col("owner_id"), col("stage"), col("amount_usd"), col("close_date"),
                        col("probability_percent"), col("lead_source"), col("created_at"), col("stage_changed_at"),
                        col("closed_at"), col("is_closed"), col("is_won"), col("first_snapshot_date"),
                        col("snapshot_date").as("last_snapshot_date"));
    }

    /** One row per opportunity per stage interval, from all snapshots of the opportunities. */
    public static Dataset<Row> history(Dataset<Row> snapshots) {
        WindowSpec bySnapshot = Window.partitionBy("opportunity_id").orderBy("snapshot_date");
        Dataset<Row> marked = snapshots
                .withColumn("_prev_stage", lag("stage", 1).over(bySnapshot))
                .withColumn("_prev_close", lag("close_date", 1).over(bySnapshot))
                .withColumn("_prev_amount", lag("amount_usd", 1).over(bySnapshot))
                .withColumn("_new_interval", when(col("_prev_stage").isNull()
                        .or(col("_prev_stage").notEqual(col("stage"))), lit(1)).otherwise(lit(0)))
                .withColumn("stage_sequence", sum("_new_interval").over(bySnapshot).cast(DataTypes.IntegerType))
                .withColumn("_pushed", when(col("_new_interval").equalTo(0)
                        .and(col("close_date").gt(col("_prev_close"))), lit(1)).otherwise(lit(0)))
                .withColumn("_pushed_days", when(col("_pushed").equalTo(1),
                        date_diff(col("close_date"), col("_prev_close"))).otherwise(lit(0)))
                .withColumn("_amount_changed", when(col("_new_interval").equalTo(0)
                        .and(col("amount_usd").notEqual(col("_prev_amount"))), lit(1)).otherwise(lit(0)))
                // When the stage was entered: the CRM's stage-change time if it is plausible, the
                // close time for closed stages, else the start of the first snapshot day.
                .withColumn("_entered_at", when(col("stage").startsWith("closed_").and(col("closed_at").isNotNull()),
                        col("closed_at"))
                        .when(col("stage_changed_at").isNotNull()
                                .and(col("stage_changed_at").leq(to_timestamp(date_add(col("snapshot_date"), 1)))),
                                col("stage_changed_at"))
                        .otherwise(to_timestamp(col("snapshot_date"))));
        Dataset<Row> intervals = marked.groupBy("opportunity_id", "stage_sequence").agg(
                min_by(col("stage"), col("snapshot_date")).as("stage"),
                min_by(col("_entered_at"), col("snapshot_date")).as("_entered_at"),
                min(col("snapshot_date")).as("first_snapshot_date"),
                max(col("snapshot_date")).as("last_snapshot_date"),
                max_by(col("owner_id"), col("snapshot_date")).as("owner_id"),
                min_by(col("amount_usd"), col("snapshot_date")).as("amount_usd_at_entry"),
                max_by(col("amount_usd"), col("snapshot_date")).as("amount_usd_at_exit"),
                min_by(col("close_date"), col("snapshot_date")).as("close_date_at_entry"),
                max_by(col("close_date"), col("snapshot_date")).as("close_date_at_exit"),
                sum("_pushed").cast(DataTypes.IntegerType).as("close_date_push_count"),
                sum("_pushed_days").cast(DataTypes.IntegerType).as("close_date_pushed_days"),
                sum("_amount_changed").cast(DataTypes.IntegerType).as("amount_change_count"));
        WindowSpec bySequence = Window.partitionBy("opportunity_id").orderBy("stage_sequence");
        return intervals
                .withColumn("stage_order", stageOrder(col("stage")))
                // Entries never go back in time, whatever the CRM's stage-change stamps say.
                .withColumn("entered_at", max("_entered_at").over(bySequence
                        .rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
                .withColumn("exited_at", lead("entered_at", 1).over(bySequence))
                .withColumn("is_regression", when(lag("stage_order", 1).over(bySequence).isNull(), lit(false))
                        .otherwise(col("stage_order").lt(lag("stage_order", 1).over(bySequence))))
                .select("opportunity_id", "stage_sequence", "stage", "stage_order", "entered_at", "exited_at",
                        "first_snapshot_date", "last_snapshot_date", "is_regression", "owner_id",
                        "amount_usd_at_entry", "amount_usd_at_exit", "close_date_at_entry", "close_date_at_exit",
                        "close_date_push_count", "close_date_pushed_days", "amount_change_count");
    }

    /** One row per changed field between consecutive snapshots of an opportunity. */
    public static Dataset<Row> changes(Dataset<Row> snapshots) {
        WindowSpec bySnapshot = Window.partitionBy("opportunity_id").orderBy("snapshot_date");
        Dataset<Row> withPrevious = snapshots.select(col("opportunity_id"), col("snapshot_date"),
                col("stage"), lag("stage", 1).over(bySnapshot).as("_prev_stage"),
                col("amount_usd"), lag("amount_usd", 1).over(bySnapshot).as("_prev_amount"),
                col("close_date"), lag("close_date", 1).over(bySnapshot).as("_prev_close"),
                col("owner_id"), lag("owner_id", 1).over(bySnapshot).as("_prev_owner"),
                col("probability_percent"), lag("probability_percent", 1).over(bySnapshot).as("_prev_probability"))
                .filter(col("_prev_stage").isNotNull());
        Column changesArray = array(
                change("stage", col("_prev_stage"), col("stage"), lit(null)),
                change("amount_usd", col("_prev_amount").cast("string"), col("amount_usd").cast("string"), lit(null)),
                change("close_date", col("_prev_close").cast("string"), col("close_date").cast("string"),
                        date_diff(col("close_date"), col("_prev_close"))),
                change("owner_id", col("_prev_owner"), col("owner_id"), lit(null)),
                change("probability_percent", col("_prev_probability").cast("string"),
                        col("probability_percent").cast("string"), lit(null)));
        return withPrevious.select(col("opportunity_id"), col("snapshot_date"), explode(changesArray).as("c"))
                .filter(col("c.old_value").isNull().and(col("c.new_value").isNotNull())
                        .or(col("c.old_value").notEqual(col("c.new_value"))))
                .select(col("opportunity_id"), col("snapshot_date"), col("c.field_name").as("field_name"),
                        col("c.old_value").as("old_value"), col("c.new_value").as("new_value"),
                        col("c.close_date_shift_days").cast(DataTypes.IntegerType).as("close_date_shift_days"));
    }

    private static Column change(String field, Column oldValue, Column newValue, Column shift) {
        return struct(lit(field).as("field_name"), oldValue.as("old_value"), newValue.as("new_value"),
                shift.cast(DataTypes.IntegerType).as("close_date_shift_days"));
    }

    /** Rows written per table by one run. */
    public record Counts(long snapshotsRead, long opportunities, long historyRows, long changeRows) {
    }

    /** Recomputes and replaces the rows of every opportunity with a snapshot in the batch. */
    public static Counts run(SparkSession spark, SilverBatch batch) {
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            return run(spark, batch, checkpoints);
        }
    }

    private static Counts run(SparkSession spark, SilverBatch batch, LocalCheckpoints checkpoints) {
        // Checkpointed, not cached: a MERGE source must not change caching state while it runs.
        Dataset<Row> affected = checkpoints.take(
                batch.bronze(spark, Source.CRM_OPPORTUNITIES).select("opportunity_id").distinct());
        if (affected.isEmpty()) {
            return new Counts(0, 0, 0, 0);
        }
        Dataset<Row> snapshots = checkpoints.take(batch.allBronze(spark, Source.CRM_OPPORTUNITIES)
                .join(affected, "opportunity_id"));
        Dataset<Row> current = checkpoints.take(current(snapshots));
        Dataset<Row> history = checkpoints.take(history(snapshots));
        Dataset<Row> changes = checkpoints.take(changes(snapshots));
        DeltaMerges.upsert(spark, batch.lake(), SilverTables.OPPORTUNITIES, current, null,
                "s.last_snapshot_date >= t.last_snapshot_date");
        DeltaMerges.replaceSlices(spark, batch.lake(), SilverTables.OPPORTUNITY_HISTORY, history,
                batch.silver(spark, SilverTables.OPPORTUNITY_HISTORY).join(affected, "opportunity_id"), null);
        DeltaMerges.replaceSlices(spark, batch.lake(), SilverTables.OPPORTUNITY_CHANGES, changes,
                batch.silver(spark, SilverTables.OPPORTUNITY_CHANGES).join(affected, "opportunity_id"), null);
        return new Counts(snapshots.count(), current.count(), history.count(), changes.count());
    }
}
