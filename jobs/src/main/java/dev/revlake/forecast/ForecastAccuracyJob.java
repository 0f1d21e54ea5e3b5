package dev.revlake.forecast;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.LocalCheckpoints;
import dev.revlake.models.forecast.MonteCarloForecast;
import dev.revlake.models.forecast.MonteCarloForecast.Group;
import dev.revlake.ops.StepRecorder;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;

/**
 * Builds {@code gold_forecast_accuracy}: once a period has closed (its last day before the
 * configured as-of date), every forecast stored for it in {@code gold_pipeline_forecast} (one per
 * night, owner and segment, with the 'all' roll-ups) against the actual bookings.
 *
 * <p>Actual bookings: the amount of deals won with a close dated in the period, with the same
 * dating, owner and segment rules as {@code closed_won_usd} ({@link WonDeals}), as known by the
 * period's last day; a group with forecasts but no booking has actual 0. Per row:
 * <ul>
 *   <li>{@code model_absolute_percentage_error} = |expected_bookings_usd − actual| / actual, and
 *       {@code baseline_absolute_percentage_error} the same for stage_weighted_usd; null when
 *       actual is 0;</li>
 *   <li>{@code model_bias_usd} = expected − actual, {@code baseline_bias_usd} = stage weighted −
 *       actual (positive: over-forecast);</li>
 *   <li>{@code is_actual_within_p10_p90}: P10 ≤ actual ≤ P90;</li>
 *   <li>{@code days_before_period_end} = period_end − forecast_date.</li>
 * </ul>
 * Every run rewrites all rows of the closed periods (period_end before the as-of date) in one
 * commit, so re-runs are idempotent and late forecasts or corrected bookings are picked up.
 */
