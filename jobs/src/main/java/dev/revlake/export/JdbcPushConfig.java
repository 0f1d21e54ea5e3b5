package dev.revlake.export;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.revlake.lake.Lake;

/**
 * Settings of a push into PostgreSQL staging tables. The credentials never appear in
 * {@link #toString()}, messages, logs or {@code ops_export_batches}.
 *
 * @param lake      the lake holding the score tables and {@code ops_export_batches}
 * @param url       {@code jdbc:postgresql://host[:port]/database[?options]}
 * @param user      database user, or null for the driver's default
 * @param password  password, or null
 * @param batchSize rows per JDBC batch statement
 * @param runId     export run id
 */
public record JdbcPushConfig(Lake lake, String url, String user, String password, int batchSize, String runId) {

    /** Environment variable holding the database user. */
    public static final String USER_VARIABLE = "REVLAKE_JDBC_USER";
    /** Environment variable holding the database password. */
    public static final String PASSWORD_VARIABLE = "REVLAKE_JDBC_PASSWORD";
    /** Default rows per batch statement. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?#@]+)/([^/?#]+)(\\?.*)?");
    /** pgJDBC's password options ({@code password}, {@code sslpassword}) anywhere in the query. */
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("[?&](ssl)?password=", Pattern.CASE_INSENSITIVE);

    public JdbcPushConfig {
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(runId, "runId");
        if (url == null || !URL.matcher(url).matches()) {
            // The URL may carry a password option: it is not repeated in the message.
            throw new IllegalArgumentException("Invalid JDBC URL: expected jdbc:postgresql://host:port/database");
        }
        if (PASSWORD_IN_URL.matcher(url).find()) {
            // A URL is a command-line argument, visible to every user in ps; the value is not repeated.
            throw new IllegalArgumentException("Invalid JDBC URL: it carries a password option; put the password in "
                    + PASSWORD_VARIABLE + " or a --jdbc-password-file instead (command lines show in ps)");
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException(String.format("Invalid batch size: %s (1 to 100000)", batchSize));
        }
    }

    /** {@code host:port/database} (port 5432 when the URL has none): names the database in messages. */
    public String database() {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("unreachable");
        }
        String host = m.group(1);
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        return (hasPort ? host : host + ":5432") + "/" + m.group(2);
    }

    /** The watermark target, {@code jdbc:host:port/database}. */
    public String target() {
        return "jdbc:" + database();
    }

    @Override
    public String toString() {
        return "JdbcPushConfig[database=" + database() + ", batchSize=" + batchSize + ", runId=" + runId + "]";
    }
}
