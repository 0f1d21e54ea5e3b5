package dev.revlake.models.training;

/**
 * How a model is trained and what data it needs.
 *
 * @param validationShare share of the (weighted) rows, newest but for the test part, used to choose
 *        the champion algorithm and fit the calibration
 * @param testShare share of the newest rows held out for the reported metrics
 * @param minPositives fewest positive examples in the training part, counted as distinct ids
 *        (conversions, not snapshots; for a regression: distinct labelled ids); Salesforce Einstein
 *        asks for 120 conversions, RevLake for 100 by default
 * @param minEvaluationPositives fewest distinct positive and negative ids in each of validation and
 *        test, so their metrics mean something
 * @param trees boosting rounds of XGBoost
 * @param seed fixes every random choice
 */
public record TrainingSettings(double validationShare, double testShare, int minPositives, int minEvaluationPositives,
        int trees, long seed) {

    /** The defaults: 60/20/20 by time, 100 positives, 20 per evaluation part, 200 trees, seed 42. */
    public static final TrainingSettings DEFAULTS = new TrainingSettings(0.2, 0.2, 100, 20, 200, 42L);

    public TrainingSettings {
        if (!(validationShare > 0) || !(testShare > 0) || validationShare + testShare >= 0.9) {
            throw new IllegalArgumentException("Invalid split shares: validation " + validationShare + ", test "
                    + testShare + " (each > 0, together < 0.9)");
        }
        if (minPositives < 1 || minEvaluationPositives < 1) {
            throw new IllegalArgumentException("Invalid minimum positives: " + minPositives + " / "
                    + minEvaluationPositives + " (at least 1)");
        }
        if (trees < 1) {
            throw new IllegalArgumentException("Invalid trees: " + trees);
        }
    }

    /** The same settings with another minimum of training positives. */
    public TrainingSettings withMinPositives(int positives) {
        return new TrainingSettings(validationShare, testShare, positives, minEvaluationPositives, trees, seed);
    }
}
