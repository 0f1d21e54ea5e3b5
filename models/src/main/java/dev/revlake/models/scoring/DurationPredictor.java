package dev.revlake.models.scoring;

import java.util.ArrayList;
import java.util.List;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;

/**
 * A regression of a duration in days (e.g. snapshot to close). The model predicts
 * {@code ln(1 + days)}, so its errors are relative (a deal 200 days out is less certain than one 10
 * days out); the band adds the out-of-sample residual quantiles of that log scale.
 *
 * @param algorithm the champion algorithm
 * @param model the Tribuo regressor of {@code ln(1 + days)}
 * @param spec the columns it reads
 * @param residualQuantiles residuals (actual − predicted, log scale) on the validation period at
 *        10 %, 20 %, …, 90 % (9 values, non-decreasing)
 * @param explainer the standardized linear regression of the same training run
 */
public record DurationPredictor(String algorithm, Model<Regressor> model, FeatureSpec spec, double[] residualQuantiles,
        LinearExplainer<Regressor> explainer) {

    public DurationPredictor {
        if (residualQuantiles.length != 9) {
            throw new IllegalArgumentException("Invalid residual quantiles: " + residualQuantiles.length
                    + " values, 9 needed (10 % .. 90 %)");
        }
        residualQuantiles = residualQuantiles.clone();
    }

    @Override
    public double[] residualQuantiles() {
        return residualQuantiles.clone();
    }

    /** The estimate for one row. */
    public DurationEstimate estimate(FeatureVector vector) {
        return estimate(logDays(model.predict(example(vector))));
    }

    /** The estimates of a batch. */
    public List<DurationEstimate> estimates(List<FeatureVector> vectors) {
        List<Example<Regressor>> examples = new ArrayList<>(vectors.size());
        for (FeatureVector v : vectors) {
            examples.add(example(v));
        }
        List<DurationEstimate> out = new ArrayList<>(vectors.size());
        for (Prediction<Regressor> p : model.predict(examples)) {
            out.add(estimate(logDays(p)));
        }
        return out;
    }

    /** The strongest factors lengthening and shortening a row's estimate. */
    public Explanation explain(FeatureVector vector, int positives, int negatives) {
        return explainer.explain(vector, positives, negatives);
    }

    /** Days from the log-scale prediction, never negative. */
    static double days(double logDays) {
        return Math.max(0.0, Math.expm1(logDays));
    }

    static double logDays(Prediction<Regressor> prediction) {
        return prediction.getOutput().getValues()[0];
    }

    private DurationEstimate estimate(double logDays) {
        double[] deciles = new double[9];
        for (int i = 0; i < 9; i++) {
            deciles[i] = days(logDays + residualQuantiles[i]);
        }
        return new DurationEstimate(days(logDays), deciles[0], deciles[8], deciles);
    }

    private Example<Regressor> example(FeatureVector vector) {
        return spec.example(vector, RegressionFactory.UNKNOWN_REGRESSOR, 1.0f);
    }
}