public final class ForecastAccuracyJob {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastAccuracyJob.class);

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "forecast_accuracy";

    private static final List<String> GROUP_KEY = List.of("period_type", "period_start", "owner_id", "segment");

    private static final StructType ACTUALS = new StructType()
            .add("period_type", DataTypes.StringType, false)
            .add("period_start", DataTypes.DateType, false)
            .add("owner_id", DataTypes.StringType, false)
            .add("segment", DataTypes.StringType, false)
            .add("actual_bookings_usd", DataTypes.createDecimalType(18, 2), false);

    /**
     * What to evaluate.
     *
     * @param asOf  periods whose last day is before this date are evaluated
     * @param runId run id written to every row
     */
    public record Config(Lake lake, LocalDate asOf, String runId) {

        public Config {
            Objects.requireNonNull(lake, "lake");
            if (asOf == null) {
                throw new IllegalArgumentException("Invalid as-of date: null");
            }
            if (runId == null || runId.isBlank()) {
                throw new IllegalArgumentException("Invalid run id: " + runId);
            }
        }
    }

    private ForecastAccuracyJob() {
    }

    /**
     * Actual bookings per closed period and group, with the roll-ups: {@code period_type,
     * period_start, owner_id, segment, actual_bookings_usd}. Pure Java.
     */
    public static List<Row> actuals(List<ForecastPeriod> periods, List<WonDeal> won) {
        List<Row> rows = new ArrayList<>();
        for (ForecastPeriod p : periods) {
            for (Map.Entry<Group, BigDecimal> e : WonDeals.amountWon(won, p.start(), p.end()).entrySet()) {
                rows.add(RowFactory.create(p.type(), p.start(), e.getKey().ownerId(), e.getKey().segment(),
                        e.getValue()));
            }
        }
        return rows;
    }

    /**
     * The accuracy rows of the forecasts given (already limited to closed periods), in contract
     * order. Pure.
     *
     * @param forecasts rows of gold_pipeline_forecast
     * @param actuals   {@link #actuals} as a DataFrame
     */
    public static Dataset<Row> transform(Dataset<Row> forecasts, Dataset<Row> actuals, Instant evaluatedAt,
                                         String runId) {
        Column actual = coalesce(col("actual_bookings_usd"), lit(BigDecimal.ZERO));
        Dataset<Row> joined = forecasts.join(actuals, seq(GROUP_KEY), "left")
                .withColumn("actual_bookings_usd", actual)
                .withColumn("days_before_period_end", date_diff(col("period_end"), col("forecast_date")))
                .withColumn("model_absolute_percentage_error", when(actual.gt(0),
                        abs(col("expected_bookings_usd").minus(actual)).cast(DataTypes.DoubleType)
                                .divide(actual.cast(DataTypes.DoubleType))))
                .withColumn("model_bias_usd", col("expected_bookings_usd").minus(actual))
                .withColumn("baseline_absolute_percentage_error", when(actual.gt(0),
                        abs(col("stage_weighted_usd").minus(actual)).cast(DataTypes.DoubleType)
                                .divide(actual.cast(DataTypes.DoubleType))))
                .withColumn("baseline_bias_usd", col("stage_weighted_usd").minus(actual))
                .withColumn("is_actual_within_p10_p90",
                        col("p10_bookings_usd").leq(actual).and(actual.leq(col("p90_bookings_usd"))))
                .withColumn("evaluated_at", lit(evaluatedAt))
                .withColumn("run_id", lit(runId));
        List<Column> columns = new ArrayList<>();
        for (StructField f : ScoreTables.FORECAST_ACCURACY.schema().fields()) {
            columns.add(col(f.name()).cast(f.dataType()).as(f.name()));
        }
        return joined.select(columns.toArray(Column[]::new));
    }

    /**
     * Per closed period, how the overall forecast (owner 'all' × segment 'all') did over its
     * nights, in period type and start order.
     */
    public static List<AccuracySummary> summarize(Dataset<Row> accuracy) {
        String all = MonteCarloForecast.ALL;
        List<AccuracySummary> out = new ArrayList<>();
        for (Row r : accuracy.filter(col("owner_id").equalTo(all).and(col("segment").equalTo(all)))
                .groupBy("period_type", "period_start")
                .agg(count("*"), first("actual_bookings_usd"), avg("model_absolute_percentage_error"),
                        avg("baseline_absolute_percentage_error"),
                        avg(col("is_actual_within_p10_p90").cast(DataTypes.DoubleType)))
                .collectAsList()) {
            out.add(new AccuracySummary(ForecastPeriod.of(r.getString(0), r.getAs(1)), r.getLong(2),
                    ((BigDecimal) r.getAs(3)).doubleValue(), r.isNullAt(4) ? null : r.getDouble(4),
                    r.isNullAt(5) ? null : r.getDouble(5), r.getDouble(6)));
        }
        out.sort(Comparator.comparing(AccuracySummary::periodType).thenComparing(AccuracySummary::periodStart));
        return out;
    }

    /**
     * Evaluates every closed period of {@code gold_pipeline_forecast} and replaces the accuracy rows
     * of all closed periods in one commit (recorded in {@code ops_job_runs}).
     *
     * @throws IllegalStateException when gold_pipeline_forecast does not exist
     */
    public static List<StepRecorder.TableResult> run(SparkSession spark, Config config) {
        Lake lake = config.lake();
        if (!DeltaTables.exists(spark, lake, ScoreTables.PIPELINE_FORECAST)) {
            throw new IllegalStateException(ScoreTables.PIPELINE_FORECAST.name() + " does not exist: run revlake"
                    + " forecast first");
        }
        String closed = "period_end < DATE'" + config.asOf() + "'";
        Dataset<Row> forecasts = DeltaTables.read(spark, lake, ScoreTables.PIPELINE_FORECAST).filter(closed);
        List<ForecastPeriod> periods = forecasts.select("period_type", "period_start").distinct().collectAsList()
                .stream().map(r -> ForecastPeriod.of(r.getString(0), r.getAs(1))).toList();
        StepRecorder rec = new StepRecorder(spark, lake, config.runId(), JOB,
                periods.stream().map(ForecastPeriod::start).min(Comparator.naturalOrder()).orElse(config.asOf()),
                config.asOf());
        try (LocalCheckpoints checkpoints = new LocalCheckpoints()) {
            if (periods.isEmpty()) {
                LOG.info("table={} skipped: no forecast of a period ending before {}",
                        ScoreTables.FORECAST_ACCURACY.name(), config.asOf());
                return List.of();
            }
            LocalDate first = periods.stream().map(ForecastPeriod::start).min(Comparator.naturalOrder())
                    .orElseThrow();
            LocalDate last = periods.stream().map(ForecastPeriod::end).max(Comparator.naturalOrder()).orElseThrow();
            List<WonDeal> won = WonDeals.collect(WonDeals.transform(
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITY_HISTORY),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITIES),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.ACCOUNT_HISTORY), first, last));
            Dataset<Row> rows = checkpoints.take(transform(forecasts,
                    spark.createDataFrame(actuals(periods, won), ACTUALS), Instant.now().truncatedTo(ChronoUnit.MICROS),
                    config.runId()));
            long n = rows.count();
            LOG.info("table={} periods={} won_deals={} forecast_rows_in={}", ScoreTables.FORECAST_ACCURACY.name(),
                    periods.size(), won.size(), n);
            rec.step(ScoreTables.FORECAST_ACCURACY, n, () -> {
                DeltaTables.ensure(spark, lake, ScoreTables.FORECAST_ACCURACY);
                // Every closed period is recomputed, so one predicate replaces exactly their rows.
                rows.write().format("delta").mode("overwrite").option("replaceWhere", closed)
                        .save(lake.path(ScoreTables.FORECAST_ACCURACY));
                return n;
            }, x -> x);
        } finally {
            rec.flush();
        }
        return rec.results();
    }

    private static scala.collection.immutable.Seq<String> seq(List<String> names) {
        return scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq();
    }
}
