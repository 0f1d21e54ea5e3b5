package dev.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code revlake} launcher script, run for real by bash against a stand-in
 * {@code java} (a script that exits with a chosen code), in a copy of the repository layout whose
 * jars look built, so the launcher neither builds nor starts Spark.
 */
class LauncherScriptTest {

    @TempDir
    Path root;

    private Path javaHome;

    @BeforeEach
    void layout() throws IOException {
        Path script = Path.of("..", "revlake").toAbsolutePath().normalize();
        assertThat(script).as("the launcher at the repository root").exists();
        Files.copy(script, root.resolve("revlake"));
        Path pom = Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.setLastModifiedTime(pom, FileTime.from(Instant.now().minusSeconds(3600)));
        for (String module : new String[] {"models", "jobs", "reports", "orchestration", "bench"}) {
            Files.createDirectories(root.resolve(module));
        }
        for (String module : new String[] {"orchestration", "bench"}) {
            Path target = Files.createDirectories(root.resolve(module + "/target"));
            Files.writeString(target.resolve("classpath.txt"), "");
            Files.write(target.resolve("revlake-" + module + "-0.1.0-SNAPSHOT.jar"), new byte[0]);
        }

        javaHome = root.resolve("jdk");
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                # stands in for the JVM: echoes its first line of stdin, says what it was given, exits as told
                if [[ -n "${FAKE_STDIN:-}" ]]; then read -r line; echo "stdin:$line"; fi
                if [[ -n "${FAKE_WAIT:-}" ]]; then
                  trap 'echo "java got TERM" >&2; exit 143' TERM
                  echo "waiting"; for i in $(seq 600); do sleep 0.1; done
                fi
                echo "args:$*"
                echo "revlake bench: error: [INTERNAL_ERROR] No active or default Spark session found" >&2
                exit "$FAKE_RC"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aSparkOutOfMemoryExitIsNamedWithTheHeapToRaiseAndItsExitCodeKept() throws Exception {
        Result r = launch(Map.of("FAKE_RC", "52"), "bench", "--preset", "default");

        assertThat(r.exitCode()).isEqualTo(52);
        assertThat(r.stderr()).contains("No active or default Spark session found")
                .contains("revlake: the JVM ran out of heap (java.lang.OutOfMemoryError in a Spark task, exit code 52)")
                .contains("REVLAKE_JAVA_OPTS=-Xmx8g (now: -Xmx4g)");
        assertThat(r.stdout()).contains("-Xmx4g").contains("dev.revlake.bench.BenchCli --preset default");
    }

    @Test
    void theHeapNamedIsTheOneTheUserGave() throws Exception {
        Result r = launch(Map.of("FAKE_RC", "52", "REVLAKE_JAVA_OPTS", "-Xmx2g -Dx=1"), "demo");

        assertThat(r.exitCode()).isEqualTo(52);
        assertThat(r.stderr()).contains("(now: -Xmx2g -Dx=1)");
    }

    @Test
    void otherExitCodesPassThroughWithoutTheHeapMessage() throws Exception {
        for (String code : new String[] {"0", "1", "2", "3"}) {
            Result r = launch(Map.of("FAKE_RC", code), "status");
            assertThat(r.exitCode()).as("exit code %s", code).isEqualTo(Integer.parseInt(code));
            assertThat(r.stderr()).as("exit code %s", code).doesNotContain("ran out of heap");
        }
    }

    @Test
    void standardInputReachesTheCommand() throws Exception {
        Result r = launch(Map.of("FAKE_RC", "0", "FAKE_STDIN", "1"), "status");

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("stdin:typed by the user");
    }

    @Test
    void aTermToTheLauncherStopsTheCommandWithIt() throws Exception {
        Process p = start(Map.of("FAKE_RC", "0", "FAKE_WAIT", "1"), "status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(root.resolve("out.txt")).contains("waiting") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        p.destroy();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("launcher stopped").isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(Files.readString(root.resolve("err.txt"))).contains("java got TERM");
    }

    private Result launch(Map<String, String> env, String... args) throws Exception {
        Process p = start(env, args);
        p.getOutputStream().write("typed by the user\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Result(p.exitValue(), Files.readString(root.resolve("out.txt")),
                Files.readString(root.resolve("err.txt")));
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = root.resolve("revlake").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().remove("REVLAKE_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().putAll(env);
        pb.redirectOutput(root.resolve("out.txt").toFile()).redirectError(root.resolve("err.txt").toFile());
        return pb.start();
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
