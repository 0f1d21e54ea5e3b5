package dev.revlake.models.registry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where model files live: a folder under the lake. Small on purpose so the registry works on a
 * local disk ({@link LocalModelStore}) and on the lake's own file system (the Spark jobs pass a
 * Hadoop-backed store for s3a:// or abfss:// lakes). Paths are relative and use {@code /}.
 */
public interface ModelStore {

    /** Writes a file whole, replacing it atomically where the file system allows. */
    void write(String path, byte[] bytes) throws IOException;

    /** The file's bytes, or empty when it does not exist. */
    Optional<byte[]> read(String path) throws IOException;

    /** Names of the entries directly in a folder (empty when the folder does not exist). */
    List<String> list(String folder) throws IOException;

    /** Where the store is, for messages. */
    String location();
}
