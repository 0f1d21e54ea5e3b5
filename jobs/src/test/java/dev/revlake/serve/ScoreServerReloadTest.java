package dev.revlake.serve;

import static dev.revlake.serve.ScoreFixtures.TOKEN;
import static dev.revlake.serve.ScoreFixtures.lead;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.Lake;
import dev.revlake.testing.SharedSpark;

class ScoreServerReloadTest {

    private static final LocalDate NIGHT2 = LocalDate.of(2026, 3, 2);

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void aNewScoringNightIsPickedUpAndChangesSinceTheOldWatermarkAreExactlyTheChangedLeads() throws Exception {
        Lake lake = ScoreFixtures.nightOneLake(dir.resolve("lake"));
        try (ScoreServer server = ScoreServer.start(SharedSpark.get(), new ServeConfig(lake, "127.0.0.1", 0,
                Duration.ofMinutes(10), TOKEN))) {
            ApiClient api = new ApiClient(server.baseUrl());
            ApiClient.Answer all = api.get("/v1/leads/changes", TOKEN);
            assertThat((List<Map<String, Object>>) all.json().get("rows")).extracting(r -> r.get("contact_id"))
                    .containsExactly("L1", "L2", "L3", "L4", "L5");
            int oldWatermark = (int) all.json().get("watermark");
            // A page pinned before the reload must keep its version afterwards.
            String pinned = (String) api.get("/v1/leads/changes?limit=1", TOKEN).json().get("next_page_token");

            assertThat(server.reloadNow()).as("nothing new yet").isFalse();
            // Night 2: L1 and L4 unchanged (new date only), L2 re-scored, L5 changes tier only, L3 not
            // scored (keeps its night-1 row), L6 new.
            ScoreFixtures.writeLeads(lake, NIGHT2, lead(NIGHT2, "L1", 12, "D", List.of()),
                    lead(NIGHT2, "L2", 62, "B", List.of("email reply", "pricing page")),
                    lead(NIGHT2, "L4", 33, "C", List.of()), lead(NIGHT2, "L5", 55, "A", List.of("webinar")),
                    lead(NIGHT2, "L6", 30, "C", List.of()));
            assertThat(api.get("/v1/leads/L2", TOKEN).json()).containsEntry("score", 40);
            assertThat(server.reloadNow()).isTrue();

            assertThat(api.get("/v1/leads/L2", TOKEN).json()).containsEntry("score", 62)
                    .containsEntry("score_date", "2026-03-02")
                    .containsEntry("top_reasons", List.of("email reply", "pricing page"));
            assertThat(api.get("/v1/leads/L3", TOKEN).json()).containsEntry("score_date", "2026-03-01");
            assertThat(api.get("/v1/leads/L6", TOKEN).status()).isEqualTo(200);

            ApiClient.Answer changed = api.get("/v1/leads/changes?since=" + oldWatermark, TOKEN);
            assertThat(changed.status()).isEqualTo(200);
            int newWatermark = (int) changed.json().get("watermark");
            assertThat(newWatermark).isEqualTo(server.snapshot().leads().version()).isGreaterThan(oldWatermark);
            assertThat((List<Map<String, Object>>) changed.json().get("rows"))
                    .extracting(r -> r.get("contact_id") + "=" + r.get("score")).containsExactly("L2=62", "L5=55", "L6=30");
            assertThat(changed.json()).containsEntry("next_page_token", null);
            // Same field order as a look-up: the change set's join must not leak into the JSON.
            assertThat(((List<Map<String, Object>>) changed.json().get("rows")).get(0).keySet())
                    .containsExactlyElementsOf(api.get("/v1/leads/L2", TOKEN).json().keySet());

            ApiClient.Answer nothing = api.get("/v1/leads/changes?since=" + newWatermark, TOKEN);
            assertThat(nothing.json()).containsEntry("rows", List.of()).containsEntry("watermark", newWatermark);

            ApiClient.Answer rest = api.get("/v1/leads/changes?limit=5&page_token=" + pinned, TOKEN);
            assertThat(rest.json()).containsEntry("watermark", oldWatermark);
            assertThat((List<Map<String, Object>>) rest.json().get("rows"))
                    .extracting(r -> r.get("contact_id") + "=" + r.get("score")).containsExactly("L2=40", "L3=70",
                            "L4=33", "L5=55");

            // A lake that cannot be read any more: the reload fails, the last snapshot keeps serving.
            deleteTree(dir.resolve("lake"));
            assertThat(server.reloadNow()).isFalse();
            assertThat(server.snapshot().leads().version()).isEqualTo(newWatermark);
            assertThat(api.get("/v1/leads/L2", TOKEN).json()).containsEntry("score", 62);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(f);
            }
        }
    }
}
