package dev.revlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.testing.SharedSpark;

/**
 * The local file system RevLake's sessions use gives the permissions and statuses Hadoop's own
 * gives, and Spark and Delta's log store (through {@code FileContext}) get it for {@code file://}.
 */
class NioLocalFileSystemTest {

    @TempDir
    java.nio.file.Path dir;

    private static Configuration sessionConf() {
        return SharedSpark.get().sparkContext().hadoopConfiguration();
    }

    @Test
    void setsTheSamePermissionsAsHadoopsChmod() throws IOException {
        Configuration conf = new Configuration(false);
        RawLocalFileSystem stock = new RawLocalFileSystem();
        stock.initialize(URI.create("file:///"), conf);
        NioLocalFileSystem.Raw nio = new NioLocalFileSystem.Raw();
        nio.initialize(URI.create("file:///"), conf);
        for (short mode : new short[] {0644, 0600, 0755, 0700, 0750, 0711, 0640, 0444, 0777, 0000, 0421, 0124,
                01777, 01755}) {
            java.nio.file.Path a = Files.createDirectory(dir.resolve("stock-" + mode));
            java.nio.file.Path b = Files.createDirectory(dir.resolve("nio-" + mode));
            stock.setPermission(new Path(a.toUri()), new FsPermission(mode));
            nio.setPermission(new Path(b.toUri()), new FsPermission(mode));
            // The whole mode as the kernel holds it, sticky bit included.
            assertThat(Files.getAttribute(b, "unix:mode")).as("mode %o", mode)
                    .isEqualTo(Files.getAttribute(a, "unix:mode"));
            assertThat(((Integer) Files.getAttribute(b, "unix:mode")) & 07777).as("mode %o", mode).isEqualTo((int) mode);
        }
    }

    @Test
    void sparkWritesLocalFilesThroughIt() throws IOException {
        FileSystem fs = new Path(dir.toUri()).getFileSystem(sessionConf());
        assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
        assertThat(((NioLocalFileSystem) fs).getRawFileSystem()).isInstanceOf(NioLocalFileSystem.Raw.class);

        // Created through the session's file system, with the configuration's umask (022 by default),
        // files and folders get what Hadoop's own LocalFileSystem gives them.
        Path nested = new Path(dir.resolve("a/b/part-0.parquet").toUri());
        try (FSDataOutputStream out = fs.create(nested)) {
            out.write("rows".getBytes(StandardCharsets.UTF_8));
        }
        FileSystem stock = FileSystem.newInstance(URI.create("file:///"), withStockLocalFileSystem());
        assertThat(stock).isNotInstanceOf(NioLocalFileSystem.class);
        Path stockNested = new Path(dir.resolve("c/d/part-0.parquet").toUri());
        try (FSDataOutputStream out = stock.create(stockNested)) {
            out.write("rows".getBytes(StandardCharsets.UTF_8));
        }
        for (String[] pair : List.of(new String[] {"a/b/part-0.parquet", "c/d/part-0.parquet"},
                new String[] {"a/b/.part-0.parquet.crc", "c/d/.part-0.parquet.crc"},
                new String[] {"a", "c"}, new String[] {"a/b", "c/d"})) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(pair[0]))).as(pair[0])
                    .isEqualTo(Files.getPosixFilePermissions(dir.resolve(pair[1])));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/part-0.parquet"))))
                .isEqualTo(FsPermission.getFileDefault().applyUMask(FsPermission.getUMask(sessionConf())).toString());
        stock.close();
    }

    @Test
    void deltasLogStoreRenamesThroughItAndAnExistingCommitIsNeverReplaced() throws IOException {
        FileContext fc = FileContext.getFileContext(URI.create("file:///"), sessionConf());
        assertThat(fc.getDefaultFileSystem()).isInstanceOf(NioLocalFileSystem.Fs.class);
        Path log = new Path(dir.resolve("_delta_log").toUri());
        fc.mkdir(log, FsPermission.getDirDefault(), true);
        Path temp = new Path(log, ".00000000000000000001.json.tmp");
        Path commit = new Path(log, "00000000000000000001.json");
        write(fc, temp, "{\"commitInfo\":{}}");
        fc.rename(temp, commit, Options.Rename.NONE);
        assertThat(Files.readString(dir.resolve("_delta_log/00000000000000000001.json"))).isEqualTo("{\"commitInfo\":{}}");
        assertThat(dir.resolve("_delta_log/.00000000000000000001.json.crc")).exists();
        assertThat(dir.resolve("_delta_log/.00000000000000000001.json.tmp")).doesNotExist();

        // A second writer of the same version must lose: Delta's mutual exclusion on a local lake.
        Path rival = new Path(log, ".00000000000000000001.json.rival");
        write(fc, rival, "{\"commitInfo\":{\"rival\":true}}");
        assertThatThrownBy(() -> fc.rename(rival, commit, Options.Rename.NONE))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(dir.resolve("_delta_log/00000000000000000001.json"))).isEqualTo("{\"commitInfo\":{}}");
    }

    @Test
    void linkStatusesAreThoseOfHadoopsOwnClass() throws IOException {
        java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "x");
        java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link.txt"), target);
        Files.createDirectory(dir.resolve("folder"));
        RawLocalFileSystem stock = new RawLocalFileSystem();
        stock.initialize(URI.create("file:///"), new Configuration(false));
        NioLocalFileSystem.Raw nio = new NioLocalFileSystem.Raw();
        nio.initialize(URI.create("file:///"), new Configuration(false));
        // Both forms Hadoop is given: a qualified path (file:/..., what Spark and Delta pass; Hadoop's
        // readlink then never sees a link) and a bare one (where it does).
        for (Path p : List.of("target.txt", "link.txt", "folder").stream()
                .flatMap(n -> java.util.stream.Stream.of(new Path(dir.resolve(n).toUri()), new Path(dir.resolve(n).toString())))
                .toList()) {
            String name = p.toString();
            FileStatus expected = stock.getFileLinkStatus(p);
            FileStatus actual = nio.getFileLinkStatus(p);
            assertThat(actual.isSymlink()).as(name).isEqualTo(expected.isSymlink());
            assertThat(actual.isFile()).as(name).isEqualTo(expected.isFile());
            assertThat(actual.isDirectory()).as(name).isEqualTo(expected.isDirectory());
            assertThat(actual.getLen()).as(name).isEqualTo(expected.getLen());
            assertThat(actual.getPath()).as(name).isEqualTo(expected.getPath());
            assertThat(actual.getModificationTime()).as(name).isEqualTo(expected.getModificationTime());
            assertThat(actual.getPermission()).as(name).isEqualTo(expected.getPermission());
        }
        assertThatThrownBy(() -> nio.getFileLinkStatus(new Path(dir.resolve("missing").toUri())))
                .isInstanceOf(java.io.FileNotFoundException.class);
    }

    private static void write(FileContext fc, Path path, String text) throws IOException {
        try (FSDataOutputStream out = fc.create(path, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Configuration withStockLocalFileSystem() {
        Configuration conf = new Configuration(sessionConf());
        conf.set("fs.file.impl", org.apache.hadoop.fs.LocalFileSystem.class.getName());
        return conf;
    }
}
