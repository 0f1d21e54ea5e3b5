package dev.revlake.models.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

class FeatureSpecTest {

    private static final FeatureSpec SPEC = FeatureSpec.infer(columns(), Set.of("contact_id", "converted"));

    private static Map<String, ColumnType> columns() {
        Map<String, ColumnType> c = new LinkedHashMap<>();
        c.put("contact_id", ColumnType.CATEGORICAL);
        c.put("days_since_last_touch", ColumnType.NUMERIC);
        c.put("is_multi_device_30d", ColumnType.BOOLEAN);
        c.put("industry", ColumnType.CATEGORICAL);
        c.put("snapshot_date", ColumnType.IGNORED);
        c.put("converted", ColumnType.BOOLEAN);
        return c;
    }

    @Test
    void infersFeaturesInColumnOrderLeavingOutExcludedAndIgnoredColumns() {
        assertThat(SPEC.numeric()).containsExactly("days_since_last_touch", "is_multi_device_30d");
        assertThat(SPEC.booleans()).containsExactly("is_multi_device_30d");
        assertThat(SPEC.categorical()).containsExactly("industry");
        assertThat(FeatureSpec.fromMap(SPEC.toMap())).isEqualTo(SPEC);
    }

    @Test
    void missingValuesBecomeIndicatorsNotZeros() {
        Map<String, Object> values = new HashMap<>();
        values.put("days_since_last_touch", null);
        values.put("is_multi_device_30d", true);
        values.put("extra", "ignored");
        FeatureVector v = SPEC.vector(values);
        assertThat(v.numeric()).containsExactly(Double.NaN, 1.0);
        assertThat(v.categorical()).containsExactly((String) null);
        Example<Label> e = SPEC.example(v, new Label("true"), 2.5f);
        assertThat(e.getWeight()).isEqualTo(2.5f);
        List<String> names = new java.util.ArrayList<>();
        for (Feature f : e) {
            names.add(f.getName() + "=" + f.getValue());
        }
        assertThat(names).containsExactlyInAnyOrder("days_since_last_touch#missing=1.0", "is_multi_device_30d=1.0",
                "industry=(missing)=1.0");
        assertThat(FeatureSpec.columnOf("days_since_last_touch#missing")).isEqualTo("days_since_last_touch");
        assertThat(FeatureSpec.columnOf("industry=Retail=Goods")).isEqualTo("industry");
        assertThat(FeatureSpec.columnOf("is_multi_device_30d")).isEqualTo("is_multi_device_30d");
    }

    @Test
    void rejectsWrongTypesAndBadSpecsNamingTheColumn() {
        assertThatThrownBy(() -> SPEC.vector(Map.of("days_since_last_touch", "ten")))
                .hasMessage("Invalid value for numeric column days_since_last_touch: a String");
        assertThatThrownBy(() -> new FeatureSpec(List.of("a", "a"), Set.of(), List.of()))
                .hasMessage("Invalid feature spec: column a listed twice");
        assertThatThrownBy(() -> new FeatureSpec(List.of("a=b"), Set.of(), List.of()))
                .hasMessage("Invalid feature column name: a=b");
        assertThatThrownBy(() -> SPEC.example(new FeatureVector(new double[1], new String[1]), new Label("x"), 1f))
                .hasMessage("Invalid feature vector: 1 numeric and 1 categorical values for a spec of 2 and 1");
    }
}
