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
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;

import dev.revlake.models.evaluation.BinaryMetrics;
import dev.revlake.models.evaluation.Calibration;
import dev.revlake.models.evaluation.IsotonicCalibration;
import dev.revlake.models.evaluation.PlattScaling;
import dev.revlake.models.evaluation.RankingCurves;
import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.scoring.LinearExplainer;
import dev.revlake.models.scoring.ProbabilityPredictor;

/**
 * Trains a calibrated binary classifier the same way for every use: time split, class weights,
 * every candidate algorithm trained on the oldest part, calibrated (Platt) and compared on the
 * validation part by log loss, the winner reported on the newest part beside the baseline, the
 * oracle when known and the current champion.
 */
public final class ProbabilityModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ProbabilityModelTrainer.class);
    /** A challenger must lower the champion's test log loss by more than this to replace it. */
    static final double PROMOTION_MARGIN = 1e-9;
    /** Points per ROC and precision-recall curve in the report: enough to draw, small in JSON. */
    private static final int CURVE_POINTS = 50;

    private final TrainingSettings settings;

    public ProbabilityModelTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /**
     * Trains and evaluates.
     *
     * @param description what the data is, for Tribuo's dataset provenance
     * @param rows labelled rows (label 1 or 0); weights are sampling weights
     * @param baseline the rule to beat, or {@code null} for none
     * @param provenance extra facts stored in the model's Tribuo provenance (table, version, dates)
     * @param champion the current champion, compared on the test rows it never saw; {@code null} if none
     * @throws TrainingDataException when the data cannot train a trustworthy model
     */
    public ProbabilityTrainingResult train(String description, List<LabeledRow> rows, FeatureSpec spec,
            Baseline baseline, Map<String, Provenance> provenance, Champion<ProbabilityPredictor> champion) {
        checkClasses(rows);
        SplitRows parts = new SplitRows(rows, TimeSplit.byShares(rows, settings.validationShare(), settings.testShare()));
        checkMinimum(parts);

        MutableDataset<Label> train = dataset(description, parts.train, spec);
        boolean[] yValidation = SplitRows.labels(parts.validation);
        double[] wValidation = SplitRows.weights(parts.validation);
        boolean[] yTest = SplitRows.labels(parts.test);
        double[] wTest = SplitRows.weights(parts.test);

        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (Map.Entry<String, Trainer<Label>> e : Algorithms.classifiers(parts.columnsWithSpread(spec),
                settings.trees(), settings.seed()).entrySet()) {
            long start = System.nanoTime();
            Model<Label> model = e.getValue().train(train, provenance);
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] rawValidation = rawProbabilities(model, spec, parts.validation);
            Calibration calibration = new PlattScaling().fit(rawValidation, yValidation, wValidation);
            BinaryMetrics validation = BinaryMetrics.of(apply(calibration, rawValidation), yValidation, wValidation);
            double[] testProbabilities = apply(calibration, rawProbabilities(model, spec, parts.test));
            BinaryMetrics test = BinaryMetrics.of(testProbabilities, yTest, wTest);
            candidates.put(e.getKey(), new Candidate(model, calibration, validation, test, testProbabilities, seconds));
            LOG.info("model={} algorithm={} trained in {} s on {} rows; validation log loss {} auc {}", description,
                    e.getKey(), String.format("%.1f", seconds), parts.train.size(),
                    String.format("%.4f", validation.logLoss()), String.format("%.4f", validation.rocAuc()));
        }
        String best = candidates.entrySet().stream()
                .min((a, b) -> Double.compare(a.getValue().validation.logLoss(), b.getValue().validation.logLoss()))
                .orElseThrow().getKey();
        Candidate winner = candidates.get(best);
        LinearExplainer<Label> explainer = new LinearExplainer<>(candidates.get(Algorithms.LOGISTIC_REGRESSION).model,
                spec, ProbabilityPredictor.POSITIVE);
        ProbabilityPredictor predictor = new ProbabilityPredictor(best, winner.model, spec, winner.calibration, explainer);

        BinaryMetrics baselineTest = baseline == null ? null : baselineMetrics(baseline, spec, parts);
        Oracle oracle = oracle(parts.test, winner.testProbabilities);
        BinaryMetrics championTest = null;
        String decision;
        boolean promoted;
        List<LabeledRow> unseen = champion == null ? List.of() : champion.unseen(parts.test);
        long unseenPositives = SplitRows.positives(unseen);
        String reason = Champion.promotedWithoutComparison(champion, champion == null ? null
                : champion.predictor().spec(), spec, unseenPositives >= settings.minEvaluationPositives()
                        && unseen.size() - unseenPositives >= settings.minEvaluationPositives());
        if (reason != null) {
            promoted = true;
            decision = reason;
        } else {
            boolean[] y = SplitRows.labels(unseen);
            double[] w = SplitRows.weights(unseen);
            championTest = BinaryMetrics.of(champion.predictor().probabilities(SplitRows.vectors(unseen)), y, w);
            BinaryMetrics challenger = unseen.size() == parts.test.size() ? winner.test
                    : BinaryMetrics.of(predictor.probabilities(SplitRows.vectors(unseen)), y, w);
            promoted = challenger.logLoss() < championTest.logLoss() - PROMOTION_MARGIN;
            decision = String.format("test log loss %.5f vs champion %.5f on the same %d rows: %s",
                    challenger.logLoss(), championTest.logLoss(), unseen.size(), promoted ? "promoted" : "champion kept");
        }

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("split", parts.describe());
        details.put("positive_class_weight", positiveClassWeight(parts.train));
        Map<String, Object> byCandidate = new LinkedHashMap<>();
        candidates.forEach((name, c) -> byCandidate.put(name, c.toMap()));
        details.put("candidates", byCandidate);
        details.put("reliability_test", dev.revlake.models.evaluation.ReliabilityBin.reliability(
                winner.testProbabilities, yTest, wTest, 10));
        Map<String, Object> curves = new LinkedHashMap<>();
        curves.put("model", RankingCurves.of(winner.testProbabilities, yTest, wTest, CURVE_POINTS));
        if (baseline != null) {
            curves.put("baseline", RankingCurves.of(baselineRanking(baseline, spec, parts.test), yTest, wTest,
                    CURVE_POINTS));
        }
        details.put("curves_test", curves);
        details.put("top_features", TopFeatures.of(winner.model, 15));
        details.put("example_explanations", examples(predictor, parts.test, winner.testProbabilities, 3));
        return new ProbabilityTrainingResult(predictor, parts.split, winner.test, baselineTest, oracle.oracle,
                oracle.model, championTest, promoted, decision, details);
    }

    /** The highest-scored test rows with their reasons, so a report shows what reps will read. */
    private static List<Map<String, Object>> examples(ProbabilityPredictor predictor, List<LabeledRow> test,
            double[] p, int n) {
        return java.util.stream.IntStream.range(0, test.size()).boxed()
                .sorted((a, b) -> Double.compare(p[b], p[a])).limit(n).map(i -> {
                    LabeledRow r = test.get(i);
                    var why = predictor.explain(r.features(), 3, 1);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", r.id());
                    m.put("date", r.time().toString());
                    m.put("probability", p[i]);
                    m.put("actual", r.isPositive());
                    m.put("reasons_for", why.positive().stream().map(x -> x.text()).toList());
                    m.put("reasons_against", why.negative().stream().map(x -> x.text()).toList());
                    return m;
                }).toList();
    }

    private void checkClasses(List<LabeledRow> rows) {
        long positives = SplitRows.positives(rows);
        if (rows.isEmpty()) {
            throw new TrainingDataException("No labelled rows to train on");
        }
        if (positives == 0 || positives == rows.size()) {
            throw new TrainingDataException(String.format("The label has one class: all %d rows are %s; a model"
                    + " needs both positive and negative examples", rows.size(), positives == 0 ? "negative"
                    : "positive"));
        }
    }

    /**
     * Positives are counted as distinct ids: one lead that converted is positive on up to 30
     * snapshots, but it is one conversion, and the rule is about conversions.
     */
    private void checkMinimum(SplitRows parts) {
        long trainPositives = SplitRows.distinctPositiveIds(parts.train);
        if (trainPositives < settings.minPositives()) {
            throw new TrainingDataException(String.format("Too few positive examples to train: %d in the training"
                    + " period (before %s); at least %d are needed. Wait for more outcomes or lower the minimum.",
                    trainPositives, parts.split.validationStart(), settings.minPositives()));
        }
        for (var part : List.of(Map.entry("validation", parts.validation), Map.entry("test", parts.test))) {
            long p = SplitRows.distinctPositiveIds(part.getValue());
            long n = part.getValue().stream().filter(r -> !r.isPositive()).map(LabeledRow::id).distinct().count();
            if (p < settings.minEvaluationPositives() || n < settings.minEvaluationPositives()) {
                throw new TrainingDataException(String.format("Too few examples to evaluate: the %s period has %d"
                        + " positive and %d negative ids; at least %d of each are needed.", part.getKey(), p, n,
                        settings.minEvaluationPositives()));
            }
        }
    }

    /** Weights the positives up so both classes weigh the same in training (no row is dropped). */
    private static double positiveClassWeight(List<LabeledRow> train) {
        double positive = 0;
        double negative = 0;
        for (LabeledRow r : train) {
            if (r.isPositive()) {
                positive += r.weight();
            } else {
                negative += r.weight();
            }
        }
        return negative / positive;
    }

    private static MutableDataset<Label> dataset(String description, List<LabeledRow> rows, FeatureSpec spec) {
        LabelFactory factory = new LabelFactory();
        double positiveWeight = positiveClassWeight(rows);
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance(description,
                OffsetDateTime.now(), factory), factory);
        for (LabeledRow r : rows) {
            Label label = r.isPositive() ? ProbabilityPredictor.POSITIVE : ProbabilityPredictor.NEGATIVE;
            float weight = (float) (r.weight() * (r.isPositive() ? positiveWeight : 1.0));
            data.add(spec.example(r.features(), label, weight));
        }
        return data;
    }

    private static double[] rawProbabilities(Model<Label> model, FeatureSpec spec, List<LabeledRow> rows) {
        List<Example<Label>> examples = new ArrayList<>(rows.size());
        for (LabeledRow r : rows) {
            examples.add(spec.example(r.features(), LabelFactory.UNKNOWN_LABEL, 1.0f));
        }
        return model.predict(examples).stream().mapToDouble(p -> {
            var s = p.getOutputScores().get(ProbabilityPredictor.POSITIVE.getLabel());
            return s == null ? 0.0 : s.getScore();
        }).toArray();
    }

    private static double[] apply(Calibration calibration, double[] raw) {
        double[] p = new double[raw.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = calibration.apply(raw[i]);
        }
        return p;
    }

    /**
     * The baseline on the test part: ranking metrics from its raw value; probability metrics from
     * the value itself when it is a probability, else after isotonic calibration on validation
     * (a points score has no probability scale of its own).
     */
    private static BinaryMetrics baselineMetrics(Baseline baseline, FeatureSpec spec, SplitRows parts) {
        double[] testValues = baselineValues(baseline, spec, parts.test);
        boolean[] yTest = SplitRows.labels(parts.test);
        double[] wTest = SplitRows.weights(parts.test);
        if (baseline.isProbability()) {
            return BinaryMetrics.of(baselineRanking(baseline, spec, parts.test), yTest, wTest);
        }
        Calibration calibration = new IsotonicCalibration().fit(squash(baselineValues(baseline, spec,
                parts.validation)), SplitRows.labels(parts.validation), SplitRows.weights(parts.validation));
        BinaryMetrics ranking = BinaryMetrics.of(squash(testValues), yTest, wTest);
        BinaryMetrics probability = BinaryMetrics.of(apply(calibration, squash(testValues)), yTest, wTest);
        return new BinaryMetrics(ranking.rows(), ranking.weightedRows(), ranking.weightedPositives(),
                ranking.baseRate(), ranking.rocAuc(), ranking.prAuc(), probability.logLoss(), probability.brierScore(),
                probability.expectedCalibrationError(), ranking.topDecileLift(), ranking.topDecileCapture());
    }

    /** The baseline as a score in [0, 1] with its own order: clipped when a probability, else squashed. */
    private static double[] baselineRanking(Baseline baseline, FeatureSpec spec, List<LabeledRow> rows) {
        double[] values = baselineValues(baseline, spec, rows);
        if (!baseline.isProbability()) {
            return squash(values);
        }
        double[] p = new double[values.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.min(1.0, Math.max(0.0, values[i]));
        }
        return p;
    }

    private static double[] baselineValues(Baseline baseline, FeatureSpec spec, List<LabeledRow> rows) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            double x = baseline.value(rows.get(i).features(), spec);
            v[i] = Double.isNaN(x) ? 0.0 : x;
        }
        return v;
    }

    /** A strictly increasing map of any real score into (0, 1): keeps the ranking, so AUC and lift. */
    private static double[] squash(double[] scores) {
        double[] p = new double[scores.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.5 + Math.atan(scores[i]) / Math.PI;
        }
        return p;
    }

    /** The oracle (true probabilities) and the model on the test rows where the oracle is known. */
    private static Oracle oracle(List<LabeledRow> test, double[] probabilities) {
        int[] known = java.util.stream.IntStream.range(0, test.size()).filter(i -> !Double.isNaN(test.get(i).oracle()))
                .toArray();
        List<LabeledRow> rows = java.util.Arrays.stream(known).mapToObj(test::get).toList();
        if (rows.isEmpty() || SplitRows.positives(rows) == 0 || SplitRows.positives(rows) == rows.size()) {
            return new Oracle(null, null);
        }
        boolean[] y = SplitRows.labels(rows);
        double[] w = SplitRows.weights(rows);
        double[] truth = rows.stream().mapToDouble(LabeledRow::oracle).toArray();
        double[] model = java.util.Arrays.stream(known).mapToDouble(i -> probabilities[i]).toArray();
        return new Oracle(BinaryMetrics.of(truth, y, w), BinaryMetrics.of(model, y, w));
    }

    private record Oracle(BinaryMetrics oracle, BinaryMetrics model) {
    }

    private record Candidate(Model<Label> model, Calibration calibration, BinaryMetrics validation, BinaryMetrics test,
            double[] testProbabilities, double trainSeconds) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("train_seconds", trainSeconds);
            m.put("calibration", Map.of("method", calibration.method(), "parameters", calibration.parameters()));
            m.put("validation", validation.toMap());
            m.put("test", test.toMap());
            return m;
        }
    }
}
