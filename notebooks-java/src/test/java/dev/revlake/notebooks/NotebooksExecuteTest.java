package dev.revlake.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import dev.revlake.cli.RevLakeCli;
import dev.revlake.lake.SparkSessions;

/**
 * Executes every notebook in {@code notebooks-java/} on the {@code revlake-java} kernel against a
 * small demo lake built once, and renders the demo's static HTML report in headless Chromium.
 * Missing jupyter or chromium fails the tests with the packages to install: nothing is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksExecuteTest {

    /**
     * The demo's own size. Smaller ones do not train the deal models, which need 30 won deals
     * (distinct ids) older than their 60-day label maturity in the training period: 1,000 contacts
     * over 60 days trained only lead_conversion (no deal labels mature), 1,000 over 90 days had 2 and
     * 3 won deals. Spark's per-job overhead, not the data, sets the demo's run time, so a somewhat
     * smaller company would save little. The fixed start gives the same months on every run: scoring
     * starts on Jan 31 and February and March close before the last night (Apr 30), so
     * gold_forecast_accuracy has closed months to judge.
     */
    static final String CONTACTS = "5000";
    static final String DAYS = "120";
    static final String START = "2025-01-01";

    private static final Duration NOTEBOOK_LIMIT = Duration.ofMinutes(20);
    private static final Duration CHROMIUM_LIMIT = Duration.ofMinutes(2);
    private static final List<String> REPORT_CHARTS = List.of("forecast-chart", "calibration-chart", "funnel-chart");

    private final Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath();
    private final Path work = module.resolve("target/notebook-test");
    /** The demo folder (lake/, report/); a lake given with -Drevlake.notebooks.lake=DIR replaces it. */
    private Path demo = work.resolve("demo");

    @BeforeAll
    void buildDemoLake() throws IOException {
        // The tools first: a missing jupyter should fail in seconds, not after the demo. The project
        // installs them itself (Debian packages, when it may), as it does every server its tests need.
        Files.createDirectories(work);
        if (!Processes.onPath("jupyter-nbconvert") || !Processes.onPath("chromium")) {
            Processes.Outcome installed = Processes.run(List.of("bash",
                    module.resolve("install-test-tools.sh").toString()), module, java.util.Map.of(),
                    Duration.ofMinutes(10), work.resolve("install-test-tools.log"));
            System.out.println("install-test-tools.sh: exit " + installed.exitCode());
        }
        NotebookRunner.requireJupyter();
        HeadlessChromium.requireChromium();
        String given = System.getProperty("revlake.notebooks.lake", "");
        if (!given.isBlank()) {
            // For whoever edits a notebook: rerun against an existing demo lake in minutes, not the demo's time.
            Path lake = Path.of(given).toAbsolutePath().normalize();
            demo = lake.getParent();
            System.out.printf("using the lake given by -Drevlake.notebooks.lake (no demo build): %s%n", lake);
            SparkSession spark = SparkSessions.getOrCreate("revlake-notebook-test", 4);
            try {
                assertLakeHasWhatTheNotebooksRead(spark, lake, lake);
            } finally {
                spark.stop();
            }
            return;
        }
        Path log = work.resolve("demo.log");
        long begin = System.nanoTime();
        int code;
        // The demo prints its tables and Spark logs; they go to demo.log so the build output stays short.
        PrintStream console = System.out;
        PrintStream consoleErr = System.err;
        try (PrintStream file = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8);
             PrintWriter writer = new PrintWriter(file, true)) {
            System.setOut(file);
            System.setErr(file);
            try {
                code = RevLakeCli.execute(new String[] {"demo", "--dir", demo.toString(), "--contacts", CONTACTS,
                        "--days", DAYS, "--start", START}, writer, writer);
            } finally {
                System.setOut(console);
                System.setErr(consoleErr);
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        assertThat(code).as("revlake demo exit code; its output is in %s:%n%s", log,
                tail(Files.readString(log, StandardCharsets.UTF_8), 40)).isZero();
        console.printf("demo lake (%s contacts x %s days from %s) built in %.0f s: %s%n", CONTACTS, DAYS, START, seconds,
                demo.resolve("lake"));
        // The demo's session (getOrCreate returns it), to check what it wrote.
        SparkSession spark = SparkSessions.getOrCreate("revlake-notebook-test", 4);
        try {
            assertLakeHasWhatTheNotebooksRead(spark, demo.resolve("lake"), log);
        } finally {
            // The notebooks run in their own kernel JVMs; this JVM's Spark is no longer needed.
            spark.stop();
        }
    }

    /** What the notebooks read: three trained models, scores, forecasts and judged forecasts. */
    private static void assertLakeHasWhatTheNotebooksRead(SparkSession spark, Path lake, Path log) {
        List<String> trained = spark.read().format("delta").load(lake.resolve("ops/ops_model_runs").toString())
                .filter("model_version IS NOT NULL").select("model_name").distinct().orderBy("model_name")
                .as(Encoders.STRING()).collectAsList();
        assertThat(trained).as("models trained by the demo (see %s)", log).hasSize(3);
        for (String table : List.of("gold/gold_funnel_daily", "gold/gold_lead_scores", "gold/gold_opportunity_scores",
                "gold/gold_pipeline_forecast", "gold/gold_forecast_accuracy")) {
            long rows = spark.read().format("delta").load(lake.resolve(table).toString()).count();
            assertThat(rows).as("rows in %s (see %s)", table, log).isPositive();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookExecutes() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(module)) {
            notebooks = files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
        assertThat(notebooks).as("notebooks in %s", module).isNotEmpty();
        NotebookRunner runner = new NotebookRunner(module, work.resolve("executed"), NOTEBOOK_LIMIT);
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            NotebookRunner.Result r = runner.execute(nb, demo.resolve("lake"));
            System.out.printf("notebook %s executed in %.0f s (%d kernel start%s): %d code cells, %d image/png; %s%n",
                    nb.getFileName(), r.elapsed().toMillis() / 1000.0, r.attempts(), r.attempts() == 1 ? "" : "s",
                    r.codeCells(), r.pngOutputs(), r.executed());
            assertThat(r.errors()).as("error outputs in %s", r.executed()).isEmpty();
            assertThat(r.executedCodeCells()).as("executed code cells of %s", r.executed()).isEqualTo(r.codeCells());
            assertThat(r.pngOutputs()).as("image/png outputs in %s", r.executed()).isPositive();
        }));
    }

    /** The page {@code revlake demo} writes, in a real browser: forecast, calibration and funnel charts decode. */
    @Test
    void reportRendersInChromium() {
        Path screenshot = module.resolve("target/report-screenshot.png");
        long begin = System.nanoTime();
        HeadlessChromium.Rendering page = new HeadlessChromium(CHROMIUM_LIMIT)
                .render(demo.resolve("report/index.html"), screenshot);
        System.out.printf("report rendered in %.0f s; screenshot: %s%n", (System.nanoTime() - begin) / 1e9, screenshot);
        assertChartsLoaded(page, REPORT_CHARTS);
    }

    /** Each chart id is an {@code <img>} or holds one; every image decoded; the screenshot is not blank. */
    private static void assertChartsLoaded(HeadlessChromium.Rendering page, List<String> chartIds) {
        String dom = page.dom();
        for (String id : chartIds) {
            Matcher m = Pattern.compile("<(\\w+)[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(dom);
            assertThat(m.find()).as("an element with id %s in the DOM", id).isTrue();
            boolean isImage = m.group(1).equalsIgnoreCase("img");
            String element = dom.substring(m.end(), closing(dom, m.end(), m.group(1)));
            assertThat(isImage || element.contains("<img")).as("an <img> in #%s", id).isTrue();
        }
        Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
        assertThat(body.find()).as("<body> in the DOM").isTrue();
        int loaded = attribute(body.group(), "data-images-loaded");
        int total = attribute(body.group(), "data-images-total");
        assertThat(total).as("data-images-total").isGreaterThanOrEqualTo(chartIds.size());
        assertThat(loaded).as("data-images-loaded of %d", total).isEqualTo(total);
        assertThat(distinctColours(page.screenshot())).as("distinct colours at the top of %s", page.screenshot())
                .isGreaterThanOrEqualTo(4);
    }

    /** Where the element opened before {@code from} ends: its closing tag (elements are not nested in themselves). */
    private static int closing(String dom, int from, String tag) {
        int end = dom.indexOf("</" + tag, from);
        return end < 0 ? dom.length() : end;
    }

    private static int attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "=\"(\\d+)\"").matcher(tag);
        assertThat(m.find()).as("%s on %s (set by the page's load script)", name, tag).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Distinct colours in the top 800 rows, sampled every 4 pixels: a blank page has one. */
    private static int distinctColours(Path png) {
        BufferedImage image;
        try {
            image = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new AssertionError("Cannot read the screenshot " + png + ": " + e.getMessage(), e);
        }
        assertThat(image).as("a PNG image in %s", png).isNotNull();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < Math.min(800, image.getHeight()); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return colours.size();
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
