package dev.revlake.models.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.Model;

/** A model's most important features in a JSON-friendly form, for reports. */
final class TopFeatures {

    private TopFeatures() {
    }

    /** Per output (or {@code ALL_OUTPUTS}): feature name and weight or importance, strongest first. */
    static Map<String, List<Map<String, Object>>> of(Model<?> model, int n) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        model.getTopFeatures(n).forEach((output, pairs) -> out.put(output, pairs.stream()
                .map(p -> Map.<String, Object>of("feature", p.getA(), "value", p.getB())).toList()));
        return out;
    }
}
