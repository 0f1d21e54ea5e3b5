package dev.revlake.models.scoring;

import java.util.ArrayList;
import java.util.List;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import dev.revlake.models.evaluation.Calibration;
import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;

/**
 * A calibrated binary classifier that scores one row or a batch from plain feature vectors and
 * explains each score. Scoring jobs load it once per executor JVM and share it between tasks.
 */
public final class ProbabilityPredictor {

    private final String algorithm;
    private final Model<Label> model;
    private final FeatureSpec spec;
    private final Calibration calibration;
    private final LinearExplainer<Label> explainer;
    /** For an XGBoost classifier, batches skip Tribuo's named examples (same probabilities, a fraction of the work). */
    private final XGBoostBinaryVectorScorer vectorScorer;

    /**
     * @param algorithm the champion algorithm, e.g. {@code xgboost}
     * @param model the Tribuo classifier (labels {@code true}/{@code false})
     * @param spec the columns it reads
     * @param calibration maps the classifier's probability of {@code true} to a calibrated one
     * @param explainer the standardized logistic regression of the same training run, whose
     *        contributions give the reasons
     */
    public ProbabilityPredictor(String algorithm, Model<Label> model, FeatureSpec spec, Calibration calibration,
            LinearExplainer<Label> explainer) {
        this.algorithm = algorithm;
        this.model = model;
        this.spec = spec;
        this.calibration = calibration;
        this.explainer = explainer;
        this.vectorScorer = XGBoostBinaryVectorScorer.of(model, spec, POSITIVE).orElse(null);
    }

    /** The champion algorithm, e.g. {@code xgboost}. */
    public String algorithm() {
        return algorithm;
    }

    /** The Tribuo classifier (labels {@code true}/{@code false}). */
    public Model<Label> model() {
        return model;
    }

    /** The columns it reads. */
    public FeatureSpec spec() {
        return spec;
    }

    /** Maps the classifier's probability of {@code true} to a calibrated one. */
    public Calibration calibration() {
        return calibration;
    }

    /** The standardized logistic regression whose contributions give the reasons. */
    public LinearExplainer<Label> explainer() {
        return explainer;
    }

    /** The positive class. */
    public static final Label POSITIVE = new Label("true");
    /** The negative class. */
    public static final Label NEGATIVE = new Label("false");

    /** The calibrated probability of one row. */
    public double probability(FeatureVector vector) {
        return calibration.apply(rawProbability(model.predict(example(vector))));
    }

    /** The calibrated probabilities of a batch (one model call, which XGBoost runs much faster). */
    public double[] probabilities(List<FeatureVector> vectors) {
        if (vectorScorer != null) {
            double[] p = vectorScorer.rawProbabilities(vectors);
            for (int i = 0; i < p.length; i++) {
                p[i] = calibration.apply(p[i]);
            }
            return p;
        }
        List<Prediction<Label>> predictions = model.predict(examples(vectors));
        double[] p = new double[predictions.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = calibration.apply(rawProbability(predictions.get(i)));
        }
        return p;
    }

    /**
     * The calibrated probabilities of a batch with each row's strongest {@code positives} raising and
     * {@code negatives} lowering factors: what scoring writes.
     */
    public List<Scored> scoreAndExplain(List<FeatureVector> vectors, int positives, int negatives) {
        double[] p = probabilities(vectors);
        List<Scored> scored = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            scored.add(new Scored(p[i], explainer.explain(vectors.get(i), positives, negatives)));
        }
        return scored;
    }

    /** One row's calibrated probability and its reasons. */
    public record Scored(double probability, Explanation explanation) {
    }

    /** The strongest factors raising and lowering a row's score. */
    public Explanation explain(FeatureVector vector, int positives, int negatives) {
        return explainer.explain(vector, positives, negatives);
    }

    /** The classifier's uncalibrated probability of {@code true}. */
    static double rawProbability(Prediction<Label> prediction) {
        var score = prediction.getOutputScores().get(POSITIVE.getLabel());
        return score == null ? 0.0 : score.getScore();
    }

    private List<Example<Label>> examples(List<FeatureVector> vectors) {
        List<Example<Label>> examples = new ArrayList<>(vectors.size());
        for (FeatureVector v : vectors) {
            examples.add(example(v));
        }
        return examples;
    }

    private Example<Label> example(FeatureVector vector) {
        return spec.example(vector, LabelFactory.UNKNOWN_LABEL, 1.0f);
    }
}
