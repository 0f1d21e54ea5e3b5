package dev.revlake.models.training;

import java.time.LocalDate;

/**
 * The model currently scoring, to be compared with a challenger. It is compared only on test rows
 * it never saw: rows from {@code heldOutFrom} on (its own test period began there), so a champion
 * trained on newer data than the challenger's test rows cannot win by having memorised them.
 *
 * @param predictor the champion ({@code ProbabilityPredictor} or {@code DurationPredictor})
 * @param heldOutFrom the first snapshot date the champion did not train or calibrate on
 * @param <P> the predictor type
 */
public record Champion<P>(P predictor, LocalDate heldOutFrom) {

    public Champion {
        if (predictor == null || heldOutFrom == null) {
            throw new IllegalArgumentException("Invalid champion: predictor and held-out date are needed");
        }
    }

    /**
     * Why a challenger replaces the champion without a comparison, or {@code null} when they must be
     * compared on the unseen rows.
     *
     * @param champion the champion, or {@code null}
     * @param championSpec its feature columns (ignored when there is no champion)
     * @param enoughUnseen whether enough unseen test rows remain for a fair comparison
     */
    static String promotedWithoutComparison(Champion<?> champion, dev.revlake.models.features.FeatureSpec championSpec,
            dev.revlake.models.features.FeatureSpec spec, boolean enoughUnseen) {
        if (champion == null) {
            return "no champion yet: promoted";
        }
        if (!championSpec.equals(spec)) {
            return "the feature columns changed since the champion was trained: promoted";
        }
        return enoughUnseen ? null : "too few test rows the champion never saw (from " + champion.heldOutFrom()
                + ") to compare fairly: promoted";
    }

    /** The test rows the champion never saw. */
    java.util.List<LabeledRow> unseen(java.util.List<LabeledRow> test) {
        return test.stream().filter(r -> !r.time().isBefore(heldOutFrom)).toList();
    }
}
