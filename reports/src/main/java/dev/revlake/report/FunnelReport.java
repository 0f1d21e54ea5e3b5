package dev.revlake.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;

/**
 * The morning questions of a sales leader: how many visitors came yesterday and who among the
 * known contacts was on the site looking at what; where leads come from (search, e-mail, social,
 * …); how the stages convert; how long deals take and how fast the pipeline turns into bookings.
 * Reads {@code gold_funnel_daily} and {@code gold_contact_activity_daily}.
 */
public final class FunnelReport {

    private static final String WRITTEN_BY = "revlake gold (or revlake nightly)";
    /** The window of the funnel and channel charts: a month of days. */
    public static final int WINDOW_DAYS = 30;
    private static final int KNOWN_VISITORS = 25;
    /** Days at the start of the lake whose 90-day measures are left out of the trend charts. */
    private static final int WARM_UP_DAYS = 30;

    /**
     * One day of the company-wide funnel trend.
     *
     * @param date the day
     * @param averageCycleDays mean days from creation to win over the 90 days before (NaN when none)
     * @param velocityUsdPerDay pipeline velocity (NaN when not defined)
     * @param winRate won / closed over the 90 days before (NaN when none)
     * @param openPipelineUsd amount of open opportunities at the end of the day
     */
    public record Day(LocalDate date, double averageCycleDays, double velocityUsdPerDay, double winRate,
                      double openPipelineUsd) {
    }

    private final LocalDate day;
    private final Map<String, Long> funnel;
    private final Map<String, Long> leadsByChannel;
    private final Map<String, Double> stageConversion;
    private final List<Day> trend;
    private final ReportTable today;
    private final ReportTable knownVisitors;

    private FunnelReport(LocalDate day, Map<String, Long> funnel, Map<String, Long> leadsByChannel,
                         Map<String, Double> stageConversion, List<Day> trend, ReportTable today,
                         ReportTable knownVisitors) {
        this.day = day;
        this.funnel = funnel;
        this.leadsByChannel = leadsByChannel;
        this.stageConversion = stageConversion;
        this.trend = List.copyOf(trend);
        this.today = today;
        this.knownVisitors = knownVisitors;
    }

    /**
     * Loads the report as of the latest funnel day.
     *
     * @throws MissingDataException when gold has not been built yet
     */
    public static FunnelReport load(SparkSession spark, Lake lake) {
        Dataset<Row> daily = Frames.require(spark, lake, GoldTables.FUNNEL_DAILY, WRITTEN_BY);
        LocalDate last = Frames.latest(daily, "funnel_date", GoldTables.FUNNEL_DAILY.name(), WRITTEN_BY);
        LocalDate from = last.minusDays(WINDOW_DAYS - 1L);
        Dataset<Row> company = daily.filter(col("source_channel").equalTo("all"));
        // One row per day: collected once, the totals, trend and averages below are computed from it.
        List<Row> days = company.orderBy("funnel_date").collectAsList();
        String[] columns = {"visitors", "identified_visitors", "new_leads", "handoff_leads", "opportunities_created",
                "opportunities_won"};
        Map<String, Long> funnel = new LinkedHashMap<>();
        for (String column : columns) {
            funnel.put(column.replace('_', ' '), days.stream()
                    .filter(r -> !((LocalDate) r.getAs("funnel_date")).isBefore(from) && r.getAs(column) != null)
                    .mapToLong(r -> r.<Long>getAs(column)).sum());
        }

        Map<String, Long> byChannel = new LinkedHashMap<>();
        for (Row r : daily.filter(col("source_channel").notEqual("all")
                        .and(col("funnel_date").between(lit(from), lit(last))))
                .groupBy("source_channel").agg(sum("new_leads").as("leads"))
                .orderBy(col("leads").desc(), col("source_channel")).collectAsList()) {
            byChannel.put(r.getString(0), r.isNullAt(1) ? 0L : r.getLong(1));
        }

        Row latest = days.stream().filter(r -> last.equals(r.getAs("funnel_date"))).findFirst()
                .orElseThrow(() -> new MissingDataException(String.format("%s has no company-wide ('all') row for %s:"
                        + " rebuild it with %s.", GoldTables.FUNNEL_DAILY.name(), last, WRITTEN_BY)));
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("prospecting → discovery", Frames.number(latest, "prospecting_to_discovery_rate_90d"));
        stages.put("discovery → proposal", Frames.number(latest, "discovery_to_proposal_rate_90d"));
        stages.put("proposal → negotiation", Frames.number(latest, "proposal_to_negotiation_rate_90d"));
        stages.put("negotiation → won", Frames.number(latest, "negotiation_to_won_rate_90d"));
        stages.put("win rate (won / closed)", Frames.number(latest, "win_rate_90d"));

        List<Day> trend = new ArrayList<>();
        for (Row r : days) {
            trend.add(new Day(r.getAs("funnel_date"), Frames.number(r, "average_cycle_days_90d"),
                    Frames.number(r, "pipeline_velocity_usd_per_day"), Frames.number(r, "win_rate_90d"),
                    Frames.number(r, "open_pipeline_usd")));
        }

        List<Row> week = days.stream().filter(r -> {
            LocalDate d = r.getAs("funnel_date");
            return !d.isBefore(last.minusDays(7)) && d.isBefore(last);
        }).toList();
        List<List<String>> rows = new ArrayList<>();
        for (String column : columns) {
            var average = week.stream().filter(r -> r.getAs(column) != null).mapToLong(r -> r.<Long>getAs(column))
                    .average();
            rows.add(List.of(column.replace('_', ' '), ReportTable.format(latest.getAs(column)),
                    average.isPresent() ? String.format(java.util.Locale.US, "%.1f", average.getAsDouble()) : ""));
        }
        ReportTable today = new ReportTable(String.format("%s against the 7 days before", last),
                List.of("measure", last.toString(), "7-day average"), rows);

        ReportTable known;
        if (DeltaTables.exists(spark, lake, GoldTables.CONTACT_ACTIVITY_DAILY)) {
            known = ReportTable.of(String.format("Known contacts on the website on %s (most active first)", last),
                    DeltaTables.read(spark, lake, GoldTables.CONTACT_ACTIVITY_DAILY)
                            .filter(col("activity_date").equalTo(lit(last)))
                            .orderBy(col("has_pricing_view").desc(), col("has_demo_view").desc(),
                                    col("page_views").desc(), col("contact_id"))
                            .select(col("full_name"), col("job_title"), col("account_name"), col("owner_id"),
                                    col("lead_status"), col("page_views"), col("top_pages"),
                                    col("has_pricing_view"), col("has_demo_view"), col("landing_channel")),
                    KNOWN_VISITORS);
        } else {
            known = new ReportTable("Known contacts on the website: gold_contact_activity_daily not built yet",
                    List.of("full_name"), List.of());
        }
        return new FunnelReport(last, funnel, byChannel, stages, trend, today, known);
    }

