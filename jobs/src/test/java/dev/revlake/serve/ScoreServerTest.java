package dev.revlake.serve;

import static dev.revlake.serve.ScoreFixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;
import dev.revlake.testing.SharedSpark;

class ScoreServerTest {

    @TempDir
    static Path dir;

    private static Lake lake;
    private static ScoreServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        lake = ScoreFixtures.nightOneLake(dir.resolve("lake"));
        server = ScoreServer.start(SharedSpark.get(), new ServeConfig(lake, "127.0.0.1", 0, Duration.ofMinutes(10),
                TOKEN));
        api = new ApiClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestsWithoutTheRightTokenAre401() {
        for (String token : Arrays.asList(null, "wrong-token-0123456789abcdef", TOKEN + "x", "")) {
            for (String path : List.of("/v1/leads/L1", "/v1/leads/changes", "/v1/nothing-here")) {
                ApiClient.Answer a = api.get(path, token);
                assertThat(a.status()).as(path + " with " + token).isEqualTo(401);
                assertThat(a.json()).isEqualTo(Map.of("error", "Missing or invalid bearer token"));
                assertThat(a.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"revlake\"");
            }
        }
        ApiClient.Answer basic = api.send(HttpRequest.newBuilder(server.baseUrl().resolve("/v1/leads/L1"))
                .header("Authorization", "Basic " + TOKEN), null);
        assertThat(basic.status()).isEqualTo(401);
    }

    @Test
    void leadWithTokenIsItsCurrentScore() {
        ApiClient.Answer a = api.get("/v1/leads/L3", TOKEN);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.raw().headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("score_date", "2026-03-01");
        expected.put("contact_id", "L3");
        expected.put("account_id", "acc-L3");
        expected.put("owner_id", "rep-1");
        expected.put("lead_status", "open");
        expected.put("segment", "smb");
        expected.put("source_channel", "paid_search");
        expected.put("conversion_probability", 0.7);
        expected.put("score", 70);
        expected.put("tier", "A");
        expected.put("top_reasons", List.of("demo request", "pricing page"));
        expected.put("negative_reasons", List.of("no recent visit"));
        expected.put("score_7d_ago", null);
        expected.put("score_change_7d", null);
        expected.put("model_name", "lead_conversion");
        expected.put("model_version", "v3");
        expected.put("scored_at", "2026-03-02T02:00:00Z");
        expected.put("run_id", "score-2026-03-01");
        assertThat(a.json()).containsExactlyEntriesOf(expected);
    }

