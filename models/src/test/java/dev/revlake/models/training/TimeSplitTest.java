package dev.revlake.models.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.revlake.models.features.FeatureVector;

class TimeSplitTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 1);

    private static List<LabeledRow> rows(int days, int perDay) {
        List<LabeledRow> rows = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (int i = 0; i < perDay; i++) {
                rows.add(new LabeledRow("r" + d + "-" + i, DAY.plusDays(d), new FeatureVector(new double[0],
                        new String[0]), 0, d < 5 ? 3.0 : 1.0));
            }
        }
        return rows;
    }

    @Test
    void cutsAtWholeDatesByWeightNotByRowCount() {
        // Days 0-4 weigh 3 per row: 15 of the 25 weight units, so 60 % is reached exactly at day 5.
        TimeSplit split = TimeSplit.byShares(rows(15, 1), 0.2, 0.2);
        assertThat(split.validationStart()).isEqualTo(DAY.plusDays(5));
        assertThat(split.testStart()).isEqualTo(DAY.plusDays(10));
        assertThat(split.partOf(DAY.plusDays(4))).isEqualTo(TimeSplit.Part.TRAIN);
        assertThat(split.partOf(DAY.plusDays(9))).isEqualTo(TimeSplit.Part.VALIDATION);
        assertThat(split.partOf(DAY.plusDays(10))).isEqualTo(TimeSplit.Part.TEST);
    }

    @Test
    void everyPartGetsADateEvenWithFewDates() {
        TimeSplit split = TimeSplit.byShares(rows(3, 10), 0.2, 0.2);
        assertThat(split.validationStart()).isEqualTo(DAY.plusDays(1));
        assertThat(split.testStart()).isEqualTo(DAY.plusDays(2));
        assertThatThrownBy(() -> TimeSplit.byShares(rows(2, 10), 0.2, 0.2)).isInstanceOf(TrainingDataException.class)
                .hasMessage("Cannot split by time: the rows span 2 date(s); at least 3 are needed (train, validation,"
                        + " test)");
    }
}
