package dev.revlake.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Renders a local HTML file in headless Chromium: a screenshot and the DOM after the page loaded. */
final class HeadlessChromium {

    /** The Debian package that provides the browser. */
    static final String PACKAGE = "chromium";

    private static final String BINARY = "chromium";

    /**
     * Flags for a root user on a machine without a display or a network: no sandbox (Chromium
     * refuses root otherwise), no GPU, and none of the background networking that would otherwise
     * keep trying to reach Google's services.
     */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--window-size=1400,5000",
            // Lets the page's load handlers and image decoding finish before the capture.
            "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000");

    private final Duration limit;

    /**
     * What Chromium showed.
     *
     * @param screenshot the PNG it wrote
     * @param dom        the serialized DOM after load
     */
    record Rendering(Path screenshot, String dom) {
    }

    HeadlessChromium(Duration limit) {
        this.limit = limit;
    }

    /** Fails with the package to install when there is no chromium: the report test must not be skipped. */
    static void requireChromium() {
        if (!Processes.onPath(BINARY)) {
            throw new AssertionError("chromium is not installed, so the HTML report cannot be rendered."
                    + " Install it with: apt-get install " + PACKAGE);
        }
    }

    /** Renders {@code html} twice (screenshot, then DOM), each time with a fresh profile. */
    Rendering render(Path html, Path screenshot) {
        requireChromium();
        Path page = html.toAbsolutePath().normalize();
        if (!Files.isRegularFile(page)) {
            throw new AssertionError("No HTML file to render: " + page);
        }
        Path png = screenshot.toAbsolutePath().normalize();
        try {
            Files.createDirectories(png.getParent());
            Files.deleteIfExists(png);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + png + ": " + e.getMessage(), e);
        }
        String url = page.toUri().toString();
        chromium("screenshot", List.of("--screenshot=" + png, url), png.getParent());
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium exited 0 but wrote no screenshot at " + png);
        }
        Processes.Outcome dom = chromium("dom", List.of("--dump-dom", url), png.getParent());
        return new Rendering(png, dom.output());
    }

    private Processes.Outcome chromium(String what, List<String> args, Path dir) {
        Path profile = null;
        Path log = null;
        Path errorLog = null;
        try {
            profile = Files.createTempDirectory("revlake-chromium-");
            log = Files.createTempFile("revlake-chromium-" + what + "-", ".out");
            errorLog = Files.createTempFile("revlake-chromium-" + what + "-", ".err");
            List<String> command = new ArrayList<>();
            command.add(BINARY);
            command.addAll(FLAGS);
            command.add("--user-data-dir=" + profile);
            command.addAll(args);
            // Standard error apart, so the dumped DOM holds no browser warnings.
            Processes.Outcome run = Processes.run(command, dir, Map.of(), limit, log, errorLog);
            if (!run.succeeded()) {
                throw new AssertionError("chromium (" + what + ") " + (run.timedOut()
                        ? "did not finish within " + limit.toSeconds() + " s" : "exited " + run.exitCode())
                        + ":\n" + run.tail(20));
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run chromium: " + e.getMessage(), e);
        } finally {
            deleteQuietly(profile);
            deleteQuietly(log);
            deleteQuietly(errorLog);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp profile is harmless.
        }
    }
}