    @Test
    void opportunityWithTokenIsItsCurrentPrediction() {
        ApiClient.Answer a = api.get("/v1/opportunities/O1", TOKEN);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json()).containsEntry("opportunity_id", "O1").containsEntry("win_probability", 0.62)
                .containsEntry("win_score", 62).containsEntry("amount_usd", 12000.5)
                .containsEntry("predicted_close_date", "2026-04-10").containsEntry("predicted_close_low_date",
                        "2026-03-21").containsEntry("predicted_close_high_date", "2026-05-10")
                .containsEntry("is_slip_risk", true).containsEntry("top_reasons", List.of("champion engaged"))
                .containsEntry("negative_reasons", List.of()).containsEntry("scored_at", "2026-03-02T02:00:00Z");
    }

    @Test
    void unknownIdsAre404AndInvalidIdsAre400() {
        assertThat(api.get("/v1/leads/nobody", TOKEN)).satisfies(a -> {
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.json()).isEqualTo(Map.of("error", "Unknown lead: nobody"));
        });
        assertThat(api.get("/v1/opportunities/L1", TOKEN).json()).isEqualTo(Map.of("error",
                "Unknown opportunity: L1"));
        String invalid = "Invalid contact_id: must be 1 to 128 characters without control characters";
        for (String path : List.of("/v1/leads/", "/v1/leads/" + "x".repeat(129), "/v1/leads/L1%0A")) {
            ApiClient.Answer a = api.get(path, TOKEN);
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.json()).isEqualTo(Map.of("error", invalid));
        }
        assertThat(api.get("/v1/leads/" + "x".repeat(128), TOKEN).status()).isEqualTo(404);
    }

    @Test
    void badParametersAre400() {
        long version = server.snapshot().leads().version();
        String limit = "Invalid limit: must be a whole number from 1 to 5000";
        String since = "Invalid since: must be a Delta version from 0 to " + version;
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("limit=abc", limit);
        cases.put("limit=0", limit);
        cases.put("limit=5001", limit);
        cases.put("limit=", limit);
        cases.put("since=x", since);
        cases.put("since=-1", since);
        cases.put("since=" + (version + 1), "Invalid since: " + (version + 1) + " is newer than the current version "
                + version + " of gold_lead_scores");
        cases.put("page_token=garbage!", "Invalid page_token");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ApiClient.Answer a = api.get("/v1/leads/changes?" + c.getKey(), TOKEN);
            assertThat(a.status()).as(c.getKey()).isEqualTo(400);
            assertThat(a.json()).as(c.getKey()).isEqualTo(Map.of("error", c.getValue()));
        }
    }

    @Test
    void otherMethodsAre405AndOtherPaths404() {
        ApiClient.Answer post = api.send(HttpRequest.newBuilder(server.baseUrl().resolve("/v1/leads/L1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")), TOKEN);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json()).isEqualTo(Map.of("error", "Method not allowed: use GET"));
        assertThat(post.raw().headers().firstValue("Allow")).hasValue("GET");
        for (String path : List.of("/v1/accounts/A1", "/v1/leads", "/v1/leads/L1/extra", "/v2/leads/L1", "/")) {
            ApiClient.Answer a = api.get(path, TOKEN);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.json()).isEqualTo(Map.of("error", "Unknown path"));
        }
    }

    @Test
    void healthNeedsTheTokenAndShowsVersions() {
        assertThat(api.get("/health", null).status()).isEqualTo(401);
        assertThat(api.get("/health", "wrong-token-0123456789abcdef").status()).isEqualTo(401);
        long leads = DeltaTables.version(SharedSpark.get(), lake, ScoreTables.LEAD_SCORES);
        long opportunities = DeltaTables.version(SharedSpark.get(), lake, ScoreTables.OPPORTUNITY_SCORES);
        ApiClient.Answer a = api.get("/health", TOKEN);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json()).containsEntry("status", "ok")
                .containsEntry("lead_scores", Map.of("table", "gold_lead_scores", "version", (int) leads,
                        "score_date", "2026-03-01", "rows", 5))
                .containsEntry("opportunity_scores", Map.of("table", "gold_opportunity_scores", "version",
                        (int) opportunities, "score_date", "2026-03-01", "rows", 2));
    }

    @Test
    void tokensAreComparedWhole() {
        for (String token : List.of(TOKEN.substring(0, TOKEN.length() - 1), TOKEN.toUpperCase(),
                TOKEN + TOKEN, " ", TOKEN.substring(1))) {
            assertThat(api.get("/v1/leads/L3", token).status()).as(token).isEqualTo(401);
        }
        // The scheme is case-insensitive (RFC 7235); surrounding spaces are not part of the token.
        ApiClient.Answer lower = api.send(HttpRequest.newBuilder(server.baseUrl().resolve("/v1/leads/L3"))
                .header("Authorization", "bearer   " + TOKEN + " "), null);
        assertThat(lower.status()).isEqualTo(200);
    }

    @Test
    void requestsBeyondTheLimitsAreRefusedBeforeTheTokenIsChecked() {
        ApiClient.Answer body = api.send(HttpRequest.newBuilder(server.baseUrl().resolve("/v1/leads/L3"))
                .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(10_000))), null);
        assertThat(body.status()).isEqualTo(413);
        assertThat(body.json()).isEqualTo(Map.of("error", "Request bodies are not accepted"));
        ApiClient.Answer longTarget = api.get("/v1/leads/changes?page_token=" + "A".repeat(ScoreApi.MAX_TARGET_CHARS),
                null);
        assertThat(longTarget.status()).isEqualTo(414);
        assertThat(api.get("/v1/leads/changes?limit=" + ("1".repeat(3000)), TOKEN).status()).isEqualTo(414);
        ApiClient.Answer put = api.send(HttpRequest.newBuilder(server.baseUrl().resolve("/health"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")), null);
        assertThat(put.status()).isEqualTo(405);
    }

    @Test
    void unknownOrRepeatedParametersAre400() {
        String unknown = "Unknown query parameter (the change feed takes since, limit and page_token; other routes"
                + " take none)";
        for (String path : List.of("/v1/leads/changes?limt=10", "/v1/leads/L3?fields=*", "/health?verbose=1",
                "/v1/leads/changes?since=0&debug")) {
            ApiClient.Answer a = api.get(path, TOKEN);
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.json()).as(path).isEqualTo(Map.of("error", unknown));
        }
        ApiClient.Answer twice = api.get("/v1/leads/changes?limit=1&limit=5000", TOKEN);
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json()).isEqualTo(Map.of("error", "Invalid query: limit given more than once"));
    }

    @Test
    void injectionAttemptsAreJustIdsThatDoNotExist() {
        // Ids are keys of the loaded snapshot: nothing is interpreted as SQL, a path or a pattern.
        for (String id : List.of("L1'%20OR%20'1'%3D'1", "L1%3B%20DROP%20TABLE%20gold_lead_scores", "%2A",
                "..%2F..%2F..%2Fetc%2Fpasswd", "L%25", "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D", "L1%22%7D%2C%7B%22a")) {
            ApiClient.Answer a = api.get("/v1/leads/" + id, TOKEN);
            assertThat(a.status()).as(id).isEqualTo(404);
            assertThat(a.json().get("error").toString()).as(id).startsWith("Unknown lead: ");
        }
        for (String path : List.of("/v1/leads/L1%00", "/v1/leads/L1%0D%0AX-Injected:%201", "/v1/leads/changes?since=0%20OR%201%3D1",
                "/v1/leads/changes?page_token=eyJlIjoibGVhZHMiLCJzIjotMSwidiI6LTEsImEiOiIifQ")) {
            assertThat(api.get(path, TOKEN).status()).as(path).isEqualTo(400);
        }
        assertThat(api.get("/v1/leads/L3", TOKEN).status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagingReturnsEveryRowOnceInIdOrder() {
        List<String> ids = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        long watermark = server.snapshot().leads().version();
        do {
            ApiClient.Answer a = api.get("/v1/leads/changes?limit=2"
                    + (token == null ? "" : "&page_token=" + token), TOKEN);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.json()).containsEntry("watermark", (int) watermark).containsEntry("since", null);
            List<Map<String, Object>> rows = (List<Map<String, Object>>) a.json().get("rows");
            rows.forEach(r -> ids.add((String) r.get("contact_id")));
            sizes.add(rows.size());
            token = (String) a.json().get("next_page_token");
        } while (token != null && sizes.size() < 10);
        assertThat(ids).containsExactly("L1", "L2", "L3", "L4", "L5");
        assertThat(sizes).containsExactly(2, 2, 1);

        String first = (String) api.get("/v1/leads/changes?limit=2", TOKEN).json().get("next_page_token");
        String other = "Invalid page_token: it belongs to another query";
        assertThat(api.get("/v1/opportunities/changes?page_token=" + first, TOKEN).json())
                .isEqualTo(Map.of("error", other));
        assertThat(api.get("/v1/leads/changes?since=0&page_token=" + first, TOKEN).json())
                .isEqualTo(Map.of("error", other));
    }

    @Test
    void sinceTheCurrentVersionIsEmpty() {
        long watermark = server.snapshot().opportunities().version();
        ApiClient.Answer a = api.get("/v1/opportunities/changes?since=" + watermark, TOKEN);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json()).containsEntry("since", (int) watermark).containsEntry("watermark", (int) watermark)
                .containsEntry("rows", List.of()).containsEntry("next_page_token", null);
    }

    @Test
    void aLakeWithoutScoresIsRefused() {
        Lake empty = new Lake(dir.resolve("empty").toString());
        assertThatThrownBy(() -> ScoreServer.start(SharedSpark.get(), new ServeConfig(empty, "127.0.0.1", 0,
                ServeConfig.DEFAULT_RELOAD, TOKEN)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No scores in " + empty.root() + " yet: run revlake score first");
    }

    @Test
    void configIsValidatedAndHidesTheToken() {
        assertThatThrownBy(() -> new ServeConfig(lake, "127.0.0.1", 70000, ServeConfig.DEFAULT_RELOAD, TOKEN))
                .hasMessage("Invalid port: 70000");
        assertThatThrownBy(() -> new ServeConfig(lake, "127.0.0.1", 8080, ServeConfig.DEFAULT_RELOAD, "short"))
                .hasMessage("Invalid API token: use at least 16 printable ASCII characters without spaces");
        assertThatThrownBy(() -> new ServeConfig(lake, "127.0.0.1", 8080, ServeConfig.DEFAULT_RELOAD, null))
                .hasMessage("No API token: set REVLAKE_API_TOKEN or pass --token-file FILE");
        assertThat(new ServeConfig(lake, "127.0.0.1", 8080, ServeConfig.DEFAULT_RELOAD, TOKEN).toString())
                .doesNotContain(TOKEN).contains("token=***");
    }
}
