package dev.revlake.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Spark standalone cluster on the loopback interface: one master and one worker JVM, started
 * from a SPARK_HOME whose {@code jars/} links the jars a Spark distribution ships. The worker
 * builds its executors' class path from {@code $SPARK_HOME/jars} (Spark's launcher,
 * {@code AbstractCommandBuilder.buildClassPath}), so the application jar must bring the rest.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path sparkHome;
    private final Path workDirectory;
    private final Path logDirectory;
    private final int masterPort;
    private final int masterWebPort;
    private final ChildJvm master;
    private final ChildJvm worker;

    private StandaloneCluster(Path sparkHome, Path workDirectory, Path logDirectory, int masterPort,
            int masterWebPort, ChildJvm master, ChildJvm worker) {
        this.sparkHome = sparkHome;
        this.workDirectory = workDirectory;
        this.logDirectory = logDirectory;
        this.masterPort = masterPort;
        this.masterWebPort = masterWebPort;
        this.master = master;
        this.worker = worker;
    }

    /**
     * Lays out SPARK_HOME in {@code directory}, starts master and worker and waits until the worker
     * has registered.
     *
     * @param sparkJars the class path of a Spark distribution's jars (path-separated)
     */
    static StandaloneCluster start(Path directory, String sparkJars) throws IOException, InterruptedException {
        Path sparkHome = directory.resolve("spark-home");
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        Files.createDirectories(sparkHome.resolve("conf"));
        for (String jar : sparkJars.trim().split(java.io.File.pathSeparator)) {
            Path target = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(target.getFileName()), target);
        }
        Path work = Files.createDirectories(directory.resolve("worker-work"));
        Path logs = Files.createDirectories(directory.resolve("logs"));
        int masterPort = freePort();
        int masterWebPort = freePort();
        int workerWebPort = freePort();
        String classPath = sparkHome.resolve("conf") + java.io.File.pathSeparator + jars.resolve("*");
        ChildJvm master = ChildJvm.start("master", logs, classPath, List.of("-Xmx512m"),
                "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", Integer.toString(masterPort),
                        "--webui-port", Integer.toString(masterWebPort)),
                environment(sparkHome));
        ChildJvm worker = null;
        try {
            worker = ChildJvm.start("worker", logs, classPath, List.of("-Xmx512m"),
                    "org.apache.spark.deploy.worker.Worker",
                    List.of("spark://127.0.0.1:" + masterPort, "--host", "127.0.0.1", "--cores", "2",
                            "--memory", "2g", "--work-dir", work.toString(),
                            "--webui-port", Integer.toString(workerWebPort)),
                    environment(sparkHome));
            StandaloneCluster cluster = new StandaloneCluster(sparkHome, work, logs, masterPort, masterWebPort,
                    master, worker);
            cluster.awaitWorker();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            if (worker != null) {
                worker.close();
            }
            master.close();
            throw e;
        }
    }

    /**
     * The environment Spark's scripts would set: {@code load-spark-env.sh} exports
     * SPARK_SCALA_VERSION, without which the worker's launcher looks for a source build and fails
     * ("Cannot find any build directories").
     */
    static Map<String, String> environment(Path sparkHome) {
        return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_CONF_DIR", sparkHome.resolve("conf").toString(), "SPARK_LOCAL_IP", "127.0.0.1");
    }

    Path sparkHome() {
        return sparkHome;
    }

    Path logDirectory() {
        return logDirectory;
    }

    /** {@code spark://127.0.0.1:<port>}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The class path a {@code spark-submit} of this distribution runs with. */
    String submitClassPath() {
        return sparkHome.resolve("conf") + java.io.File.pathSeparator + sparkHome.resolve("jars").resolve("*");
    }

    /** The master's state as its web UI serves it ({@code /json}). */
    JsonNode state() throws IOException, InterruptedException {
        // The UI redirects /json to /json/; an unfollowed redirect has an empty body.
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterWebPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        String body = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        return new ObjectMapper().readTree(body);
    }

    /** Executor folders the worker created ({@code <work>/app-*}/{@code <executor id>}). */
    List<Path> executorDirectories() throws IOException {
        try (Stream<Path> apps = Files.list(workDirectory)) {
            return apps.filter(app -> app.getFileName().toString().startsWith("app-"))
                    .flatMap(StandaloneCluster::children).toList();
        }
    }

    private static Stream<Path> children(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Master, worker and executor logs, for an assertion message. */
    String describe() throws IOException {
        StringBuilder text = new StringBuilder(master.describe()).append("\n").append(worker.describe());
        for (Path executor : executorDirectories()) {
            text.append("\n--- executor stderr ").append(executor).append("\n")
                    .append(ChildJvm.tail(executor.resolve("stderr")));
        }
        return text.toString();
    }

    private void awaitWorker() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.process().isAlive() || !worker.process().isAlive()) {
                throw new AssertionError("The standalone cluster died while starting:\n" + describe());
            }
            try {
                if (state().path("aliveworkers").asInt() >= 1) {
                    return;
                }
            } catch (IOException e) {
                // The master's web UI is not up yet.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No worker registered with the master within " + START_TIMEOUT + ":\n" + describe());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Stops the worker (and with it any executor JVM) and the master, then removes the jar links
     * (JUnit warns about every link it finds when it deletes a temporary directory).
     */
    @Override
    public void close() throws InterruptedException, IOException {
        try {
            worker.close();
        } finally {
            master.close();
        }
        try (Stream<Path> links = Files.list(sparkHome.resolve("jars"))) {
            for (Path link : (Iterable<Path>) links::iterator) {
                Files.delete(link);
            }
        }
    }
}
