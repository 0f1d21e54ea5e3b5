package dev.revlake.models.training;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A split by time: train on the oldest snapshots, choose and calibrate on the next ones
 * (validation), report on the newest (test). Never random: rows of one lead on neighbouring days
 * are nearly identical, so a random split would leak the answer into the evaluation.
 *
 * @param validationStart first snapshot date of the validation part
 * @param testStart first snapshot date of the test part
 */
public record TimeSplit(LocalDate validationStart, LocalDate testStart) {

    /** The three parts. */
    public enum Part { TRAIN, VALIDATION, TEST }

    public TimeSplit {
        if (validationStart == null || testStart == null || !validationStart.isBefore(testStart)) {
            throw new IllegalArgumentException("Invalid time split: validation " + validationStart + ", test " + testStart);
        }
    }

    /**
     * Cuts at whole dates so that about {@code validationShare} and {@code testShare} of the
     * weighted rows fall in validation and test.
     *
     * @throws TrainingDataException when the rows span fewer than three dates
     */
    public static TimeSplit byShares(List<LabeledRow> rows, double validationShare, double testShare) {
        if (!(validationShare > 0) || !(testShare > 0) || validationShare + testShare >= 0.9) {
            throw new IllegalArgumentException("Invalid split shares: validation " + validationShare + ", test "
                    + testShare);
        }
        TreeMap<LocalDate, Double> weightByDate = new TreeMap<>();
        double total = 0;
        for (LabeledRow r : rows) {
            weightByDate.merge(r.time(), r.weight(), Double::sum);
            total += r.weight();
        }
        if (weightByDate.size() < 3) {
            throw new TrainingDataException("Cannot split by time: the rows span " + weightByDate.size()
                    + " date(s); at least 3 are needed (train, validation, test)");
        }
        List<LocalDate> dates = List.copyOf(weightByDate.keySet());
        LocalDate testStart = cut(weightByDate, total * (1 - testShare), dates.get(2));
        LocalDate validationStart = cut(weightByDate, total * (1 - testShare - validationShare), dates.get(1));
        if (!validationStart.isBefore(testStart)) {
            validationStart = weightByDate.lowerKey(testStart);
        }
        return new TimeSplit(validationStart, testStart);
    }

    /** The part a snapshot date belongs to. */
    public Part partOf(LocalDate time) {
        if (time.isBefore(validationStart)) {
            return Part.TRAIN;
        }
        return time.isBefore(testStart) ? Part.VALIDATION : Part.TEST;
    }

    /** The first date whose cumulative weight before it reaches {@code target}, at least {@code earliest}. */
    private static LocalDate cut(TreeMap<LocalDate, Double> weightByDate, double target, LocalDate earliest) {
        double cumulative = 0;
        double slack = 1e-9 * Math.max(1.0, target); // 1 - 0.2 - 0.2 is 0.6000000000000001 in doubles
        for (Map.Entry<LocalDate, Double> e : weightByDate.entrySet()) {
            if (cumulative >= target - slack && !e.getKey().isBefore(earliest)) {
                return e.getKey();
            }
            cumulative += e.getValue();
        }
        return weightByDate.lastKey();
    }
}
