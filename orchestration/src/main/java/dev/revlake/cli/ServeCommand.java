package dev.revlake.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.revlake.lake.Lake;
import dev.revlake.lake.Locations;
import dev.revlake.serve.ScoreServer;
import dev.revlake.serve.ServeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revlake serve}: a read-only HTTP JSON API over the latest lead and opportunity scores,
 * for CRMs that pull (docs/api.md). Blocks until the process is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the latest lead and opportunity scores as a read-only HTTP JSON API (see docs/api.md).",
            "Clients send 'Authorization: Bearer <token>'; the token comes from REVLAKE_API_TOKEN or --token-file."})
final class ServeCommand implements Callable<Integer> {

    /** Environment variable holding the API token. */
    static final String TOKEN_VARIABLE = "REVLAKE_API_TOKEN";

    @Option(names = "--lake", paramLabel = "DIR|URI", defaultValue = "demo/lake",
            description = "Lake root holding the score tables (default: ${DEFAULT-VALUE}).")
    String lake;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--reload-seconds", paramLabel = "S", defaultValue = "30",
            description = "How often to look for a new scoring run (default: ${DEFAULT-VALUE}).")
    long reloadSeconds;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the API token (instead of the " + TOKEN_VARIABLE + " variable).")
    Path tokenFile;

    @Override
    public Integer call() throws InterruptedException {
        // Settings first: a missing token must fail before Spark starts.
        ServeConfig config = new ServeConfig(new Lake(Locations.normalize(lake)), host, port,
                Duration.ofSeconds(reloadSeconds), token(tokenFile, System.getenv()));
        ScoreServer server = ScoreServer.start(Spark.session("serve"), config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "revlake-serve-shutdown"));
        System.out.printf("Serving scores at %s (lead_scores version %d, opportunity_scores version %d)."
                + " Health: %s/health. Ctrl-C to stop.%n", server.baseUrl(), server.snapshot().leads().version(),
                server.snapshot().opportunities().version(), server.baseUrl());
        stopped.await();
        return 0;
    }

    /**
     * The API token: the file's content when a file is given, else the environment variable; null
     * when neither is set (the config then refuses to start). Messages never quote the token.
     */
    static String token(Path file, Map<String, String> env) {
        return Secrets.read(file, "--token-file", TOKEN_VARIABLE, env);
    }
}
