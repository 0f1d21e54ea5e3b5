package dev.revlake.serve;

import java.time.Duration;
import java.util.Objects;

import dev.revlake.lake.Lake;

/**
 * Settings of the score API server.
 *
 * @param lake           the lake holding gold_lead_scores and gold_opportunity_scores
 * @param host           address to bind, e.g. {@code 127.0.0.1}
 * @param port           port to bind; 0 picks a free one
 * @param reloadInterval how often the tables' Delta versions are checked for a new scoring run
 * @param token          the bearer token clients must present (never logged or printed)
 */
public record ServeConfig(Lake lake, String host, int port, Duration reloadInterval, String token) {

    /** Shortest accepted token: anything shorter is guessable. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** Default reload check interval. */
    public static final Duration DEFAULT_RELOAD = Duration.ofSeconds(30);

    public ServeConfig {
        Objects.requireNonNull(lake, "lake");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Invalid host: empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(String.format("Invalid port: %s", port));
        }
        if (reloadInterval == null || reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException(String.format("Invalid reload interval: %s", reloadInterval));
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("No API token: set REVLAKE_API_TOKEN or pass --token-file FILE");
        }
        token = token.strip();
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // The message must not echo the token.
            throw new IllegalArgumentException("Invalid API token: use at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces");
        }
    }

    /** Hides the token, which a record would otherwise print. */
    @Override
    public String toString() {
        return "ServeConfig[lake=" + lake.root() + ", host=" + host + ", port=" + port + ", reloadInterval="
                + reloadInterval + ", token=***]";
    }
}
