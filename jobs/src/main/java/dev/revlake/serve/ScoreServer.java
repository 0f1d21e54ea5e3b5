package dev.revlake.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpServer;

/**
 * The read-only score API: loads the current scores, serves them over HTTP with the JDK's server,
 * and reloads them when a new scoring run lands. {@link #start} returns once the port is bound.
 */
public final class ScoreServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreServer.class);
    private static final int HTTP_THREADS = 4;
    private static final int CACHED_CHANGE_SETS = 8;

    static {
        // The JDK server reads these once, when its first instance starts; the defaults let a client
        // hold a connection open forever (slowloris) or send hundreds of headers. A value set on the
        // command line (-D) wins.
        limit("sun.net.httpserver.maxReqTime", "30");       // seconds to receive a request's headers
        limit("sun.net.httpserver.maxRspTime", "120");      // seconds to send an answer
        limit("sun.net.httpserver.idleInterval", "30");     // seconds an idle keep-alive connection stays
        limit("sun.net.httpserver.maxIdleConnections", "64");
        limit("sun.net.httpserver.maxReqHeaders", "64");    // header count
        limit("sun.net.httpserver.maxReqHeaderSize", "16384"); // header bytes (JDK 21 and later)
    }

    private static void limit(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private final HttpServer http;
    private final ExecutorService executor;
    private final SnapshotReloader reloader;
    private final URI baseUrl;

    private ScoreServer(HttpServer http, ExecutorService executor, SnapshotReloader reloader, URI baseUrl) {
        this.http = http;
        this.executor = executor;
        this.reloader = reloader;
        this.baseUrl = baseUrl;
    }

    /**
     * Loads the scores and starts serving.
     *
     * @throws IllegalStateException when the lake has no score tables yet
     * @throws UncheckedIOException  when the address cannot be bound
     */
    public static ScoreServer start(SparkSession spark, ServeConfig config) {
        ScoreSnapshot first = ScoreSnapshot.load(spark, config.lake());
        SnapshotReloader reloader = new SnapshotReloader(spark, config.lake(), first);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, r -> {
            Thread t = new Thread(r, "revlake-serve-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", new ScoreApi(reloader, new ChangeFeed(spark, config.lake(), CACHED_CHANGE_SETS),
                new BearerAuth(config.token())));
        http.start();
        reloader.start(config.reloadInterval().toSeconds() == 0 ? 1 : config.reloadInterval().toSeconds());
        int port = http.getAddress().getPort();
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        URI base = URI.create("http://" + host + ":" + port);
        LOG.info("serving scores at {}: lead_scores version {} ({} rows), opportunity_scores version {} ({} rows)",
                base, first.leads().version(), first.leads().rows().size(), first.opportunities().version(),
                first.opportunities().rows().size());
        return new ScoreServer(http, executor, reloader, base);
    }

    /** The bound port (the chosen one when the config said 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://host:port}, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The snapshot being served. */
    public ScoreSnapshot snapshot() {
        return reloader.current();
    }

    /** Checks for a new scoring run now instead of waiting for the timer; true when one was loaded. */
    public boolean reloadNow() {
        return reloader.reloadIfChanged();
    }

    /** Stops accepting requests, lets those in flight finish (up to a second) and stops reloading. */
    @Override
    public void close() {
        reloader.close();
        http.stop(1);
        executor.shutdownNow();
        LOG.info("stopped serving at {}", baseUrl);
    }
}
