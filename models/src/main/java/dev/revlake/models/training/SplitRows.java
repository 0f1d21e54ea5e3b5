package dev.revlake.models.training;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.features.FeatureVector;

/** Rows cut by a {@link TimeSplit}, with the arrays metrics need. */
final class SplitRows {

    final TimeSplit split;
    final List<LabeledRow> train = new ArrayList<>();
    final List<LabeledRow> validation = new ArrayList<>();
    final List<LabeledRow> test = new ArrayList<>();

    SplitRows(List<LabeledRow> rows, TimeSplit split) {
        this.split = split;
        for (LabeledRow r : rows) {
            switch (split.partOf(r.time())) {
                case TRAIN -> train.add(r);
                case VALIDATION -> validation.add(r);
                case TEST -> test.add(r);
            }
        }
    }

    static long positives(List<LabeledRow> rows) {
        return rows.stream().filter(LabeledRow::isPositive).count();
    }

    /** Distinct ids with a positive row: conversions, not snapshots. */
    static long distinctPositiveIds(List<LabeledRow> rows) {
        return rows.stream().filter(LabeledRow::isPositive).map(LabeledRow::id).distinct().count();
    }

    static boolean[] labels(List<LabeledRow> rows) {
        boolean[] y = new boolean[rows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = rows.get(i).isPositive();
        }
        return y;
    }

    static double[] values(List<LabeledRow> rows) {
        return rows.stream().mapToDouble(LabeledRow::label).toArray();
    }

    static double[] weights(List<LabeledRow> rows) {
        return rows.stream().mapToDouble(LabeledRow::weight).toArray();
    }

    static List<FeatureVector> vectors(List<LabeledRow> rows) {
        return rows.stream().map(LabeledRow::features).toList();
    }

    /** Numeric columns whose value varies among the training rows: the ones worth standardizing. */
    Set<String> columnsWithSpread(FeatureSpec spec) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < spec.numeric().size(); i++) {
            double first = Double.NaN;
            for (LabeledRow r : train) {
                double v = r.features().numeric()[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (Double.isNaN(first)) {
                    first = v;
                } else if (v != first) {
                    out.add(spec.numeric().get(i));
                    break;
                }
            }
        }
        return out;
    }

    /** Dates and sizes of the three parts, for reports. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train", part(train));
        m.put("validation", part(validation));
        m.put("test", part(test));
        return m;
    }

    private static Map<String, Object> part(List<LabeledRow> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        LocalDate from = rows.stream().map(LabeledRow::time).min(LocalDate::compareTo).orElse(null);
        LocalDate to = rows.stream().map(LabeledRow::time).max(LocalDate::compareTo).orElse(null);
        m.put("from", from == null ? null : from.toString());
        m.put("to", to == null ? null : to.toString());
        m.put("rows", rows.size());
        m.put("weighted_rows", rows.stream().mapToDouble(LabeledRow::weight).sum());
        m.put("positive_rows", positives(rows));
        return m;
    }
}
