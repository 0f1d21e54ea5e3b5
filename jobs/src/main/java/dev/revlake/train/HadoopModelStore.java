package dev.revlake.train;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import dev.revlake.models.registry.ModelStore;

/**
 * A {@link ModelStore} on the lake's own file system through Hadoop, so the registry lives beside
 * the tables whether the lake is a local folder, s3a:// or abfss://. A file is written under a
 * temporary name and renamed into place (atomic on HDFS and local disks; on object stores the
 * manifest, written last, marks a complete version).
 */
public final class HadoopModelStore implements ModelStore {

    private final Path root;
    private final Configuration conf;

    public HadoopModelStore(String root, Configuration conf) {
        this.root = new Path(root);
        this.conf = conf;
    }

    @Override
    public void write(String path, byte[] bytes) throws IOException {
        Path target = resolve(path);
        FileSystem fs = target.getFileSystem(conf);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("Cannot rename " + tmp + " to " + target);
        }
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        Path p = resolve(path);
        FileSystem fs = p.getFileSystem(conf);
        try (InputStream in = fs.open(p)) {
            return Optional.of(in.readAllBytes());
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        Path p = resolve(folder);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            return List.of();
        }
        FileStatus[] entries = fs.listStatus(p);
        return Arrays.stream(entries).map(s -> s.getPath().getName()).filter(n -> !n.startsWith(".")).sorted()
                .toList();
    }

    @Override
    public String location() {
        return root.toString();
    }

    private Path resolve(String path) {
        if (path.contains("..")) {
            throw new IllegalArgumentException("Invalid model store path: " + path);
        }
        return path.isEmpty() ? root : new Path(root, path);
    }
}
