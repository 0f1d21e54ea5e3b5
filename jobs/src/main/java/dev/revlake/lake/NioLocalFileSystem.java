package dev.revlake.lake;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file://}, with its checksum files) that sets permissions and
 * reads file status through {@code java.nio} instead of starting a process.
 *
 * <p>Without Hadoop's native library (a Maven build never has it) {@link RawLocalFileSystem} runs
 * {@code chmod} for every file and directory it creates and {@code readlink} for every status a
 * rename asks for: a Spark write of a partitioned Delta table starts several processes per Parquet
 * file, and each Delta commit a few more. Measured on a backfill ingest of 952 raw files into nine
 * partitioned bronze tables: 150 s with the stock class, 71 s with this one (docs/performance.md).
 * Everything else is the stock class; with the native library present the stock code runs.
 *
 * <p>{@link SparkSessions} registers it for {@code file://} ({@code fs.file.impl}), and {@link Fs}
 * for {@code FileContext} ({@code fs.AbstractFileSystem.file.impl}), which Delta's log store uses
 * for its commits, when Spark runs locally. Other schemes (s3a, abfss, hdfs) are untouched.
 */
public class NioLocalFileSystem extends LocalFileSystem {

    /** Created by Hadoop's {@code FileSystem} factory through {@code fs.file.impl}. */
    public NioLocalFileSystem() {
        super(new Raw());
    }

    /** The raw (checksum-less) file system under both entry points. */
    public static class Raw extends RawLocalFileSystem {

        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (NativeIO.isAvailable() || permission.getStickyBit()) {
                // java.nio cannot set the sticky bit: Hadoop's chmod does, as before.
                super.setPermission(p, permission);
                return;
            }
            try {
                // Without the sticky bit the symbolic form is exactly rwxrwxrwx with dashes.
                Files.setPosixFilePermissions(pathToFile(p).toPath(),
                        PosixFilePermissions.fromString(permission.toString()));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(p, permission);
            }
        }

        /** A path that is not a symbolic link has its own status: no {@code readlink} process needed. */
        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            if (NativeIO.isAvailable() || Files.isSymbolicLink(pathToFile(f).toPath())) {
                return super.getFileLinkStatus(f);
            }
            return getFileStatus(f);
        }
    }

    /** {@code FileContext}'s view of {@link NioLocalFileSystem}: checksums over {@link Raw}, like Hadoop's {@code LocalFs}. */
    public static class Fs extends ChecksumFs {

        /** Created by Hadoop's {@code AbstractFileSystem} factory through {@code fs.AbstractFileSystem.file.impl}. */
        public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawFs(uri, conf));
        }
    }

    /** What Hadoop's {@code RawLocalFs} is, over {@link Raw}. */
    static class RawFs extends DelegateToFileSystem {

        RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new Raw(), conf, "file", false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public FsServerDefaults getServerDefaults(Path f) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            return true;
        }
    }
}
