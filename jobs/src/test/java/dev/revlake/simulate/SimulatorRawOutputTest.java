package dev.revlake.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revlake.raw.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File rolling and dirt independence of the raw writer. */
class SimulatorRawOutputTest {

    @TempDir
    Path tmp;

    @Test
    void rollsOverToANewPartWithItsOwnHeaderWhenAFileGetsTooBig() throws IOException {
        LocalDate day = LocalDate.of(2026, 2, 3);
        try (RawOutput out = new RawOutput(tmp, 1L, 0.0, 1, 2_000)) {
            out.startDay(0, day);
            for (int i = 0; i < 100; i++) {
                out.emit(Source.CRM_ACTIVITIES, new String[] {"00T" + i, "call", "2026-02-03T10:00:00.000Z",
                    "005000000000001", null, "001000000000001", null, "5", "connected", "Call, \"intro\""});
                out.emit(Source.WEB_PAGEVIEWS, new String[] {"e" + i, "page", "2026-02-03T10:00:00.000Z", "a",
                    "https://www.quantaflow.example/", null, null, null, null, null, null, null, null, null});
            }
            assertThat(out.records(Source.CRM_ACTIVITIES)).isEqualTo(100);
        }
        Path dir = tmp.resolve("crm_activities/dt=2026-02-03");
        List<Path> parts;
        try (var s = Files.list(dir)) {
            parts = s.sorted().toList();
        }
        assertThat(parts.size()).isGreaterThan(2);
        assertThat(parts.get(0).getFileName().toString()).isEqualTo("part-00000.csv");
        assertThat(parts.get(1).getFileName().toString()).isEqualTo("part-00001.csv");
        long rows = 0;
        for (Path p : parts) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            assertThat(lines.get(0)).startsWith("activity_id,activity_type,occurred_at");
            assertThat(Files.size(p)).isLessThan(2_000 + 200);
            assertThat(lines.get(1)).endsWith(",5,connected,\"Call, \"\"intro\"\"\"");
            rows += lines.size() - 1;
        }
        assertThat(rows).isEqualTo(100);
        try (var s = Files.list(tmp.resolve("web_pageviews/dt=2026-02-03"))) {
            assertThat(s.count()).isGreaterThan(2);
        }
    }

    @Test
    void theDirtRateDoesNotChangeTheSimulatedWorld() throws IOException {
        LocalDate start = LocalDate.of(2026, 1, 1);
        new Simulator(new SimulatorConfig(150, 15, start, 5L, tmp.resolve("clean/raw"), tmp.resolve("clean/truth"),
                0.0)).run(ProgressListener.NONE);
        SimulationSummary dirty = new Simulator(new SimulatorConfig(150, 15, start, 5L, tmp.resolve("dirty/raw"),
                tmp.resolve("dirty/truth"), 0.2)).run(ProgressListener.NONE);
        assertThat(dirty.totalDirt()).isPositive();
        for (String truth : List.of("opportunities.csv", "lead_conversion_daily.csv.gz")) {
            assertThat(Files.readAllBytes(tmp.resolve("dirty/truth").resolve(truth)))
                    .isEqualTo(Files.readAllBytes(tmp.resolve("clean/truth").resolve(truth)));
        }
        assertThat(Files.readAllLines(tmp.resolve("clean/truth/dirt.csv"))).hasSize(1);
    }
}
