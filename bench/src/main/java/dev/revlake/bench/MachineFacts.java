package dev.revlake.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What the figures were measured on.
 *
 * @param cores        processors the JVM sees
 * @param maxHeapBytes the JVM's maximum heap ({@code -Xmx})
 * @param javaVersion  {@code java.version}
 * @param os           name, version and architecture
 * @param gitCommit    the checkout's commit, or null outside a git checkout
 */
public record MachineFacts(int cores, long maxHeapBytes, String javaVersion, String os, String gitCommit) {

    /** This JVM and machine; the commit of the git checkout in the working directory, when there is one. */
    public static MachineFacts current() {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.version")
                        + " " + System.getProperty("os.arch"), readGitCommit());
    }

    private static String readGitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || !text.matches("[0-9a-f]{7,40}")) {
                return null;
            }
            return text;
        } catch (IOException e) {
            return null; // no git on the machine: the commit is simply unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
