package dev.revlake.serve;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where the next page of a change query starts. It pins the Delta version the first page was
 * computed at, so the pages of one query stay consistent while a reload swaps the snapshot; it
 * names its query (entity and since) so it cannot continue another one. Opaque to clients:
 * URL-safe base64 of a small JSON object.
 *
 * @param entity  path segment of the entity ({@code leads}, {@code opportunities})
 * @param since   the query's since, -1 when omitted
 * @param version the pinned Delta version (the watermark)
 * @param afterId the last id already returned
 */
record PageToken(String entity, long since, long version, String afterId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The token as text. */
    String encode() {
        try {
            byte[] json = JSON.writeValueAsBytes(new Wire(entity, since, version, afterId));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode page token", e);
        }
    }

    /** Parses a token; 400 for anything that is not one. */
    static PageToken decode(String text) {
        try {
            Wire w = JSON.readValue(new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8),
                    Wire.class);
            if (w.e() == null || w.a() == null || w.v() < 0 || w.s() < -1 || w.s() > w.v()) {
                throw ApiException.badRequest("Invalid page_token");
            }
            return new PageToken(w.e(), w.s(), w.v(), w.a());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ApiException.badRequest("Invalid page_token");
        }
    }

    /** Short field names keep the token short. */
    private record Wire(String e, long s, long v, String a) {
    }
}
