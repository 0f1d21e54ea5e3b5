package dev.revlake.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.revlake.models.features.ColumnType;
import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.scoring.DurationEstimate;

class DurationModelTrainerTest {

    private static final FeatureSpec SPEC = FeatureSpec.infer(columns(), Set.of());
    private static final Baseline CRM = new Baseline("crm_close_date", "days_until_close_date", 1.0, false, "crm");
    private static List<LabeledRow> rows;
    private static DurationTrainingResult result;

    private static Map<String, ColumnType> columns() {
        Map<String, ColumnType> c = new LinkedHashMap<>();
        c.put("stage_order", ColumnType.NUMERIC);
        c.put("days_until_close_date", ColumnType.NUMERIC);
        c.put("segment", ColumnType.CATEGORICAL);
        return c;
    }

    /** Days to close fall with the stage and rise for enterprise deals; the CRM date is optimistic. */
    @BeforeAll
    static void train() {
        Random random = new Random(11);
        rows = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            for (int i = 0; i < 80; i++) {
                int stage = 1 + random.nextInt(4);
                boolean enterprise = random.nextDouble() < 0.3;
                double days = Math.round(Math.exp(Math.log(80.0 / stage) + (enterprise ? 0.5 : 0)
                        + 0.3 * random.nextGaussian()));
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("stage_order", stage);
                v.put("days_until_close_date", Math.round(days * 0.5 + 10 * random.nextGaussian()));
                v.put("segment", enterprise ? "enterprise" : "smb");
                rows.add(new LabeledRow("o" + d + "-" + i, LocalDate.of(2026, 1, 1).plusDays(d), SPEC.vector(v), days,
                        1.0));
            }
        }
        result = new DurationModelTrainer(new TrainingSettings(0.2, 0.2, 100, 20, 50, 42L)).train("deals", rows, SPEC,
                CRM, Map.of(), null);
    }

    @Test
    void beatsTheCrmCloseDateAndItsBandHoldsAboutEightyPercent() {
        assertThat(result.test().meanAbsoluteError()).isLessThan(0.6 * result.baseline().meanAbsoluteError());
        assertThat(result.test().withinToleranceShare()).isGreaterThan(result.baseline().withinToleranceShare());
        assertThat(result.bandCoverage()).isBetween(0.72, 0.88);
        DurationEstimate e = result.predictor().estimate(rows.get(0).features());
        assertThat(e.lowDays()).isLessThanOrEqualTo(e.days());
        assertThat(e.highDays()).isGreaterThanOrEqualTo(e.days());
        LabeledRow early = rows.stream().filter(r -> r.features().numeric()[0] == 1.0).findFirst().orElseThrow();
        assertThat(result.predictor().explain(early.features(), 3, 1).positive())
                .extracting(dev.revlake.models.scoring.Reason::text).contains("at stage 1 of 4");
    }

    @Test
    void aRetrainOnTheSameDataKeepsTheChampion() {
        DurationTrainingResult again = new DurationModelTrainer(new TrainingSettings(0.2, 0.2, 100, 20, 50, 42L))
                .train("deals", rows, SPEC, CRM, Map.of(), new Champion<>(result.predictor(), result.split().testStart()));
        assertThat(again.promoted()).isFalse();
        assertThat(again.decision()).endsWith("champion kept");
    }
}
