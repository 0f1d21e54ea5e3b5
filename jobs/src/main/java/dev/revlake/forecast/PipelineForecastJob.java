package dev.revlake.forecast;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.models.forecast.ForecastCategory;
import dev.revlake.models.forecast.ForecastDeal;
import dev.revlake.models.forecast.MonteCarloForecast;
import dev.revlake.models.forecast.MonteCarloForecast.Group;
import dev.revlake.ops.StepRecorder;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;

/**
 * Builds {@code gold_pipeline_forecast}: for every night (a score_date of
 * {@code gold_opportunity_scores}) in [from, to], the bookings forecast of the calendar month and
 * the calendar quarter containing that night, per owner × segment and rolled up with {@code 'all'}
 * (each owner over all segments, each segment over all owners, everything). Nights without scores
 * are skipped (logged); every night's forecast is kept as its own snapshot and a re-run of a
 * night replaces it.
 *
 * <p><b>Per open deal and period</b>, {@code q = win_probability × close-in-period probability}
 * ({@code close_in_month_probability} for the month, {@code close_in_quarter_probability} for the
 * quarter). The columns:
 * <ul>
 *   <li>{@code closed_won_usd}: amount won with a close dated in [period start, night] as known
 *       that night ({@link WonDeals}: first CRM snapshot showing the close, owner at close,
 *       segment of the account then);</li>
 *   <li>{@code open_pipeline_usd}: amount of open deals whose CRM close date is in the period;</li>
 *   <li>{@code open_deals}: open deals whose CRM close date is in the period or that are in a
 *       forecast category (q ≥ 0.1);</li>
 *   <li>{@code stage_weighted_usd}: closed_won_usd + Σ amount × stage_probability_percent / 100
 *       over open deals whose CRM close date is in the period; a null stage probability counts as
 *       0;</li>
 *   <li>{@code expected_bookings_usd}: closed_won_usd + Σ q × amount over all open deals;</li>
 *   <li>{@code p10/p50/p90_bookings_usd}: closed_won_usd + quantiles of a Monte Carlo simulation in
 *       which each open deal is booked independently with probability q
 *       ({@link MonteCarloForecast}); roll-ups are quantiles of summed draws. The seed is derived
 *       from the configured base seed, the night and the period type ({@link #seedFor}), so the
 *       same inputs always give the same figures;</li>
 *   <li>forecast categories ({@link ForecastCategory}): commit when q ≥ 0.7, best_case when
 *       q ≥ 0.4, pipeline when q ≥ 0.1, none below. {@code commit_usd = closed_won_usd + commit
 *       amounts}, {@code best_case_usd = commit_usd + best-case amounts}, {@code pipeline_usd =
 *       best_case_usd + pipeline amounts};</li>
 *   <li>model versions: the most common among the night's deals (ties: the smallest).</li>
 * </ul>
 * Groups: every owner × segment with an open deal that night or a deal won in the quarter so far,
 * their roll-ups, and always all × all; month and quarter rows have the same groups. Money is
 * rounded half-up to cents.
 *
 * <p><b>Driver memory.</b> The range's open deals stream to the driver in night order, one night
 * held at a time (tens of thousands of rows at most), and are simulated in plain Java; the won
 * deals of the periods are collected once.
 */
