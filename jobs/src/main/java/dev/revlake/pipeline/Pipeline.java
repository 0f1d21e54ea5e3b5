package dev.revlake.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.spark.sql.SparkSession;

import dev.revlake.bronze.BronzeIngestJob;
import dev.revlake.forecast.AccuracySummary;
import dev.revlake.forecast.ForecastAccuracyJob;
import dev.revlake.forecast.PipelineForecastJob;
import dev.revlake.gold.GoldBatch;
import dev.revlake.gold.GoldJob;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.ops.StepRecorder;
import dev.revlake.score.LeadAlertsJob;
import dev.revlake.score.LeadScoringJob;
import dev.revlake.score.OpportunityScoringJob;
import dev.revlake.score.ScoreTables;
import dev.revlake.score.ScoringConfig;
import dev.revlake.raw.Source;
import dev.revlake.silver.SilverBatch;
import dev.revlake.silver.SilverJob;

/**
 * The pipeline's stages: raw → bronze → silver → gold for a date range (a backfill batch) or one
 * nightly date, then scores, alerts and forecasts from the registered champions. Training and the
 * CRM export are separate jobs (they run on their own schedules).
 */
public final class Pipeline {

    /** Days before a run's first date in which late files are looked for. */
    public static final int DEFAULT_LATE_FILE_LOOKBACK_DAYS = 7;

    private final SparkSession spark;
    private final Lake lake;
    private final String rawRoot;
    private final Consumer<String> progress;

