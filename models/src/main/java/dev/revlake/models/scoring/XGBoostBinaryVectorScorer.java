package dev.revlake.models.scoring;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

import dev.revlake.models.features.FeatureIds;
import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The raw probability of the positive class from a Tribuo XGBoost classifier, fed straight from
 * feature vectors. Tribuo's own path builds, sorts and looks up a named example per row before it
 * fills XGBoost's sparse matrix; here every column's feature ids are resolved once and each row's
 * matrix entries come from arrays. The matrix is the one Tribuo builds (the same ids in ascending
 * order, the same float values, the same width), so the booster returns the same numbers.
 */
final class XGBoostBinaryVectorScorer {

    private final FeatureSpec spec;
    private final Booster booster;
    private final int positiveColumn;
    private final int featureCount;
    private final FeatureIds ids;

    private XGBoostBinaryVectorScorer(XGBoostModel<Label> model, FeatureSpec spec, Label positive) {
        // Tribuo hands out a copy of its booster: taken once, not per batch.
        List<Booster> boosters = model.getInnerModels();
        if (boosters.size() != 1) {
            throw new IllegalArgumentException("Invalid XGBoost classifier: " + boosters.size() + " boosters");
        }
        this.spec = spec;
        this.booster = boosters.get(0);
        this.positiveColumn = model.getOutputIDInfo().getID(positive);
        this.featureCount = model.getFeatureIDMap().size();
        this.ids = new FeatureIds(spec, model.getFeatureIDMap());
    }

    /**
     * The scorer of a two-class XGBoost model that knows {@code positive}; empty for any other model,
     * which keeps Tribuo's path.
     */
    @SuppressWarnings("unchecked")
    static Optional<XGBoostBinaryVectorScorer> of(Model<Label> model, FeatureSpec spec, Label positive) {
        if (model instanceof XGBoostModel<?> xgboost && model.getOutputIDInfo().size() == 2
                && model.getOutputIDInfo().getID(positive) >= 0) {
            return Optional.of(new XGBoostBinaryVectorScorer((XGBoostModel<Label>) xgboost, spec, positive));
        }
        return Optional.empty();
    }

    /** The uncalibrated probability of the positive class of each vector. */
    double[] rawProbabilities(List<FeatureVector> vectors) {
        if (vectors.isEmpty()) {
            return new double[0];
        }
        long[] rowStarts = new long[vectors.size() + 1];
        int width = spec.numeric().size() + spec.categorical().size();
        int[] columns = new int[vectors.size() * width];
        float[] values = new float[columns.length];
        int n = 0;
        for (int r = 0; r < vectors.size(); r++) {
            spec.checkShape(vectors.get(r));
            int start = n;
            n = fill(vectors.get(r), columns, values, n);
            if (n == start) {
                throw new IllegalArgumentException("Invalid feature vector: row " + r + " has no feature the model knows");
            }
            sortByColumn(columns, values, start, n);
            rowStarts[r + 1] = n;
        }
        DMatrix matrix = null;
        try {
            matrix = new DMatrix(rowStarts, Arrays.copyOf(columns, n), Arrays.copyOf(values, n),
                    DMatrix.SparseType.CSR, featureCount);
            float[][] predicted = booster.predict(matrix);
            double[] p = new double[predicted.length];
            for (int r = 0; r < p.length; r++) {
                p[r] = predicted[r][positiveColumn];
            }
            return p;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to score a batch of " + vectors.size() + " rows", e);
        } finally {
            if (matrix != null) {
                matrix.dispose();
            }
        }
    }

    /** Appends one row's known features from {@code at}; returns the end. Values as Tribuo casts them. */
    private int fill(FeatureVector vector, int[] columns, float[] values, int at) {
        int n = at;
        double[] numeric = vector.numeric();
        for (int i = 0; i < numeric.length; i++) {
            int id = ids.numericFeature(i, numeric[i]);
            if (id >= 0) {
                columns[n] = id;
                values[n++] = (float) FeatureSpec.numericFeatureValue(numeric[i]);
            }
        }
        String[] categorical = vector.categorical();
        for (int i = 0; i < categorical.length; i++) {
            int id = ids.categoricalFeature(i, categorical[i]);
            if (id >= 0) {
                columns[n] = id;
                values[n++] = 1.0f;
            }
        }
        return n;
    }

    /** Insertion sort of one row's entries by feature id (a row holds a few dozen). */
    private static void sortByColumn(int[] columns, float[] values, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int c = columns[i];
            float v = values[i];
            int j = i - 1;
            while (j >= from && columns[j] > c) {
                columns[j + 1] = columns[j];
                values[j + 1] = values[j];
                j--;
            }
            columns[j + 1] = c;
            values[j + 1] = v;
        }
    }
}
