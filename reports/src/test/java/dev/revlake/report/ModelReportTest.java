package dev.revlake.report;

import static dev.revlake.report.ReportLakes.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.revlake.lake.Lake;
import dev.revlake.models.evaluation.BinaryMetrics;
import dev.revlake.models.evaluation.RankingCurves;
import dev.revlake.models.evaluation.ReliabilityBin;
import dev.revlake.ops.OpsTables;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelReportTest {

    private Path dir;
    private ModelReport report;

    @BeforeAll
    void writeARegistryAndItsRuns(@TempDir Path tmp) throws IOException {
        dir = tmp;
        Lake lake = new Lake(dir.resolve("lake").toString());
        // A lead model's test period, measured with the same classes training uses.
        Random random = new Random(3);
        int n = 2_000;
        double[] p = new double[n];
        double[] baseline = new double[n];
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextDouble() * 0.4;
            y[i] = random.nextDouble() < p[i];
            baseline[i] = 0.5 * p[i] + 0.2 * random.nextDouble();
            w[i] = 1;
        }
        Map<String, Object> lead = new LinkedHashMap<>();
        lead.put("algorithm", "xgboost");
        lead.put("test", BinaryMetrics.of(p, y, w).toMap());
        lead.put("baseline", BinaryMetrics.of(baseline, y, w).toMap());
        lead.put("reliability_test", ReliabilityBin.reliability(p, y, w, 10));
        lead.put("curves_test", Map.of("model", RankingCurves.of(p, y, w, 50), "baseline",
                RankingCurves.of(baseline, y, w, 50)));
        lead.put("top_features", Map.of("true", List.of(Map.of("feature", "pricing_page_views_7d", "value", 0.9),
                Map.of("feature", "days_since_last_activity", "value", -1.4))));
        Map<String, Object> close = new LinkedHashMap<>();
        close.put("algorithm", "linear_regression");
        close.put("test", Map.of("mean_absolute_error", 6.5, "median_absolute_error", 4.0,
                "within_tolerance_share", 0.86));
        close.put("baseline", Map.of("mean_absolute_error", 19.9));
        close.put("top_features", Map.of("ALL_OUTPUTS", List.of(Map.of("feature", "stage", "value", 2.0))));
        registry(lake, "lead_conversion", "v0002", lead);
        registry(lake, "close_date", "v0001", close);
        ReportLakes.write(lake, OpsTables.MODEL_RUNS, List.of(
                values("run_id", "r1", "model_name", "lead_conversion", "model_version", "v0001", "status", "trained",
                        "trained_at", Instant.parse("2026-11-01T03:00:00Z"), "feature_table", "gold_lead_features",
                        "is_champion", false, "decision", "first version"),
                values("run_id", "r2", "model_name", "lead_conversion", "model_version", "v0002", "status", "trained",
                        "trained_at", Instant.parse("2026-11-08T03:00:00Z"), "feature_table", "gold_lead_features",
                        "is_champion", true, "decision", "promoted")));
        report = ModelReport.load(ReportLakes.spark(), lake);
    }

    private static void registry(Lake lake, String model, String version, Map<String, Object> report)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path folder = Path.of(lake.root(), "_models", model, version);
        Files.createDirectories(folder);
        json.writeValue(folder.resolve("report.json").toFile(), report);
        json.writeValue(folder.getParent().resolve("champion.json").toFile(), Map.of("version", version));
    }

    @Test
    void championsAndTheirMetricsBesideTheBaseline() {
        assertThat(report.champions()).containsOnlyKeys("lead_conversion", "close_date");
        assertThat(report.champions().get("lead_conversion").isProbability()).isTrue();
        assertThat(report.champions().get("close_date").isProbability()).isFalse();
        assertThat(report.champions().get("lead_conversion").hasCurves()).isTrue();
        assertThat(report.champions().get("close_date").hasCurves()).isFalse();
        assertThat(report.metrics().rows()).extracting(r -> r.get(0) + " " + r.get(3))
                .startsWith("lead_conversion ROC AUC").contains("close_date mean absolute error (days)");
        List<String> mae = report.metrics().rows().stream().filter(r -> r.get(3).startsWith("mean absolute"))
                .findFirst().orElseThrow();
        assertThat(mae).endsWith("6.500", "19.900");
    }

    @Test
    void curvesComeFromTheReportedTestPeriod() {
        var roc = report.rocChart("lead_conversion");
        assertThat(roc.getSeriesMap()).containsOnlyKeys("model (xgboost)", "baseline", "random");
        assertThat(roc.getSeriesMap().get("model (xgboost)").getXData()).hasSizeBetween(10, 52);
        var lift = report.liftChart("lead_conversion");
        assertThat(lift.getSeriesMap()).containsOnlyKeys("model", "baseline");
        assertThat(lift.getSeriesMap().get("model").getYData()).hasSize(10);
        var calibration = report.calibrationChart("lead_conversion");
        assertThat(calibration.getSeriesMap()).containsOnlyKeys("perfectly calibrated", "model");
        assertThat(calibration.getSeriesMap().get("model").getXData()).hasSize(10);
        assertThat(report.precisionRecallChart("lead_conversion").getSeriesMap()).containsKey("baseline");
    }

    @Test
    void featuresAreRankedByStrength() {
        var features = report.featureImportanceChart("lead_conversion");
        assertThat(List.<Object>copyOf(features.getSeriesMap().get("importance").getXData()))
                .containsExactly("days_since_last_activity", "pricing_page_views_7d");
        assertThat(List.<Object>copyOf(report.featureImportanceChart("close_date").getSeriesMap().get("importance")
                .getXData())).containsExactly("stage");
    }

    @Test
    void theHistoryShowsTheNewestRunFirst() {
        assertThat(report.history().rows()).extracting(r -> r.get(2)).containsExactly("v0002", "v0001");
    }

    @Test
    void wrongOrMissingModelsGetAClearMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> report.rocChart("close_date"))
                .withMessage("Invalid model for this chart: close_date predicts a duration, not a probability");
        assertThatThrownBy(() -> report.calibrationChart("opportunity_win")).isInstanceOf(MissingDataException.class)
                .hasMessage("No champion of opportunity_win yet: revlake train trains it.");
        Lake empty = new Lake(dir.resolve("empty").toString());
        assertThatThrownBy(() -> ModelReport.load(ReportLakes.spark(), empty)).isInstanceOf(MissingDataException.class)
                .hasMessageContaining("No trained model in").hasMessageContaining("revlake train");
    }
}
