package dev.revlake.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.internal.chartpart.Chart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.Lake;

/**
 * {@code revlake report}: the key charts and tables of the four notebooks as one static page,
 * {@code <out>/index.html}, for people who do not use Jupyter. Images are embedded, so the file can
 * be mailed or published as it is. A section whose data the lake does not hold yet says which
 * command writes it instead of failing the whole page.
 */
public final class HtmlReport {

    private static final Logger LOG = LoggerFactory.getLogger(HtmlReport.class);
    private static final String LEAD_MODEL = "lead_conversion";
    private static final String WIN_MODEL = "opportunity_win";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * What the page holds, for the caller's message.
     *
     * @param page the written index.html
     * @param charts charts drawn
     * @param tables tables written
     * @param missing sections left out for want of data, with the reason
     */
    public record Result(Path page, int charts, int tables, List<String> missing) {
    }

    private final StringBuilder body = new StringBuilder(1 << 16);
    private final java.util.ArrayList<String> missing = new java.util.ArrayList<>();
    private int charts;
    private int tables;

    private HtmlReport() {
    }

    /** Writes {@code out/index.html} for the lake; the page replaces an older one only when complete. */
    public static Result write(SparkSession spark, Lake lake, Path out) {
        long start = System.nanoTime();
        HtmlReport page = new HtmlReport();
        page.section("forecast", "Pipeline forecast", () -> ForecastReport.load(spark, lake), f -> {
            page.chart("forecast-chart", f.forecastChart());
            page.table(f.rollUps());
            page.chart("forecast-vs-actual-chart", f.forecastVersusActualChart());
            page.table(f.accuracy());
            page.table(f.slippingDeals());
        });
        page.section("leads", "Lead scores", () -> LeadScoreReport.load(spark, lake), l -> {
            page.chart("score-distribution-chart", l.scoreDistributionChart());
            page.chart("conversion-by-decile-chart", l.conversionByDecileChart());
            page.table(l.hottestLeads());
            page.table(l.newAlerts());
        });
        page.section("funnel", "Funnel and velocity", () -> FunnelReport.load(spark, lake), f -> {
            page.table(f.today());
            page.chart("funnel-chart", f.funnelChart());
            page.chart("leads-by-channel-chart", f.leadsByChannelChart());
            page.chart("stage-conversion-chart", f.stageConversionChart());
            page.chart("velocity-chart", f.velocityChart());
            page.chart("cycle-length-chart", f.cycleLengthChart());
            page.table(f.knownVisitors());
        });
        page.section("models", "Model quality", () -> ModelReport.load(spark, lake), m -> {
            page.table(m.metrics());
            for (String model : List.of(LEAD_MODEL, WIN_MODEL)) {
                if (m.champions().containsKey(model)) {
                    String id = model.replace('_', '-');
                    page.chart(LEAD_MODEL.equals(model) ? "calibration-chart" : id + "-calibration-chart",
                            m.calibrationChart(model));
                    if (m.champions().get(model).hasCurves()) {
                        page.chart(id + "-roc-chart", m.rocChart(model));
                        page.chart(id + "-precision-recall-chart", m.precisionRecallChart(model));
                        page.chart(id + "-lift-chart", m.liftChart(model));
                    } else {
                        page.note(String.format("The %s champion %s was trained before ROC, precision-recall and"
                                + " lift curves were recorded; the next promoted version will have them.", model,
                                m.champions().get(model).version()));
                    }
                    page.chart(id + "-features-chart", m.featureImportanceChart(model));
                }
            }
            page.table(m.history());
        });
        Path index = page.save(lake, out);
        LOG.info("report={} charts={} tables={} sections_missing={} ({} ms)", index, page.charts, page.tables,
                page.missing.size(), (System.nanoTime() - start) / 1_000_000);
        return new Result(index, page.charts, page.tables, List.copyOf(page.missing));
    }

    /** A report section whose loading may find the lake without its data. */
    private <T> void section(String id, String title, java.util.function.Supplier<T> load, Consumer<T> render) {
        body.append("<section id=\"").append(id).append("\"><h2>").append(ReportTable.escape(title)).append("</h2>");
        long start = System.nanoTime();
        try {
            render.accept(load.get());
            LOG.info("report section={} ({} ms)", id, (System.nanoTime() - start) / 1_000_000);
        } catch (MissingDataException e) {
            missing.add(title + ": " + e.getMessage());
            body.append("<p class=\"missing\">").append(ReportTable.escape(e.getMessage())).append("</p>");
        }
        body.append("</section>\n");
    }

    private void chart(String id, Chart<?, ?> chart) {
        charts++;
        body.append("<figure id=\"").append(id).append("\"><img alt=\"")
                .append(ReportTable.escape(chart.getTitle())).append("\" width=\"").append(chart.getWidth())
                .append("\" height=\"").append(chart.getHeight()).append("\" src=\"").append(Charts.dataUri(chart))
                .append("\"></figure>\n");
    }

    private void note(String text) {
        body.append("<p class=\"note\">").append(ReportTable.escape(text)).append("</p>\n");
    }

    private void table(ReportTable table) {
        tables++;
        body.append(table.toHtml()).append('\n');
    }

    private Path save(Lake lake, Path out) {
        String html = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>RevLake report</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
                h1{margin-bottom:0}.stamp{color:#666;margin-top:4px}
                nav a{margin-right:16px}
                figure{margin:16px 0}
                table.revlake{border-collapse:collapse;margin:16px 0;font-size:13px}
                table.revlake caption{text-align:left;font-weight:bold;padding:4px 0}
                table.revlake th,table.revlake td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
                table.revlake th{background:#f3f6fa}
                .missing{color:#a33}
                </style></head>
                <body>
                <h1>RevLake report</h1>
                <p class="stamp">Lake %s, written %s</p>
                <nav><a href="#forecast">Forecast</a><a href="#leads">Lead scores</a><a href="#funnel">Funnel</a><a href="#models">Models</a></nav>
                %s
                <script>
                // Marks how many charts the browser decoded, so a headless check can tell a broken page.
                window.addEventListener('load', function () {
                  var images = Array.prototype.slice.call(document.images);
                  document.body.dataset.imagesTotal = images.length;
                  document.body.dataset.imagesLoaded = images.filter(function (i) {
                    return i.complete && i.naturalWidth > 0;
                  }).length;
                });
                </script>
                </body></html>
                """.formatted(ReportTable.escape(lake.root()), STAMP.format(Instant.now()), body);
        try {
            Files.createDirectories(out);
            Path index = out.resolve("index.html");
            Path partial = Files.createTempFile(out, ".index-", ".html.partial");
            Files.writeString(partial, html, StandardCharsets.UTF_8);
            Files.move(partial, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report into " + out + ": " + e.getMessage(), e);
        }
    }
}
