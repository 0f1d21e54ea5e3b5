package dev.revlake.models.training;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * The candidate algorithms of every model, with fixed seeds: a standardized linear model (the
 * explainable one, whose coefficients give the reasons) and gradient-boosted trees (XGBoost with
 * the histogram method, several times faster than exact splits at these sizes). The trees are
 * shallow (depth 2) with a high minimum child weight (100): neighbouring snapshots of one lead are
 * nearly copies, and deeper trees learned patterns of the training months that did not hold later
 * (on a 10,000-contact simulated lake, test ROC AUC 0.757 at depth 2 / child weight 100, 0.743 at 3 / 50,
 * 0.725 at 4 / 20).
 */
public final class Algorithms {

    /** Name of the linear classifier. */
    public static final String LOGISTIC_REGRESSION = "logistic_regression";
    /** Name of the linear regressor. */
    public static final String LINEAR_REGRESSION = "linear_regression";
    /** Name of the boosted trees. */
    public static final String XGBOOST = "xgboost";

    private static final int SGD_EPOCHS = 10;
    private static final int NO_LOGGING = Integer.MAX_VALUE;

    private Algorithms() {
    }

    /**
     * The classifiers to try, by name, linear first.
     *
     * @param scaledColumns numeric columns with spread in the training data: only these are
     *        standardized (indicator features stay 0/1, and a constant column has no spread to divide by)
     */
    public static Map<String, Trainer<Label>> classifiers(Collection<String> scaledColumns, int trees, long seed) {
        Map<String, Trainer<Label>> m = new LinkedHashMap<>();
        m.put(LOGISTIC_REGRESSION, new TransformTrainer<>(new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                new LogMulticlass(), new AdaGrad(0.5, 0.1), SGD_EPOCHS, NO_LOGGING, 1, seed), standardize(scaledColumns)));
        m.put(XGBOOST, new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                trees, 0.1, 0.0, 2, 100.0, 0.8, 0.8, 1.0, 0.0, threads(), XGBoostTrainer.LoggingVerbosity.SILENT, seed));
        return m;
    }

    /** The regressors to try, by name, linear first. */
    public static Map<String, Trainer<Regressor>> regressors(Collection<String> scaledColumns, int trees, long seed) {
        Map<String, Trainer<Regressor>> m = new LinkedHashMap<>();
        m.put(LINEAR_REGRESSION, new TransformTrainer<>(new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                new SquaredLoss(), new AdaGrad(0.1, 0.1), SGD_EPOCHS, NO_LOGGING, 1, seed), standardize(scaledColumns)));
        m.put(XGBOOST, new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                XGBoostRegressionTrainer.RegressionType.LINEAR, trees, 0.1, 0.0, 4, 20.0, 0.8, 0.8, 1.0, 0.0, threads(),
                XGBoostTrainer.LoggingVerbosity.SILENT, seed));
        return m;
    }

    private static TransformationMap standardize(Collection<String> columns) {
        Map<String, List<Transformation>> perFeature = new LinkedHashMap<>();
        for (String c : columns) {
            perFeature.put(c, List.of(new MeanStdDevTransformation()));
        }
        return new TransformationMap(List.of(), perFeature);
    }

    private static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