    /**
     * @param progress receives one human-readable line per finished stage
     */
    public Pipeline(SparkSession spark, Lake lake, String rawRoot, Consumer<String> progress) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.lake = Objects.requireNonNull(lake, "lake");
        this.rawRoot = Objects.requireNonNull(rawRoot, "rawRoot");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** A fresh run id: job, logical date and a random suffix. */
    public static String newRunId(String job, LocalDate date) {
        return job + "-" + date + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Ingests the raw folders of a date range into bronze. */
    public List<BronzeIngestJob.SourceResult> ingest(LocalDate from, LocalDate to, List<Source> sources) {
        Instant start = Instant.now();
        List<BronzeIngestJob.SourceResult> results = BronzeIngestJob.run(spark, new BronzeIngestJob.Config(lake,
                rawRoot, from, to, DEFAULT_LATE_FILE_LOOKBACK_DAYS, sources, newRunId(BronzeIngestJob.JOB, to)));
        long read = results.stream().mapToLong(BronzeIngestJob.SourceResult::rowsRead).sum();
        long written = results.stream().mapToLong(BronzeIngestJob.SourceResult::rowsWritten).sum();
        long quarantined = results.stream().mapToLong(BronzeIngestJob.SourceResult::rowsQuarantined).sum();
        long duplicates = results.stream().mapToLong(BronzeIngestJob.SourceResult::duplicatesDropped).sum();
        progress.accept(String.format("bronze  %s..%s  %,d records read: %,d written, %,d quarantined, %,d duplicates"
                        + " dropped (%s)", from, to, read, written, quarantined, duplicates, seconds(start)));
        return results;
    }

    /** Ingests every source. */
    public List<BronzeIngestJob.SourceResult> ingest(LocalDate from, LocalDate to) {
        return ingest(from, to, Arrays.asList(Source.values()));
    }

    /** Builds silver from the bronze rows ingested for a date range. */
    public List<StepRecorder.TableResult> silver(LocalDate from, LocalDate to) {
        Instant start = Instant.now();
        List<StepRecorder.TableResult> results = SilverJob.run(spark,
                new SilverBatch(lake, from, to, newRunId(SilverJob.JOB, to)));
        long events = results.stream().filter(r -> r.table().equals("silver_events"))
                .mapToLong(StepRecorder.TableResult::rowsWritten).sum();
        progress.accept(String.format("silver  %s..%s  %,d events merged, %d tables updated (%s)", from, to, events,
                results.size(), seconds(start)));
        return results;
    }

    /**
     * Builds gold for a range of snapshot dates in one batch (a backfill), or with
     * {@code from == to - refold days} the nightly refold window.
     */
    public List<StepRecorder.TableResult> gold(LocalDate from, LocalDate to) {
        Instant start = Instant.now();
        List<StepRecorder.TableResult> results = GoldJob.run(spark,
                new GoldBatch(lake, from, to, newRunId(GoldJob.JOB, to)));
        long leads = results.stream().filter(r -> r.table().equals(GoldTables.LEAD_FEATURES.name()))
                .mapToLong(StepRecorder.TableResult::rowsWritten).sum();
        long opportunities = results.stream().filter(r -> r.table().equals(GoldTables.OPPORTUNITY_FEATURES.name()))
                .mapToLong(StepRecorder.TableResult::rowsWritten).sum();
        progress.accept(String.format("gold    %s..%s  %,d lead and %,d opportunity snapshots, %d tables updated (%s)",
                from, to, leads, opportunities, results.size(), seconds(start)));
        return results;
    }

    /**
     * One nightly run: ingest the date (and late files), silver for it, then gold for the date and
     * the {@link GoldBatch#DEFAULT_REFOLD_DAYS} days before it, where late events may have landed.
     */
    public void nightly(LocalDate date) {
        ingest(date, date);
        silver(date, date);
        gold(date.minusDays(GoldBatch.DEFAULT_REFOLD_DAYS), date);
    }

    /**
     * What a scoring run did: lines for people, and the problems that kept a part from running
     * (a missing champion, say); the parts that could run did.
     */
    public record ScoreOutcome(List<String> problems, List<AccuracySummary> accuracy) {
        public ScoreOutcome {
            problems = List.copyOf(problems);
            accuracy = List.copyOf(accuracy);
        }
    }

    /**
     * Scores, alerts and forecasts the nights of a range: lead scores and handoff alerts, deal
     * scores, the pipeline forecast, and the accuracy of every stored forecast of the periods closed
     * by the range's last night. Lead and deal scoring are independent: when the lead model is
     * missing the deals are still scored, and the other way round; the forecast needs deal scores.
     *
     * @param draws Monte Carlo draws of the forecast
     * @param seed  base seed of the forecast
     */
    public ScoreOutcome score(ScoringConfig config, int draws, long seed) {
        List<String> problems = new ArrayList<>();
        scoreLeads(config, problems);
        if (!scoreDeals(config, problems)) {
            return new ScoreOutcome(problems, List.of());
        }
        return new ScoreOutcome(problems, forecast(config.from(), config.to(), draws, seed, config.runId()));
    }

    /**
     * Scores the open leads (and raises handoff alerts) and the open deals of the nights of a range.
     * The two are independent: when one champion is missing the other still scores, and the missing
     * part is a problem of the outcome.
     */
    public ScoreOutcome scoreLeadsAndDeals(ScoringConfig config) {
        List<String> problems = new ArrayList<>();
        scoreLeads(config, problems);
        scoreDeals(config, problems);
        return new ScoreOutcome(problems, List.of());
    }

    /** Lead scores and handoff alerts; a missing champion becomes a problem. */
    private void scoreLeads(ScoringConfig config, List<String> problems) {
        Instant start = Instant.now();
        try {
            StepRecorder.TableResult leads = LeadScoringJob.run(spark, config);
            LeadAlertsJob.Result alerts = LeadAlertsJob.run(spark, config);
            progress.accept(String.format("scores  %s..%s  %,d lead scores, %,d handoff alerts at score >= %d (%,d to %s:"
                            + " no owner) (%s)", config.from(), config.to(), leads.rowsWritten(), alerts.alerts(),
                    config.handoffThreshold(), alerts.unassigned(), config.unassignedQueue(), seconds(start)));
        } catch (IllegalStateException e) {
            problems.add("lead scores: " + e.getMessage());
        }
    }

    /** Deal scores; false (and a problem) when the deal champions are missing. */
    private boolean scoreDeals(ScoringConfig config, List<String> problems) {
        Instant start = Instant.now();
        try {
            StepRecorder.TableResult deals = OpportunityScoringJob.run(spark, config);
            progress.accept(String.format("scores  %s..%s  %,d open deal scores (%s)", config.from(), config.to(),
                    deals.rowsWritten(), seconds(start)));
            return true;
        } catch (IllegalStateException e) {
            problems.add("deal scores: " + e.getMessage());
            return false;
        }
    }

    /**
     * Forecasts the pipeline for the nights of a range from their deal scores, then evaluates every
     * stored forecast of the periods closed by the night after the range.
     *
     * @param draws Monte Carlo draws of the forecast
     * @param seed  base seed of the forecast
     * @return the accuracy of every closed period evaluated so far
     * @throws IllegalStateException when the range has no deal scores
     */
    public List<AccuracySummary> forecast(LocalDate from, LocalDate to, int draws, long seed, String runId) {
        Instant start = Instant.now();
        List<StepRecorder.TableResult> forecast = PipelineForecastJob.run(spark,
                new PipelineForecastJob.Config(lake, from, to, draws, seed, runId));
        ForecastAccuracyJob.run(spark, new ForecastAccuracyJob.Config(lake, to.plusDays(1), runId));
        List<AccuracySummary> accuracy = ForecastAccuracyJob.summarize(
                DeltaTables.readOrEmpty(spark, lake, ScoreTables.FORECAST_ACCURACY));
        progress.accept(String.format("forecast %s..%s  %,d forecast rows (month and quarter, %,d draws); %d closed"
                        + " periods evaluated (%s)", from, to,
                forecast.stream().mapToLong(StepRecorder.TableResult::rowsWritten).sum(), draws, accuracy.size(),
                seconds(start)));
        return accuracy;
    }

    private static String seconds(Instant start) {
        return String.format("%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }
}