public final class PipelineForecastJob {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineForecastJob.class);

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "forecast";

    /** Default Monte Carlo draws. */
    public static final int DEFAULT_DRAWS = 10_000;

    /** Default base seed. */
    public static final long DEFAULT_SEED = 42L;

    private static final String ALL = MonteCarloForecast.ALL;

    /**
     * What to forecast.
     *
     * @param from  first night
     * @param to    last night
     * @param draws Monte Carlo draws per night and period, at least {@value MonteCarloForecast#MIN_DRAWS}
     * @param seed  base seed the per-night seeds derive from
     * @param runId run id written to every row
     */
    public record Config(Lake lake, LocalDate from, LocalDate to, int draws, long seed, String runId) {

        public Config {
            Objects.requireNonNull(lake, "lake");
            if (from == null || to == null || to.isBefore(from)) {
                throw new IllegalArgumentException(String.format("Invalid dates: %s..%s", from, to));
            }
            if (draws < MonteCarloForecast.MIN_DRAWS) {
                throw new IllegalArgumentException(String.format("Invalid draws: %s (at least %d)", draws,
                        MonteCarloForecast.MIN_DRAWS));
            }
            if (runId == null || runId.isBlank()) {
                throw new IllegalArgumentException("Invalid run id: " + runId);
            }
        }

        /** A config with {@value #DEFAULT_DRAWS} draws and seed {@value #DEFAULT_SEED}. */
        public static Config of(Lake lake, LocalDate from, LocalDate to, String runId) {
            return new Config(lake, from, to, DEFAULT_DRAWS, DEFAULT_SEED, runId);
        }
    }

    /** The figures of one row of {@code gold_pipeline_forecast} (without forecast_at and run_id). */
    public record Figures(LocalDate forecastDate, ForecastPeriod period, String ownerId, String segment,
                          BigDecimal closedWonUsd, long openDeals, BigDecimal openPipelineUsd,
                          BigDecimal stageWeightedUsd, BigDecimal expectedBookingsUsd, BigDecimal p10BookingsUsd,
                          BigDecimal p50BookingsUsd, BigDecimal p90BookingsUsd, BigDecimal commitUsd,
                          BigDecimal bestCaseUsd, BigDecimal pipelineUsd, int simulationDraws, long simulationSeed,
                          String winModelVersion, String closeDateModelVersion) {
    }

    private PipelineForecastJob() {
    }

    /**
     * The forecast rows of one night, month rows then quarter rows, each in owner, segment order.
     * Pure Java.
     *
     * @param deals the night's open deals (its gold_opportunity_scores rows)
     * @param won   closed-won deals, at least those with a close in the night's quarter so far
     */
    public static List<Figures> forecastNight(LocalDate night, List<OpenDeal> deals, List<WonDeal> won, int draws,
                                              long baseSeed) {
        for (OpenDeal d : deals) {
            if (d.amountUsd() == null || d.amountUsd().signum() < 0) {
                throw new IllegalStateException(String.format("gold_opportunity_scores row of %s on %s has"
                        + " amount_usd %s: amounts must be present and not negative; re-run revlake score",
                        d.opportunityId(), night, d.amountUsd()));
            }
        }
        ForecastPeriod quarter = ForecastPeriod.quarter(night);
        // The same groups for month and quarter: leaves with an open deal or a won deal this quarter.
        Set<Group> groups = new TreeSet<>();
        deals.forEach(d -> groups.addAll(WonDeals.withRollUps(d.ownerId(), d.segment())));
        won.stream().filter(w -> w.isWonBetween(quarter.start(), night))
                .forEach(w -> groups.addAll(WonDeals.withRollUps(w.ownerId(), w.segment())));
        groups.add(new Group(ALL, ALL));
        String winVersion = mostCommon(deals.stream().map(OpenDeal::winModelVersion).toList());
        String closeVersion = mostCommon(deals.stream().map(OpenDeal::closeDateModelVersion).toList());

        List<Figures> out = new ArrayList<>();
        for (ForecastPeriod period : List.of(ForecastPeriod.month(night), quarter)) {
            Map<Group, BigDecimal> closedWon = WonDeals.amountWon(won, period.start(), night);
            Map<Group, Sums> sums = new HashMap<>();
            List<ForecastDeal> simulated = new ArrayList<>(deals.size());
            for (OpenDeal d : deals) {
                double q = ForecastCategory.bookingProbability(d.winProbability(), d.closeInPeriodProbability(period));
                boolean crmInPeriod = period.contains(d.closeDate());
                ForecastCategory category = ForecastCategory.categorize(q);
                for (Group g : WonDeals.withRollUps(d.ownerId(), d.segment())) {
                    sums.computeIfAbsent(g, k -> new Sums()).add(d, q, crmInPeriod, category);
                }
                simulated.add(new ForecastDeal(d.opportunityId(), d.ownerId(), d.segment(),
                        d.amountUsd().doubleValue(), q));
            }
            long seed = seedFor(baseSeed, night, period.type());
            MonteCarloForecast.Result simulation = MonteCarloForecast.simulate(simulated, draws, seed);
            for (Group g : groups) {
                BigDecimal closed = closedWon.getOrDefault(g, BigDecimal.ZERO);
                Sums s = sums.getOrDefault(g, new Sums());
                MonteCarloForecast.Quantiles mc = simulation.of(g.ownerId(), g.segment());
                BigDecimal commit = closed.add(s.commit);
                BigDecimal bestCase = commit.add(s.bestCase);
                out.add(new Figures(night, period, g.ownerId(), g.segment(), money(closed), s.openDeals,
                        money(s.crmPipeline), money(closed.add(s.stageWeighted)), money(closed.add(s.expected)),
                        money(closed.add(BigDecimal.valueOf(mc.p10()))),
                        money(closed.add(BigDecimal.valueOf(mc.p50()))),
                        money(closed.add(BigDecimal.valueOf(mc.p90()))), money(commit), money(bestCase),
                        money(bestCase.add(s.pipeline)), draws, seed, winVersion, closeVersion));
            }
        }
        return out;
    }

    /**
     * The seed of a night's simulation of a period: SplitMix64 of the base seed, the night and the
     * period type, so nights and periods draw independent streams and a re-run draws the same.
     */
    public static long seedFor(long baseSeed, LocalDate night, String periodType) {
        long h = mix(baseSeed + 0x9E3779B97F4A7C15L * night.toEpochDay());
        return mix(h + (ForecastPeriod.MONTH.equals(periodType) ? 1 : 2));
    }

    /**
     * Forecasts every night of [from, to] that has scores and replaces the range's rows of
     * {@code gold_pipeline_forecast} in one commit (recorded in {@code ops_job_runs}).
     *
     * @throws IllegalStateException when gold_opportunity_scores has no rows in the range
     */
    public static List<StepRecorder.TableResult> run(SparkSession spark, Config config) {
        Lake lake = config.lake();
        StepRecorder rec = new StepRecorder(spark, lake, config.runId(), JOB, config.from(), config.to());
        try {
            Dataset<Row> scores = DeltaTables.readOrEmpty(spark, lake, ScoreTables.OPPORTUNITY_SCORES)
                    .filter(col("score_date").between(lit(config.from()), lit(config.to())));
            List<WonDeal> won = WonDeals.collect(WonDeals.transform(
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITY_HISTORY),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.OPPORTUNITIES),
                    DeltaTables.readOrEmpty(spark, lake, SilverTables.ACCOUNT_HISTORY),
                    ForecastPeriod.quarter(config.from()).start(), config.to()));
            Instant forecastAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<Row> rows = new ArrayList<>();
            long read = 0;
            // One pass over the range's scores in night order: a night is forecast as soon as its
            // rows are in, so only one night's deals are held at a time.
            Iterator<Row> it = scores.select(col("score_date"), col("opportunity_id"), col("owner_id"),
                    col("segment"), col("stage_probability_percent"), col("amount_usd"), col("close_date"),
                    col("win_probability"), col("close_in_month_probability"), col("close_in_quarter_probability"),
                    col("win_model_version"), col("close_date_model_version"))
                    .orderBy("score_date", "opportunity_id").toLocalIterator();
            LocalDate expected = config.from();
            LocalDate night = null;
            List<OpenDeal> deals = new ArrayList<>();
            while (it.hasNext() || night != null) {
                Row r = it.hasNext() ? it.next() : null;
                LocalDate date = r == null ? null : r.getAs(0);
                if (night != null && !night.equals(date)) {
                    for (; expected.isBefore(night); expected = expected.plusDays(1)) {
                        skipped(expected);
                    }
                    read += deals.size();
                    List<Figures> figures = forecastNight(night, deals, won, config.draws(), config.seed());
                    figures.forEach(f -> rows.add(toRow(f, forecastAt, config.runId())));
                    LOG.info("table={} forecast_date={} deals_in={} won_deals={} rows_out={}",
                            ScoreTables.PIPELINE_FORECAST.name(), night, deals.size(), won.size(), figures.size());
                    expected = night.plusDays(1);
                    deals = new ArrayList<>();
                }
                night = date;
                if (r != null) {
                    deals.add(openDeal(r));
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalStateException(String.format("%s has no rows for %s..%s: run revlake score first",
                        ScoreTables.OPPORTUNITY_SCORES.name(), config.from(), config.to()));
            }
            for (; !expected.isAfter(config.to()); expected = expected.plusDays(1)) {
                skipped(expected);
            }
            rec.step(ScoreTables.PIPELINE_FORECAST, read, () -> {
                DeltaTables.replaceRange(spark, lake, ScoreTables.PIPELINE_FORECAST, "forecast_date", config.from(),
                        config.to(), spark.createDataFrame(rows, ScoreTables.PIPELINE_FORECAST.schema()));
                return (long) rows.size();
            }, n -> n);
        } finally {
            rec.flush();
        }
        return rec.results();
    }

    /** A score row (score_date first) as an open deal. */
    private static OpenDeal openDeal(Row r) {
        return new OpenDeal(r.getString(1), r.getString(2), r.getString(3), r.isNullAt(4) ? null : r.getInt(4),
                r.getDecimal(5), r.getAs(6), r.getDouble(7), r.getDouble(8), r.getDouble(9), r.getString(10),
                r.getString(11));
    }

    private static void skipped(LocalDate night) {
        LOG.info("table={} forecast_date={} skipped: no rows in {}", ScoreTables.PIPELINE_FORECAST.name(), night,
                ScoreTables.OPPORTUNITY_SCORES.name());
    }

    private static Row toRow(Figures f, Instant forecastAt, String runId) {
        return RowFactory.create(f.forecastDate(), f.period().type(), f.period().start(), f.period().end(),
                f.ownerId(), f.segment(), f.closedWonUsd(), f.openDeals(), f.openPipelineUsd(), f.stageWeightedUsd(),
                f.expectedBookingsUsd(), f.p10BookingsUsd(), f.p50BookingsUsd(), f.p90BookingsUsd(), f.commitUsd(),
                f.bestCaseUsd(), f.pipelineUsd(), f.simulationDraws(), f.simulationSeed(), f.winModelVersion(),
                f.closeDateModelVersion(), forecastAt, runId);
    }

    /** The most frequent non-null value (ties: the smallest), null for none. */
    static String mostCommon(List<String> values) {
        Map<String, Long> counts = new TreeMap<>();
        values.stream().filter(Objects::nonNull).forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Running sums of one group's open deals in one period. */
    private static final class Sums {
        long openDeals;
        BigDecimal crmPipeline = BigDecimal.ZERO;
        BigDecimal stageWeighted = BigDecimal.ZERO;
        BigDecimal expected = BigDecimal.ZERO;
        BigDecimal commit = BigDecimal.ZERO;
        BigDecimal bestCase = BigDecimal.ZERO;
        BigDecimal pipeline = BigDecimal.ZERO;

        void add(OpenDeal d, double q, boolean crmInPeriod, ForecastCategory category) {
            BigDecimal amount = d.amountUsd();
            if (crmInPeriod || category != null) {
                openDeals++;
            }
            if (crmInPeriod) {
                crmPipeline = crmPipeline.add(amount);
                int percent = d.stageProbabilityPercent() == null ? 0 : d.stageProbabilityPercent();
                stageWeighted = stageWeighted.add(amount.multiply(BigDecimal.valueOf(percent)).movePointLeft(2));
            }
            expected = expected.add(amount.multiply(BigDecimal.valueOf(q)));
            if (category == ForecastCategory.COMMIT) {
                commit = commit.add(amount);
            } else if (category == ForecastCategory.BEST_CASE) {
                bestCase = bestCase.add(amount);
            } else if (category == ForecastCategory.PIPELINE) {
                pipeline = pipeline.add(amount);
            }
        }
    }
}
