package dev.revlake.models.training;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;

import dev.revlake.models.evaluation.RegressionMetrics;
import dev.revlake.models.evaluation.WeightedQuantiles;
import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.scoring.DurationPredictor;
import dev.revlake.models.scoring.LinearExplainer;

/**
 * Trains a regression of a duration in days (snapshot to close) the same way as the classifiers:
 * time split, every candidate trained on {@code ln(1 + days)} of the oldest part, compared on the
 * validation part by mean absolute error in days, the winner's residual quantiles taken on
 * validation (the uncertainty band), and everything reported on the newest part beside the
 * baseline and the current champion.
 */
public final class DurationModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(DurationModelTrainer.class);
    /** The tolerance of the "within" share: two weeks either way. */
    public static final double TOLERANCE_DAYS = 14.0;
    private static final String TARGET = "log_days";

    private final TrainingSettings settings;

    public DurationModelTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /**
     * Trains and evaluates.
     *
     * @param rows labelled rows: label = days (≥ 0)
     * @param baseline the days the team would have said (e.g. the CRM close date), or {@code null}
     * @param champion the current champion, or {@code null}
     */
    public DurationTrainingResult train(String description, List<LabeledRow> rows, FeatureSpec spec,
            Baseline baseline, Map<String, Provenance> provenance, Champion<DurationPredictor> champion) {
        for (LabeledRow r : rows) {
            if (r.label() < 0) {
                throw new TrainingDataException("Invalid duration label of row " + r.id() + ": " + r.label()
                        + " days (must be >= 0)");
            }
        }
        if (rows.isEmpty()) {
            throw new TrainingDataException("No labelled rows to train on");
        }
        SplitRows parts = new SplitRows(rows, TimeSplit.byShares(rows, settings.validationShare(), settings.testShare()));
        checkMinimum(parts);
        MutableDataset<Regressor> train = dataset(description, parts.train, spec);
        double[] yValidation = SplitRows.values(parts.validation);
        double[] wValidation = SplitRows.weights(parts.validation);
        double[] yTest = SplitRows.values(parts.test);
        double[] wTest = SplitRows.weights(parts.test);

        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (Map.Entry<String, Trainer<Regressor>> e : Algorithms.regressors(parts.columnsWithSpread(spec),
                settings.trees(), settings.seed()).entrySet()) {
            long start = System.nanoTime();
            Model<Regressor> model = e.getValue().train(train, provenance);
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] logValidation = logPredictions(model, spec, parts.validation);
            double[] logTest = logPredictions(model, spec, parts.test);
            candidates.put(e.getKey(), new Candidate(model, logValidation,
                    RegressionMetrics.of(days(logValidation), yValidation, wValidation, TOLERANCE_DAYS),
                    RegressionMetrics.of(days(logTest), yTest, wTest, TOLERANCE_DAYS), seconds));
            LOG.info("model={} algorithm={} trained in {} s on {} rows", description, e.getKey(),
                    String.format("%.1f", seconds), parts.train.size());
        }
        String best = candidates.entrySet().stream().min((a, b) -> Double.compare(
                a.getValue().validation.meanAbsoluteError(), b.getValue().validation.meanAbsoluteError()))
                .orElseThrow().getKey();
        Candidate winner = candidates.get(best);
        double[] residuals = new double[yValidation.length];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = Math.log1p(yValidation[i]) - winner.logValidation[i];
        }
        double[] quantiles = new double[9];
        for (int q = 1; q <= 9; q++) {
            quantiles[q - 1] = WeightedQuantiles.quantile(residuals, wValidation, q / 10.0);
        }
        DurationPredictor predictor = new DurationPredictor(best, winner.model, spec, quantiles,
                new LinearExplainer<>(candidates.get(Algorithms.LINEAR_REGRESSION).model, spec, null));

        double bandCoverage = bandCoverage(predictor, parts.test);
        RegressionMetrics baselineTest = null;
        if (baseline != null) {
            double[] b = new double[parts.test.size()];
            for (int i = 0; i < b.length; i++) {
                double v = baseline.value(parts.test.get(i).features(), spec);
                b[i] = Double.isNaN(v) ? 0.0 : Math.max(0.0, v);
            }
            baselineTest = RegressionMetrics.of(b, yTest, wTest, TOLERANCE_DAYS);
        }
        RegressionMetrics championTest = null;
        boolean promoted;
        String decision;
        List<LabeledRow> unseen = champion == null ? List.of() : champion.unseen(parts.test);
        String reason = Champion.promotedWithoutComparison(champion, champion == null ? null
                : champion.predictor().spec(), spec, unseen.size() >= settings.minEvaluationPositives());
        if (reason != null) {
            promoted = true;
            decision = reason;
        } else {
            double[] y = SplitRows.values(unseen);
            double[] w = SplitRows.weights(unseen);
            championTest = RegressionMetrics.of(days(champion.predictor(), unseen), y, w, TOLERANCE_DAYS);
            RegressionMetrics challenger = RegressionMetrics.of(days(predictor, unseen), y, w, TOLERANCE_DAYS);
            promoted = challenger.meanAbsoluteError() < championTest.meanAbsoluteError() - 1e-9;
            decision = String.format("test MAE %.3f vs champion %.3f days on the same %d rows: %s",
                    challenger.meanAbsoluteError(), championTest.meanAbsoluteError(), unseen.size(),
                    promoted ? "promoted" : "champion kept");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("split", parts.describe());
        details.put("target", "ln(1 + days)");
        Map<String, Object> byCandidate = new LinkedHashMap<>();
        candidates.forEach((name, c) -> byCandidate.put(name, Map.of("train_seconds", c.trainSeconds,
                "validation", c.validation.toMap(), "test", c.test.toMap())));
        details.put("candidates", byCandidate);
        details.put("residual_quantiles_log_scale", quantiles);
        details.put("top_features", TopFeatures.of(winner.model, 15));
        details.put("example_explanations", parts.test.stream().limit(3).map(r -> {
            var estimate = predictor.estimate(r.features());
            var why = predictor.explain(r.features(), 3, 1);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("date", r.time().toString());
            m.put("predicted_days", estimate.days());
            m.put("p10_days", estimate.lowDays());
            m.put("p90_days", estimate.highDays());
            m.put("actual_days", r.label());
            m.put("reasons_later", why.positive().stream().map(x -> x.text()).toList());
            m.put("reasons_sooner", why.negative().stream().map(x -> x.text()).toList());
            return m;
        }).toList());
        return new DurationTrainingResult(predictor, parts.split, winner.test, bandCoverage, baselineTest,
                championTest, promoted, decision, details);
    }

    /** Counted as distinct ids (deals), not snapshots: one deal is one outcome. */
    private void checkMinimum(SplitRows parts) {
        long train = distinctIds(parts.train);
        if (train < settings.minPositives()) {
            throw new TrainingDataException(String.format("Too few outcomes to train: %d distinct ids in the training"
                    + " period (before %s); at least %d are needed. Wait for more outcomes or lower the minimum.",
                    train, parts.split.validationStart(), settings.minPositives()));
        }
        for (var part : List.of(Map.entry("validation", parts.validation), Map.entry("test", parts.test))) {
            long n = distinctIds(part.getValue());
            if (n < settings.minEvaluationPositives()) {
                throw new TrainingDataException(String.format("Too few outcomes to evaluate: the %s period has %d"
                        + " distinct ids; at least %d are needed.", part.getKey(), n,
                        settings.minEvaluationPositives()));
            }
        }
    }

    private static long distinctIds(List<LabeledRow> rows) {
        return rows.stream().map(LabeledRow::id).distinct().count();
    }

    private static double[] days(DurationPredictor predictor, List<LabeledRow> rows) {
        return predictor.estimates(SplitRows.vectors(rows)).stream()
                .mapToDouble(dev.revlake.models.scoring.DurationEstimate::days).toArray();
    }

    /** Share of test rows whose actual days fall inside the predicted P10–P90 band. */
    private static double bandCoverage(DurationPredictor predictor, List<LabeledRow> test) {
        var estimates = predictor.estimates(SplitRows.vectors(test));
        double inside = 0;
        double total = 0;
        for (int i = 0; i < test.size(); i++) {
            double actual = test.get(i).label();
            var e = estimates.get(i);
            total += test.get(i).weight();
            if (actual >= e.lowDays() && actual <= e.highDays()) {
                inside += test.get(i).weight();
            }
        }
        return inside / total;
    }

    private static MutableDataset<Regressor> dataset(String description, List<LabeledRow> rows, FeatureSpec spec) {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance(description,
                OffsetDateTime.now(), factory), factory);
        for (LabeledRow r : rows) {
            data.add(spec.example(r.features(), new Regressor(TARGET, Math.log1p(r.label())), (float) r.weight()));
        }
        return data;
    }

    private static double[] logPredictions(Model<Regressor> model, FeatureSpec spec, List<LabeledRow> rows) {
        List<Example<Regressor>> examples = new ArrayList<>(rows.size());
        for (LabeledRow r : rows) {
            examples.add(spec.example(r.features(), RegressionFactory.UNKNOWN_REGRESSOR, 1.0f));
        }
        return model.predict(examples).stream().mapToDouble((Prediction<Regressor> p) -> p.getOutput().getValues()[0])
                .toArray();
    }

    private static double[] days(double[] logDays) {
        double[] d = new double[logDays.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0.0, Math.expm1(logDays[i]));
        }
        return d;
    }

    private record Candidate(Model<Regressor> model, double[] logValidation, RegressionMetrics validation,
            RegressionMetrics test, double trainSeconds) {
    }
}
