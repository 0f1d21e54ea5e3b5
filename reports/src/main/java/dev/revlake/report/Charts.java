package dev.revlake.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * One look for every RevLake chart (white background, legend inside, readable fonts) and the ways
 * out of a chart: an image for a notebook's {@code display(...)}, PNG bytes, or base64 for a page.
 */
public final class Charts {

    /** Default size in pixels: wide enough for a quarter of daily points, small enough for a page. */
    public static final int WIDTH = 900;
    /** Default height in pixels. */
    public static final int HEIGHT = 420;

    /** Series colours: model blue, baseline grey, actual green, band light blue, alert red. */
    static final Color MODEL = new Color(0x1f, 0x77, 0xb4);
    static final Color BASELINE = new Color(0x8c, 0x8c, 0x8c);
    static final Color ACTUAL = new Color(0x2c, 0xa0, 0x2c);
    static final Color BAND = new Color(0x9e, 0xc9, 0xe8);
    static final Color ALERT = new Color(0xd6, 0x27, 0x28);
    static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private Charts() {
    }

    static XYChart xy(String title, String xTitle, String yTitle) {
        headless();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(4);
        return chart;
    }

    static CategoryChart bars(String title, String xTitle, String yTitle) {
        headless();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setOverlapped(false);
        return chart;
    }

    /** Charts are drawn off-screen: a notebook kernel or a server has no display. */
    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setLegendBorderColor(new Color(0xdd, 0xdd, 0xdd));
        styler.setAntiAlias(true);
    }

    /** Colours a line series; XChart's setters return the base type, so they cannot be chained. */
    static void line(org.knowm.xchart.XYSeries series, Color color, boolean markers, boolean dashed) {
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(markers ? org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE
                : org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        if (dashed) {
            series.setLineStyle(DASHED);
        }
    }

    /** The chart drawn as an image: {@code display(Charts.image(chart))} shows it in a notebook. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image(chart), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode chart '" + chart.getTitle() + "' as PNG", e);
        }
        return out.toByteArray();
    }

    /** The chart as a {@code data:} URI, for an {@code <img>} inside a self-contained page. */
    public static String dataUri(Chart<?, ?> chart) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(chart));
    }

    /** Thousands of US dollars, the unit of money axes (a rep thinks in k$, not in cents). */
    static double thousands(double usd) {
        return usd / 1000.0;
    }
}
