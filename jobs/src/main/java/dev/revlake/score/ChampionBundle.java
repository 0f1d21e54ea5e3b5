package dev.revlake.score;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.models.registry.ModelStore;
import dev.revlake.models.scoring.DurationPredictor;
import dev.revlake.models.scoring.ProbabilityPredictor;

/**
 * The files of one champion model version, read once on the driver and broadcast to the
 * executors, where each JVM loads the model from them once and keeps it: a few hundred kilobytes
 * travel per executor instead of a model per task, and executors never need access to the
 * registry's file system.
 *
 * @param name     model name in the registry
 * @param version  champion version
 * @param location registry location, for messages
 * @param files    file name → bytes of the version folder
 */
public record ChampionBundle(String name, String version, String location, Map<String, byte[]> files)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Loaded models per JVM, keyed by location, name and version. */
    private static final Map<String, Object> LOADED = new ConcurrentHashMap<>();

    public ChampionBundle {
        files = Map.copyOf(files);
    }

    /**
     * The champion of {@code name} in a registry.
     *
     * @throws IllegalStateException when the registry has no champion of that name, with what to run
     */
    public static ChampionBundle of(ModelRegistry registry, ModelStore store, String name) {
        String version = registry.champion(name).orElseThrow(() -> new IllegalStateException("No champion model "
                + name + " in the registry " + store.location() + ": run revlake train first"));
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (String file : store.list(name + "/" + version)) {
                files.put(file, store.read(name + "/" + version + "/" + file).orElseThrow());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model " + name + " " + version + " from " + store.location(),
                    e);
        }
        return new ChampionBundle(name, version, store.location(), files);
    }

    /** The probability model, loaded once per JVM. */
    public ProbabilityPredictor probability() {
        return (ProbabilityPredictor) LOADED.computeIfAbsent(key(),
                k -> registry().loadProbability(name, version));
    }

    /** The duration model, loaded once per JVM. */
    public DurationPredictor duration() {
        return (DurationPredictor) LOADED.computeIfAbsent(key(), k -> registry().loadDuration(name, version));
    }

    private String key() {
        return location + "|" + name + "|" + version;
    }

    private ModelRegistry registry() {
        String prefix = name + "/" + version + "/";
        return new ModelRegistry(new ModelStore() {
            @Override
            public void write(String path, byte[] bytes) {
                throw new UnsupportedOperationException("A broadcast model is read-only");
            }

            @Override
            public Optional<byte[]> read(String path) {
                return path.startsWith(prefix) ? Optional.ofNullable(files.get(path.substring(prefix.length())))
                        : Optional.empty();
            }

            @Override
            public List<String> list(String folder) {
                return folder.equals(name) ? List.of(version)
                        : folder.equals(name + "/" + version) ? List.copyOf(files.keySet()) : List.of();
            }

            @Override
            public String location() {
                return location;
            }
        });
    }
}
