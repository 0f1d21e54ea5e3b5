package dev.revlake.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The HTTP routes: {@code /health}, and under {@code /v1} the current score of one lead or
 * opportunity and the pages of changed scores. Every route needs the bearer token. Only {@code GET}
 * without a body is served; the request target, query parameters and page size are bounded, and
 * ids are looked up in the loaded snapshot (a map), never put into a query or a path. Every answer
 * is JSON; errors are {@code {"error": "..."}} and never carry a stack trace. The log has method,
 * path template, status and duration: never ids, rows or tokens.
 */
final class ScoreApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ID_LENGTH = 128;
    /** Longest request target (path and query) served; longer ones are 414. */
    static final int MAX_TARGET_CHARS = 2048;
    /** The query parameters of the change feed; anything else is 400. */
    private static final Set<String> CHANGE_PARAMETERS = Set.of("since", "limit", "page_token");

    private final SnapshotReloader snapshots;
    private final ChangeFeed changes;
    private final BearerAuth auth;

    /** The answer to a request. */
    private record Reply(int status, Object body, Map<String, String> headers) {
        static Reply ok(Object body) {
            return new Reply(200, body, Map.of());
        }

        static Reply error(int status, String message, Map<String, String> headers) {
            return new Reply(status, Map.of("error", message), headers);
        }
    }

    ScoreApi(SnapshotReloader snapshots, ChangeFeed changes, BearerAuth auth) {
        this.snapshots = snapshots;
        this.changes = changes;
        this.auth = auth;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String template = template(rawPath);
        Reply reply;
        try {
            reply = dispatch(exchange, method, rawPath, template);
        } catch (ApiException e) {
            reply = Reply.error(e.status(), e.getMessage(), Map.of());
        } catch (RuntimeException e) {
            // Messages of Spark and Delta exceptions may quote paths or data: the class only.
            LOG.error("method={} path={} failed: {}", method, template, e.getClass().getName());
            reply = Reply.error(500, "Internal error", Map.of());
        }
        try {
            send(exchange, reply);
        } finally {
            exchange.close();
            LOG.info("method={} path={} status={} duration_ms={}", method, template, reply.status(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private Reply dispatch(HttpExchange exchange, String method, String rawPath, String template) {
        // Limits first, before anything is read or looked up; a body is never read.
        if (!"GET".equals(method)) {
            return notAllowed();
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1) > MAX_TARGET_CHARS) {
            return Reply.error(414, "Request target longer than " + MAX_TARGET_CHARS + " characters", Map.of());
        }
        if (hasBody(exchange)) {
            return Reply.error(413, "Request bodies are not accepted", Map.of());
        }
        if (!auth.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Reply.error(401, "Missing or invalid bearer token", Map.of("WWW-Authenticate",
                    "Bearer realm=\"revlake\""));
        }
        if ("/health".equals(rawPath)) {
            return rawQuery == null ? Reply.ok(health(snapshots.current())) : unknownParameters();
        }
        if (!rawPath.startsWith("/v1/")) {
            return Reply.error(404, "Unknown path", Map.of());
        }
        List<String> segments = segments(rawPath);
        ScoredEntity entity = segments.size() == 3 ? ScoredEntity.ofSegment(segments.get(1)) : null;
        if (entity == null) {
            return Reply.error(404, "Unknown path", Map.of());
        }
        ScoreSnapshot snapshot = snapshots.current();
        if ("changes".equals(segments.get(2))) {
            return Reply.ok(changes(entity, snapshot, query(rawQuery)));
        }
        if (rawQuery != null) {
            return unknownParameters();
        }
        String id = segments.get(2);
        validateId(entity, id);
        Map<String, Object> row = snapshot.table(entity).rows().get(id);
        if (row == null) {
            // The id came from the caller's own request; echoing it is what the CRM needs to match.
            return Reply.error(404, "Unknown " + entity.noun() + ": " + id, Map.of());
        }
        return Reply.ok(row);
    }

    private Map<String, Object> changes(ScoredEntity entity, ScoreSnapshot snapshot, Map<String, String> query) {
        long since = -1;
        String sinceText = query.get("since");
        long current = snapshot.table(entity).version();
        if (sinceText != null) {
            try {
                since = Long.parseLong(sinceText);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid since: must be a Delta version from 0 to " + current);
            }
            if (since < 0) {
                throw ApiException.badRequest("Invalid since: must be a Delta version from 0 to " + current);
            }
        }
        int limit = ChangeFeed.DEFAULT_LIMIT;
        String limitText = query.get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Invalid limit: must be a whole number from 1 to "
                        + ChangeFeed.MAX_LIMIT);
            }
        }
        ChangeFeed.Page page = changes.page(entity, snapshot, since, limit, query.get("page_token"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("since", page.since() < 0 ? null : page.since());
        body.put("watermark", page.watermark());
        body.put("rows", page.rows());
        body.put("next_page_token", page.nextPageToken());
        if (page.note() != null) {
            body.put("note", page.note());
        }
        return body;
    }

    private static Map<String, Object> health(ScoreSnapshot snapshot) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("loaded_at", snapshot.loadedAt().toString());
        for (ScoredEntity e : ScoredEntity.values()) {
            ScoreSnapshot.Table t = snapshot.table(e);
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("table", e.view().table().name());
            table.put("version", t.version());
            table.put("score_date", t.scoreDate());
            table.put("rows", t.rows().size());
            body.put(e.view().name(), table);
        }
        return body;
    }

    private static void validateId(ScoredEntity entity, String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("Invalid " + entity.idColumn() + ": must be 1 to " + MAX_ID_LENGTH
                    + " characters without control characters");
        }
    }

    private static Reply notAllowed() {
        return Reply.error(405, "Method not allowed: use GET", Map.of("Allow", "GET"));
    }

    /** The route of a path for the log: ids never appear there. */
    static String template(String rawPath) {
        if ("/health".equals(rawPath)) {
            return rawPath;
        }
        String[] s = rawPath.split("/", -1);
        if (s.length == 4 && "v1".equals(s[1]) && ScoredEntity.ofSegment(s[2]) != null) {
            ScoredEntity e = ScoredEntity.ofSegment(s[2]);
            return "/v1/" + e.segment() + "/" + ("changes".equals(s[3]) ? "changes" : "{" + e.idColumn() + "}");
        }
        return "(unknown)";
    }

    /** Percent-decoded path segments after the leading slash; '+' stays a plus sign in a path. */
    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.substring(1).split("/", -1)) {
            out.add(decode(s.replace("+", "%2B"), "path"));
        }
        return out;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "query");
            if (!CHANGE_PARAMETERS.contains(name)) {
                throw ApiException.badRequest(UNKNOWN_PARAMETERS);
            }
            // A repeated parameter is ambiguous (proxies and servers disagree on which one wins).
            if (out.putIfAbsent(name, value) != null) {
                throw ApiException.badRequest("Invalid query: " + name + " given more than once");
            }
        }
        return out;
    }

    private static final String UNKNOWN_PARAMETERS = "Unknown query parameter (the change feed takes since, limit"
            + " and page_token; other routes take none)";

    private static Reply unknownParameters() {
        return Reply.error(400, UNKNOWN_PARAMETERS, Map.of());
    }

    /** A declared or chunked body: GET requests here have none. */
    private static boolean hasBody(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return exchange.getRequestHeaders().containsKey("Transfer-Encoding")
                || (length != null && !"0".equals(length.strip()));
    }

    private static String decode(String text, String where) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid percent-encoding in the " + where);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
