package dev.revlake.models.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Platt scaling on the logit of the score: {@code p = 1 / (1 + exp(a * logit(s) + b))}, with
 * {@code s} clipped to [1e-6, 1 - 1e-6]. Fitting on the logit rather than the raw score makes the
 * identity map representable ({@code a = -1, b = 0}), so an already calibrated model stays as it is.
 * Sign convention as in Platt's paper: {@code a} is negative when higher scores mean more positives;
 * {@code a = -2} sharpens over-cautious scores and {@code -1 < a < 0} softens over-confident ones.
 *
 * <p>The fit maximises the weighted likelihood by Newton's method with a backtracking line search
 * (Lin, Lin and Weng, 2007), starting from {@code a = 0} and the smoothed base rate, so it is
 * deterministic. Labels are replaced by Platt's targets {@code (N+ + 1) / (N+ + 2)} and
 * {@code 1 / (N- + 2)}, with weighted counts: this keeps the optimum finite even when the scores
 * separate the classes, and avoids over-fitting small calibration sets.
 */
public final class PlattScaling implements Calibrator {

    static final String METHOD = "platt";

    private static final double SCORE_CLIP = 1e-6;
    private static final int MAX_ITERATIONS = 100;
    /** Stop once the mean gradient is this small; Newton usually gets there in under ten steps. */
    private static final double GRADIENT_TOLERANCE = 1e-10;
    /** Tiny ridge so the Newton system stays solvable when every score is the same. */
    private static final double RIDGE = 1e-12;
    private static final double MIN_STEP = 1e-10;
    /** Armijo condition: accept a step that achieves this share of the predicted decrease. */
    private static final double SUFFICIENT_DECREASE = 1e-4;

    @Override
    public Calibration fit(double[] scores, boolean[] labels, double[] weights) {
        Inputs.binary(scores, labels, weights);
        int n = scores.length;
        double positives = 0;
        double negatives = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i]) {
                positives += weights[i];
            } else {
                negatives += weights[i];
            }
        }
        double positiveTarget = (positives + 1) / (positives + 2);
        double negativeTarget = 1 / (negatives + 2);
        double total = positives + negatives;
        double[] x = new double[n];
        double[] targets = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = logit(scores[i]);
            targets[i] = labels[i] ? positiveTarget : negativeTarget;
            // Normalised weights make the loss and gradient means, so tolerances do not depend on size.
            w[i] = weights[i] / total;
        }

        double a = 0;
        double b = Math.log((negatives + 1) / (positives + 1));
        double loss = loss(x, targets, w, a, b);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double gradientA = 0;
            double gradientB = 0;
            double hessianAA = RIDGE;
            double hessianAB = 0;
            double hessianBB = RIDGE;
            for (int i = 0; i < n; i++) {
                double p = 1 / (1 + Math.exp(a * x[i] + b));
                double residual = w[i] * (targets[i] - p);
                double curvature = w[i] * p * (1 - p);
                gradientA += residual * x[i];
                gradientB += residual;
                hessianAA += curvature * x[i] * x[i];
                hessianAB += curvature * x[i];
                hessianBB += curvature;
            }
            if (Math.max(Math.abs(gradientA), Math.abs(gradientB)) < GRADIENT_TOLERANCE) {
                break;
            }
            double determinant = hessianAA * hessianBB - hessianAB * hessianAB;
            double stepA = -(hessianBB * gradientA - hessianAB * gradientB) / determinant;
            double stepB = -(hessianAA * gradientB - hessianAB * gradientA) / determinant;
            double slope = gradientA * stepA + gradientB * stepB;
            // Far from the optimum a full Newton step can overshoot, so halve it until the loss drops.
            double step = 1;
            while (step >= MIN_STEP) {
                double candidate = loss(x, targets, w, a + step * stepA, b + step * stepB);
                if (candidate <= loss + SUFFICIENT_DECREASE * step * slope) {
                    a += step * stepA;
                    b += step * stepB;
                    loss = candidate;
                    break;
                }
                step /= 2;
            }
            if (step < MIN_STEP) {
                break; // no representable improvement left
            }
        }
        return new Sigmoid(a, b);
    }

    /** Weighted mean cross-entropy against the targets, in a form that cannot overflow. */
    private static double loss(double[] x, double[] targets, double[] w, double a, double b) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            double f = a * x[i] + b;
            // -[t ln p + (1 - t) ln(1 - p)] with p = 1 / (1 + e^f) equals softplus(f) - (1 - t) f.
            double softplus = f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f));
            loss += w[i] * (softplus - (1 - targets[i]) * f);
        }
        return loss;
    }

    private static double logit(double score) {
        double s = Math.min(Math.max(score, SCORE_CLIP), 1 - SCORE_CLIP);
        return Math.log(s / (1 - s));
    }

    /** The fitted sigmoid {@code 1 / (1 + exp(a * logit(s) + b))}. */
    record Sigmoid(double a, double b) implements Calibration {

        static Sigmoid fromParameters(Map<String, Object> parameters) {
            return new Sigmoid(Parameters.number(parameters, "a"), Parameters.number(parameters, "b"));
        }

        @Override
        public double apply(double score) {
            return 1 / (1 + Math.exp(a * logit(score) + b));
        }

        @Override
        public String method() {
            return METHOD;
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("a", a);
            parameters.put("b", b);
            return parameters;
        }
    }
}
