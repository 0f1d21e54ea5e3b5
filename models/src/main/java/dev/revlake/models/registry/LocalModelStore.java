package dev.revlake.models.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A {@link ModelStore} on the local file system; writes go to a temporary file renamed into place. */
public final class LocalModelStore implements ModelStore {

    private final Path root;

    public LocalModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void write(String path, byte[] bytes) throws IOException {
        Path target = resolve(path);
        Files.createDirectories(target.getParent());
        // Not createTempFile: its owner-only permissions would stay on the renamed file.
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        Path dir = resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    private Path resolve(String path) {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("Invalid model store path: " + path);
        }
        return p;
    }
}
