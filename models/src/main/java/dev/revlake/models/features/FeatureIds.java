package dev.revlake.models.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.VariableInfo;

/**
 * The ids a trained Tribuo model gave the features of a spec's columns, resolved once, so that hot
 * paths turn a {@link FeatureVector} into feature ids without building names per row.
 */
public final class FeatureIds {

    private final int[] valueFeature;
    private final int[] missingFeature;
    private final List<Map<String, Integer>> categoryFeature = new ArrayList<>();

    /** Resolves every column of {@code spec} in the model's feature map {@code ids}. */
    public FeatureIds(FeatureSpec spec, ImmutableFeatureMap ids) {
        valueFeature = new int[spec.numeric().size()];
        missingFeature = new int[valueFeature.length];
        for (int i = 0; i < valueFeature.length; i++) {
            valueFeature[i] = ids.getID(spec.numeric().get(i));
            missingFeature[i] = ids.getID(spec.numeric().get(i) + FeatureSpec.MISSING_SUFFIX);
        }
        for (int i = 0; i < spec.categorical().size(); i++) {
            categoryFeature.add(new HashMap<>());
        }
        for (VariableInfo info : ids) {
            String name = info.getName();
            int eq = name.indexOf('=');
            int column = eq > 0 ? spec.categorical().indexOf(name.substring(0, eq)) : -1;
            if (column >= 0) {
                categoryFeature.get(column).put(name.substring(eq + 1), ids.getID(name));
            }
        }
    }

    /**
     * The feature id of numeric column {@code column} holding {@code value}: its missing indicator's
     * when the value is {@code NaN}; -1 when the model has no such feature.
     */
    public int numericFeature(int column, double value) {
        return Double.isNaN(value) ? missingFeature[column] : valueFeature[column];
    }

    /** The feature id of categorical column {@code column} holding {@code value} ({@code null}: missing); -1 when unknown. */
    public int categoricalFeature(int column, String value) {
        Integer id = categoryFeature.get(column).get(value == null ? FeatureSpec.MISSING_CATEGORY : value);
        return id == null ? -1 : id;
    }
}