    /** The latest funnel day. */
    public LocalDate day() {
        return day;
    }

    /** Company-wide counts of the last {@link #WINDOW_DAYS} days, visitors to won, in funnel order. */
    public Map<String, Long> funnel() {
        return funnel;
    }

    /** New leads of the last {@link #WINDOW_DAYS} days per source channel, most first. */
    public Map<String, Long> leadsByChannel() {
        return leadsByChannel;
    }

    /** Stage-to-stage conversion over the 90 days before the latest day (NaN where none closed). */
    public Map<String, Double> stageConversion() {
        return stageConversion;
    }

    /** Cycle length, velocity, win rate and open pipeline for every day, oldest first. */
    public List<Day> trend() {
        return trend;
    }

    /** The latest day's counts against the week before. */
    public ReportTable today() {
        return today;
    }

    /** Known contacts who were on the site on the latest day and what they looked at. */
    public ReportTable knownVisitors() {
        return knownVisitors;
    }

    /** The funnel of the last 30 days, visitors to won, on a logarithmic axis (counts span decades). */
    public CategoryChart funnelChart() {
        CategoryChart chart = Charts.bars(String.format("Funnel, %d days to %s", WINDOW_DAYS, day), "",
                "count (log scale)");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisLogarithmic(true);
        // Bars start at the axis minimum, which a log axis cannot put at 0; a count of 1 still shows.
        chart.getStyler().setYAxisMin(0.5);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLabelsVisible(true);
        chart.addSeries("count", new ArrayList<>(funnel.keySet()),
                funnel.values().stream().map(v -> (double) Math.max(1L, v)).toList()).setFillColor(Charts.MODEL);
        return chart;
    }

    /** New leads per source channel over the last 30 days. */
    public CategoryChart leadsByChannelChart() {
        CategoryChart chart = Charts.bars(String.format("New leads by channel, %d days to %s", WINDOW_DAYS, day),
                "source channel", "new leads");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        if (leadsByChannel.isEmpty()) {
            chart.addSeries("new leads", List.of("none"), List.of(0));
            return chart;
        }
        chart.addSeries("new leads", new ArrayList<>(leadsByChannel.keySet()),
                new ArrayList<>(leadsByChannel.values())).setFillColor(Charts.ACTUAL);
        return chart;
    }

    /** Stage-to-stage conversion rates and the win rate (90 days before the latest day). */
    public CategoryChart stageConversionChart() {
        CategoryChart chart = Charts.bars("Stage conversion, last 90 days", "", "rate");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setXAxisLabelRotation(20);
        chart.addSeries("rate", new ArrayList<>(stageConversion.keySet()),
                stageConversion.values().stream().map(v -> v.isNaN() ? 0.0 : v).toList()).setFillColor(Charts.MODEL);
        return chart;
    }

    /** Pipeline velocity over time, in thousands of USD a day. */
    public XYChart velocityChart() {
        return trendChart("Pipeline velocity (90-day window)", "k USD per day", "velocity",
                d -> Charts.thousands(d.velocityUsdPerDay()), Charts.MODEL);
    }

    /** Average days from creation to win of the deals won in the 90 days before each day. */
    public XYChart cycleLengthChart() {
        return trendChart("Sales cycle of won deals (90-day window)", "days", "average cycle",
                Day::averageCycleDays, Charts.BASELINE);
    }

    /**
     * A trend of one daily measure. The measures look back 90 days, so the first month of a young
     * lake is a window still filling (a handful of deals) and is left out once there is more.
     */
    private XYChart trendChart(String title, String yTitle, String series,
                               java.util.function.ToDoubleFunction<Day> measure, java.awt.Color color) {
        XYChart chart = Charts.xy(title, "day", yTitle);
        chart.getStyler().setDatePattern("MM-dd");
        chart.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
        chart.getStyler().setLegendVisible(false);
        LocalDate from = trend.isEmpty() || trend.size() <= 2 * WARM_UP_DAYS ? LocalDate.MIN
                : trend.get(0).date().plusDays(WARM_UP_DAYS);
        List<Day> defined = trend.stream()
                .filter(d -> !d.date().isBefore(from) && !Double.isNaN(measure.applyAsDouble(d))).toList();
        if (defined.isEmpty()) {
            chart.setTitle(title + ": no deal closed yet");
            chart.addSeries(series, new double[] {0}, new double[] {0});
            return chart;
        }
        Charts.line(chart.addSeries(series, defined.stream().map(d -> Frames.plotDate(d.date())).toList(),
                defined.stream().map(measure::applyAsDouble).toList()), color, false, false);
        return chart;
    }
}
