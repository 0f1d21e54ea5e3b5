package dev.revlake.forecast;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import dev.revlake.gold.Firmographics;
import dev.revlake.models.forecast.MonteCarloForecast;
import dev.revlake.models.forecast.MonteCarloForecast.Group;

/**
 * Closed-won deals, dated and attributed the way the gold jobs do, shared by the forecast
 * ({@code closed_won_usd}) and its accuracy ({@code actual_bookings_usd}) so both count the same
 * bookings:
 * <ul>
 *   <li>a close is dated on the day of the first CRM snapshot showing it, not by a (possibly
 *       backdated) closed_at;</li>
 *   <li>it belongs to the owner of the closed-won stage interval (the owner at close);</li>
 *   <li>its segment is {@link Firmographics#segment} of the account version valid at the end of
 *       the close day (the earliest version stands for days before it), unknown without one;</li>
 *   <li>a deal reopened later stops counting from the first snapshot showing the reopening.</li>
 * </ul>
 */
public final class WonDeals {

    private WonDeals() {
    }

    /**
     * Every closed-won interval first shown by {@code asOf} with a close day on or after
     * {@code closedFrom}: {@code opportunity_id, owner_id, segment, amount_usd, close_date,
     * reopened_date}. Pure.
     */
    public static Dataset<Row> transform(Dataset<Row> history, Dataset<Row> opportunities,
                                         Dataset<Row> accountHistory, LocalDate closedFrom, LocalDate asOf) {
        WindowSpec bySequence = Window.partitionBy("opportunity_id").orderBy("stage_sequence");
        Dataset<Row> won = history.filter(col("first_snapshot_date").leq(lit(asOf)))
                .withColumn("reopened_date", lead("first_snapshot_date", 1).over(bySequence))
                .filter(col("stage").equalTo("closed_won").and(col("first_snapshot_date").geq(lit(closedFrom))))
                .select(col("opportunity_id"), col("owner_id"), col("amount_usd_at_entry").as("amount_usd"),
                        col("first_snapshot_date").as("close_date"), col("reopened_date"))
                .join(opportunities.select(col("opportunity_id"), col("account_id")), "opportunity_id");
        Dataset<Row> versions = accountHistory.select(col("account_id").as("_account_id"),
                to_date(col("updated_at")).as("_day"), col("updated_at").as("_updated_at"),
                struct(col("employee_count")).as("_version"));
        return won.join(versions, col("account_id").equalTo(col("_account_id")), "left")
                .groupBy("opportunity_id", "owner_id", "amount_usd", "close_date", "reopened_date")
                // Versions are structs so that a version without an employee count still wins.
                .agg(max_by(col("_version"), when(col("_day").leq(col("close_date")), col("_updated_at")))
                                .as("_as_of"),
                        min_by(col("_version"), col("_updated_at")).as("_earliest"))
                .select(col("opportunity_id"), col("owner_id"),
                        Firmographics.segment(coalesce(col("_as_of"), col("_earliest")).getField("employee_count"))
                                .as("segment"),
                        col("amount_usd"), col("close_date"), col("reopened_date"));
    }

    /** Collects {@link #transform}'s rows (closed-won deals are few: one per won deal). */
    public static List<WonDeal> collect(Dataset<Row> won) {
        List<WonDeal> out = new ArrayList<>();
        for (Row r : won.collectAsList()) {
            out.add(new WonDeal(r.getAs("opportunity_id"), r.getAs("owner_id"), r.getAs("segment"),
                    r.getAs("amount_usd"), r.getAs("close_date"), r.getAs("reopened_date")));
        }
        return out;
    }

    /**
     * Amount won per owner × segment with its roll-ups (owner 'all', segment 'all', both), over
     * the deals won with a close in [start, asOf] as known by {@code asOf}. Groups without a won
     * deal are absent.
     */
    public static Map<Group, BigDecimal> amountWon(List<WonDeal> deals, LocalDate start, LocalDate asOf) {
        Map<Group, BigDecimal> out = new TreeMap<>();
        for (WonDeal d : deals) {
            if (d.isWonBetween(start, asOf)) {
                for (Group g : withRollUps(d.ownerId(), d.segment())) {
                    out.merge(g, d.amountUsd(), BigDecimal::add);
                }
            }
        }
        return out;
    }

    /** The group of an owner and segment and the three roll-ups it belongs to. */
    public static List<Group> withRollUps(String ownerId, String segment) {
        String all = MonteCarloForecast.ALL;
        return List.of(new Group(ownerId, segment), new Group(ownerId, all), new Group(all, segment),
                new Group(all, all));
    }
}
