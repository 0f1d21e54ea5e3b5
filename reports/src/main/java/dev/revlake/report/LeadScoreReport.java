package dev.revlake.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;

/**
 * Lead scores as marketing and sales read them: how the latest night's scores are spread, whether
 * a higher score really converts more (conversion rate by score decile, over every scored night
 * whose 30-day outcome is known), the hottest leads with their reasons, and the newest handoff
 * alerts. Reads {@code gold_lead_scores}, {@code gold_lead_features} (labels) and
 * {@code gold_lead_alerts}.
 */
public final class LeadScoreReport {

    private static final String WRITTEN_BY = "revlake score after revlake train";
    private static final int HOTTEST = 20;
    private static final int ALERTS = 50;

    /**
     * One score decile of matured scores.
     *
     * @param decile 1 (lowest probabilities) to 10 (highest)
     * @param leads scored lead-nights in it
     * @param meanPredicted mean conversion probability
     * @param observedRate share that converted within 30 days
     */
    public record Decile(int decile, long leads, double meanPredicted, double observedRate) {
    }

    /** Width of a score band: scores are 1..99, and most leads sit in the lowest few bands. */
    public static final int BAND_WIDTH = 5;

    /**
     * Leads of the latest night in one score band of {@link #BAND_WIDTH} points.
     *
     * @param band lower bound of the band: 0, 5, … 95
     * @param leads leads scored in it
     */
    public record ScoreBand(int band, long leads) {
    }

    private final LocalDate scoreDate;
    private final List<ScoreBand> distribution;
    private final List<Decile> deciles;
    private final long maturedScores;
    private final ReportTable hottestLeads;
    private final ReportTable newAlerts;

    private LeadScoreReport(LocalDate scoreDate, List<ScoreBand> distribution, List<Decile> deciles,
                            long maturedScores, ReportTable hottestLeads, ReportTable newAlerts) {
        this.scoreDate = scoreDate;
        this.distribution = List.copyOf(distribution);
        this.deciles = List.copyOf(deciles);
        this.maturedScores = maturedScores;
        this.hottestLeads = hottestLeads;
        this.newAlerts = newAlerts;
    }

    /**
     * Loads the report as of the latest scoring night.
     *
     * @throws MissingDataException when no lead has been scored yet
     */
    public static LeadScoreReport load(SparkSession spark, Lake lake) {
        Dataset<Row> scores = Frames.require(spark, lake, ScoreTables.LEAD_SCORES, WRITTEN_BY);
        LocalDate last = Frames.latest(scores, "score_date", ScoreTables.LEAD_SCORES.name(), WRITTEN_BY);
        Dataset<Row> tonight = scores.filter(col("score_date").equalTo(lit(last)));

        List<ScoreBand> distribution = new ArrayList<>();
        for (Row r : tonight.groupBy(floor(col("score").divide(BAND_WIDTH)).multiply(BAND_WIDTH).cast("int").as("band"))
                .agg(count(lit(1)).as("leads")).orderBy("band").collectAsList()) {
            distribution.add(new ScoreBand(r.getInt(0), r.getLong(1)));
        }

        List<Decile> deciles = new ArrayList<>();
        long matured = 0;
        if (DeltaTables.exists(spark, lake, GoldTables.LEAD_FEATURES)) {
            Dataset<Row> labels = DeltaTables.read(spark, lake, GoldTables.LEAD_FEATURES)
                    .filter(col("converted_within_30d").isNotNull())
                    .select(col("contact_id"), col("snapshot_date").as("score_date"), col("converted_within_30d"));
            Dataset<Row> outcomes = scores.select("score_date", "contact_id", "conversion_probability")
                    .join(labels, new String[] {"score_date", "contact_id"}, "inner").cache();
            try {
                matured = outcomes.count();
                if (matured > 0) {
                    deciles = deciles(outcomes);
                }
            } finally {
                outcomes.unpersist();
            }
        }

        ReportTable hottest = ReportTable.of(String.format("Hottest leads on %s", last), tonight
                .orderBy(col("score").desc(), col("score_change_7d").desc_nulls_last(), col("contact_id"))
                .select(col("contact_id"), col("owner_id"), col("segment"), col("source_channel"), col("score"),
                        col("score_change_7d"), col("tier"), col("top_reasons"), col("negative_reasons")),
                HOTTEST);
        ReportTable alerts;
        if (DeltaTables.exists(spark, lake, ScoreTables.LEAD_ALERTS)) {
            Dataset<Row> all = DeltaTables.read(spark, lake, ScoreTables.LEAD_ALERTS);
            LocalDate newest = DeltaTables.extremeDate(all, col("alert_date"), true);
            alerts = newest == null
                    ? new ReportTable("Handoff alerts: none yet", List.of("alert_date"), List.of())
                    : ReportTable.of(String.format("Handoff alerts of %s: leads that crossed the threshold",
                            newest), all.filter(col("alert_date").equalTo(lit(newest)))
                            .orderBy(col("score").desc(), col("contact_id"))
                            .select(col("contact_id"), col("route_to"), col("source_channel"), col("previous_score"),
                                    col("score"), col("threshold"), col("tier"), col("top_reasons")), ALERTS);
        } else {
            alerts = new ReportTable("Handoff alerts: none yet", List.of("alert_date"), List.of());
        }
        return new LeadScoreReport(last, distribution, deciles, matured, hottest, alerts);
    }

