package dev.revlake.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock so that two runs of the same DAG and date cannot interleave: a file
 * {@code <lake>/_locks/<dag>/<run key>.lock} created only if absent, holding who took it (host,
 * process id and its start, the time). A lock left by a process that no longer exists on this host
 * (a killed run) is stale and is taken over; any other held lock refuses the run with a message
 * that says who holds it.
 *
 * <p>Creating a file only if absent is atomic on local disks, HDFS and ABFS; on S3 it relies on the
 * store's conditional writes, so on S3 let one scheduler own a DAG (Airflow's
 * {@code max_active_runs: 1}).
 */
public final class RunLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    private final FileSystem fs;
    private final Path path;

    private RunLock(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /** Thrown when another live run holds the lock. */
    public static final class HeldException extends IllegalStateException {
        HeldException(String message) {
            super(message);
        }
    }

    /** Where the lock of a DAG run lives. */
    public static String location(String lakeRoot, String dagId, String runKey) {
        return lakeRoot + "/_locks/" + dagId + "/" + runKey + ".lock";
    }

    /**
     * Takes the lock.
     *
     * @param what the run, for messages ("revlake_nightly 2026-03-01")
     * @throws HeldException when a live run holds it
     */
    public static RunLock acquire(String location, Configuration hadoop, String what) {
        try {
            Path path = new Path(URI.create(location.startsWith("/") ? "file://" + location : location));
            FileSystem fs = path.getFileSystem(hadoop);
            fs.mkdirs(path.getParent());
            for (int attempt = 0; attempt < 2; attempt++) {
                if (create(fs, path)) {
                    return new RunLock(fs, path);
                }
                Optional<Properties> holder = read(fs, path);
                if (holder.isPresent() && !isStale(holder.get())) {
                    Properties h = holder.get();
                    throw new HeldException(what + " is already running (process " + h.getProperty("pid") + " on "
                            + h.getProperty("host") + " since " + h.getProperty("acquired_at") + "); wait for it to"
                            + " finish, or if that process is gone from another host, delete " + location);
                }
                LOG.warn("lock={} taking over a stale lock of process {} on {}", location,
                        holder.map(p -> p.getProperty("pid")).orElse("?"),
                        holder.map(p -> p.getProperty("host")).orElse("?"));
                fs.delete(path, false);
            }
            throw new HeldException(what + " is being started by another process at the same moment; try again");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot take the run lock " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            LOG.warn("lock={} could not be released: {}", path, e.getMessage());
        }
    }

    private static boolean create(FileSystem fs, Path path) throws IOException {
        Properties p = new Properties();
        ProcessHandle self = ProcessHandle.current();
        p.setProperty("host", host());
        p.setProperty("pid", Long.toString(self.pid()));
        p.setProperty("process_started_at", self.info().startInstant().map(Instant::toString).orElse(""));
        p.setProperty("acquired_at", Instant.now().toString());
        if ("file".equals(fs.getScheme())) {
            // Hadoop's local create checks, then opens: not atomic. CREATE_NEW is.
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            p.store(bytes, "revlake run lock");
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(path.toUri()), bytes.toByteArray(),
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(path, false)) {
            p.store(out, "revlake run lock");
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // Some file systems report an existing file with a plain IOException.
            if (fs.exists(path)) {
                return false;
            }
            throw e;
        }
    }

    private static Optional<Properties> read(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return Optional.of(p);
        } catch (java.io.FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A lock of this host whose process is gone (or whose pid now belongs to another process). */
    static boolean isStale(Properties holder) {
        if (!host().equals(holder.getProperty("host"))) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(holder.getProperty("pid", ""));
        } catch (NumberFormatException e) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        String started = holder.getProperty("process_started_at", "");
        return !started.isEmpty() && !process.get().info().startInstant().map(Instant::toString).orElse("")
                .equals(started);
    }

    /** This machine's host name, as locks and {@code ops_task_runs} record it. */
    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
