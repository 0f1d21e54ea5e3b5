package dev.revlake.models.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;

import dev.revlake.models.evaluation.Calibration;
import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.scoring.DurationPredictor;
import dev.revlake.models.scoring.LinearExplainer;
import dev.revlake.models.scoring.ProbabilityPredictor;

/**
 * Versioned models under the lake: {@code <name>/<version>/} holds {@code model.tribuo} (Tribuo's
 * protobuf format), {@code explainer.tribuo} (the linear model behind the reasons, when the
 * champion is another algorithm), {@code provenance.json} (Tribuo provenance: trainer, its
 * settings, dataset, training time, the extra facts of the run), {@code manifest.json} (what is
 * needed to load and score: feature columns, calibration, residual band; plus training data range
 * and table version) and {@code report.json} (metrics beside baselines). {@code <name>/champion.json}
 * names the version that scores. Versions are {@code v0001}, {@code v0002}, ….
 */
public final class ModelRegistry {

    /** Kind of a probability model in manifests. */
    public static final String PROBABILITY = "probability";
    /** Kind of a duration model in manifests. */
    public static final String DURATION = "duration";
    private static final Pattern VERSION = Pattern.compile("v\\d{4,}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ModelStore store;

    public ModelRegistry(ModelStore store) {
        this.store = store;
    }

    /** Where the registry is, for messages. */
    public String location() {
        return store.location();
    }

    /** Registered versions of a model, oldest first. */
    public List<String> versions(String name) {
        try {
            return store.list(name).stream().filter(v -> VERSION.matcher(v).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list versions of model " + name + " in " + store.location(), e);
        }
    }

    /** The version a new training run of the model gets. */
    public String nextVersion(String name) {
        List<String> v = versions(name);
        int last = v.isEmpty() ? 0 : Integer.parseInt(v.get(v.size() - 1).substring(1));
        return String.format("v%04d", last + 1);
    }

    /** Saves a probability model version (not yet champion). */
    public void save(String name, String version, ProbabilityPredictor p, Map<String, Object> trainingData,
            Map<String, Object> report) {
        Map<String, Object> manifest = manifest(name, version, PROBABILITY, p.algorithm(), p.spec(), trainingData);
        manifest.put("calibration", Map.of("method", p.calibration().method(), "parameters",
                p.calibration().parameters()));
        write(name, version, p.model(), p.explainer().model(), manifest, report);
    }

    /** Saves a duration model version (not yet champion). */
    public void save(String name, String version, DurationPredictor p, Map<String, Object> trainingData,
            Map<String, Object> report) {
        Map<String, Object> manifest = manifest(name, version, DURATION, p.algorithm(), p.spec(), trainingData);
        manifest.put("residual_quantiles", p.residualQuantiles());
        write(name, version, p.model(), p.explainer().model(), manifest, report);
    }

    /** Makes a saved version the champion that scores. */
    public void promote(String name, String version, String decision) {
        if (!versions(name).contains(version)) {
            throw new IllegalArgumentException("Unknown version " + version + " of model " + name);
        }
        Map<String, Object> pointer = new LinkedHashMap<>();
        pointer.put("version", version);
        pointer.put("promoted_at", Instant.now().toString());
        pointer.put("decision", decision);
        writeJson(name + "/champion.json", pointer);
    }

    /** The champion's version, if any. */
    public Optional<String> champion(String name) {
        return readJson(name + "/champion.json").map(m -> (String) m.get("version"));
    }

    /** A version's manifest. */
    public Map<String, Object> manifest(String name, String version) {
        return readJson(name + "/" + version + "/manifest.json").orElseThrow(() -> new IllegalArgumentException(
                "Unknown version " + version + " of model " + name + " in " + store.location()));
    }

    /** A version's report (metrics). */
    public Map<String, Object> report(String name, String version) {
        return readJson(name + "/" + version + "/report.json").orElseThrow(() -> new IllegalArgumentException(
                "No report for version " + version + " of model " + name));
    }

    /** The champion probability model, if any. */
    public Optional<ProbabilityPredictor> probabilityChampion(String name) {
        return champion(name).map(v -> loadProbability(name, v));
    }

    /** The champion duration model, if any. */
    public Optional<DurationPredictor> durationChampion(String name) {
        return champion(name).map(v -> loadDuration(name, v));
    }

    /** Loads a probability model version. */
    @SuppressWarnings("unchecked")
    public ProbabilityPredictor loadProbability(String name, String version) {
        Map<String, Object> m = checkKind(name, version, PROBABILITY);
        FeatureSpec spec = FeatureSpec.fromMap((Map<String, Object>) m.get("spec"));
        Map<String, Object> calibration = (Map<String, Object>) m.get("calibration");
        Model<Label> model = loadModel(name, version, "model.tribuo", Label.class);
        Model<Label> explainer = loadExplainer(name, version, model, Label.class);
        return new ProbabilityPredictor((String) m.get("algorithm"), model, spec,
                Calibration.fromParameters((String) calibration.get("method"),
                        (Map<String, Object>) calibration.get("parameters")),
                new LinearExplainer<>(explainer, spec, ProbabilityPredictor.POSITIVE));
    }

    /** Loads a duration model version. */
    @SuppressWarnings("unchecked")
    public DurationPredictor loadDuration(String name, String version) {
        Map<String, Object> m = checkKind(name, version, DURATION);
        FeatureSpec spec = FeatureSpec.fromMap((Map<String, Object>) m.get("spec"));
        double[] q = ((List<Number>) m.get("residual_quantiles")).stream().mapToDouble(Number::doubleValue).toArray();
        Model<Regressor> model = loadModel(name, version, "model.tribuo", Regressor.class);
        Model<Regressor> explainer = loadExplainer(name, version, model, Regressor.class);
        return new DurationPredictor((String) m.get("algorithm"), model, spec, q,
                new LinearExplainer<>(explainer, spec, null));
    }

    private Map<String, Object> checkKind(String name, String version, String kind) {
        Map<String, Object> m = manifest(name, version);
        if (!kind.equals(m.get("kind"))) {
            throw new IllegalArgumentException("Model " + name + " " + version + " is a " + m.get("kind")
                    + " model, not a " + kind + " model");
        }
        return m;
    }

    private static Map<String, Object> manifest(String name, String version, String kind, String algorithm,
            FeatureSpec spec, Map<String, Object> trainingData) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("version", version);
        m.put("kind", kind);
        m.put("algorithm", algorithm);
        m.put("trained_at", Instant.now().toString());
        m.put("training_data", trainingData);
        m.put("spec", spec.toMap());
        return m;
    }

    private void write(String name, String version, Model<?> model, Model<?> explainer, Map<String, Object> manifest,
            Map<String, Object> report) {
        if (versions(name).contains(version)) {
            throw new IllegalStateException("Model " + name + " " + version + " already exists in "
                    + store.location());
        }
        String dir = name + "/" + version + "/";
        try {
            store.write(dir + "model.tribuo", bytes(model));
            if (explainer != model) {
                store.write(dir + "explainer.tribuo", bytes(explainer));
            }
            String provenance = new JsonProvenanceSerialization(true)
                    .serializeToString(ProvenanceUtil.marshalProvenance(model.getProvenance()));
            store.write(dir + "provenance.json", provenance.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save model " + name + " " + version + " in " + store.location(), e);
        }
        writeJson(dir + "report.json", report);
        // The manifest last: a version without one is an interrupted save and is never loaded.
        writeJson(dir + "manifest.json", manifest);
    }

    private <T extends Output<T>> Model<T> loadModel(String name, String version, String file, Class<T> type) {
        try {
            byte[] bytes = store.read(name + "/" + version + "/" + file).orElseThrow(() ->
                    new IllegalArgumentException("Model " + name + " " + version + " has no " + file));
            return Model.deserializeFromStream(new ByteArrayInputStream(bytes)).castModel(type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model " + name + " " + version + ": " + e.getMessage(), e);
        }
    }

    private <T extends Output<T>> Model<T> loadExplainer(String name, String version, Model<T> model, Class<T> type) {
        try {
            return store.read(name + "/" + version + "/explainer.tribuo").isPresent()
                    ? loadModel(name, version, "explainer.tribuo", type) : model;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model " + name + " " + version + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Model<?> model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.serializeToStream(out);
        return out.toByteArray();
    }

    private void writeJson(String path, Map<String, Object> content) {
        try {
            store.write(path, JSON.writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path + " in " + store.location(), e);
        }
    }

    private Optional<Map<String, Object>> readJson(String path) {
        try {
            Optional<byte[]> bytes = store.read(path);
            return bytes.isEmpty() ? Optional.empty() : Optional.of(JSON.readValue(bytes.get(), MAP));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " in " + store.location() + ": " + e.getMessage(), e);
        }
    }
}