    /** Deciles by approximate quantiles of the probability (exact enough for a chart, no global sort). */
    private static List<Decile> deciles(Dataset<Row> outcomes) {
        double[] probabilities = new double[9];
        for (int i = 0; i < 9; i++) {
            probabilities[i] = (i + 1) / 10.0;
        }
        double[] cuts = outcomes.stat().approxQuantile("conversion_probability", probabilities, 0.001);
        Column decile = lit(1);
        for (double cut : cuts) {
            decile = decile.plus(when(col("conversion_probability").gt(cut), 1).otherwise(0));
        }
        List<Decile> result = new ArrayList<>();
        for (Row r : outcomes.withColumn("decile", decile).groupBy("decile")
                .agg(count(lit(1)).as("leads"), avg("conversion_probability").as("mean_predicted"),
                        avg(when(col("converted_within_30d"), 1.0).otherwise(0.0)).as("observed_rate"))
                .orderBy("decile").collectAsList()) {
            result.add(new Decile(r.getInt(0), r.getLong(1), r.getDouble(2), r.getDouble(3)));
        }
        return result;
    }

    /** The latest scoring night. */
    public LocalDate scoreDate() {
        return scoreDate;
    }

    /** Leads per score band on the latest night (bands without leads left out). */
    public List<ScoreBand> distribution() {
        return distribution;
    }

    /** Matured scores by decile; empty until some 30-day outcomes are known. */
    public List<Decile> deciles() {
        return deciles;
    }

    /** Scored lead-nights whose 30-day outcome is known. */
    public long maturedScores() {
        return maturedScores;
    }

    /** The highest-scored leads of the latest night with their reasons. */
    public ReportTable hottestLeads() {
        return hottestLeads;
    }

    /** The newest day's handoff alerts. */
    public ReportTable newAlerts() {
        return newAlerts;
    }

    /** How many leads sit in each score band tonight. */
    public CategoryChart scoreDistributionChart() {
        CategoryChart chart = Charts.bars(String.format("Lead scores on %s", scoreDate), "score", "leads");
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("leads", distribution.stream().map(b -> b.band() + "–" + (b.band() + BAND_WIDTH - 1)).toList(),
                distribution.stream().map(ScoreBand::leads).toList()).setFillColor(Charts.MODEL);
        return chart;
    }

    /**
     * Conversion within 30 days by score decile, observed (bars) against predicted (line): a useful
     * score rises from left to right and its line follows the bars.
     */
    public CategoryChart conversionByDecileChart() {
        CategoryChart chart = Charts.bars("Conversion within 30 days by score decile", "decile (10 = highest scores)",
                "conversion rate");
        if (deciles.isEmpty()) {
            chart.setTitle("Conversion by score decile: no 30-day outcomes known yet");
            chart.addSeries("observed", List.of("none"), List.of(0));
            return chart;
        }
        List<String> x = deciles.stream().map(d -> Integer.toString(d.decile())).toList();
        chart.addSeries("observed", x, deciles.stream().map(Decile::observedRate).toList())
                .setFillColor(Charts.ACTUAL);
        CategorySeries predicted = chart.addSeries("predicted", x, deciles.stream().map(Decile::meanPredicted).toList());
        predicted.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        predicted.setLineColor(Charts.MODEL);
        predicted.setMarkerColor(Charts.MODEL);
        predicted.setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }
}
