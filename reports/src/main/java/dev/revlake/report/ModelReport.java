package dev.revlake.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.models.ModelDefinition;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.ops.OpsTables;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.TrainConfig;

/**
 * Whether the models can be trusted, from what training measured on the held-out test period of
 * each champion ({@code report.json} in the registry): ROC and precision-recall curves and the lift
 * by decile against the baseline the team would otherwise use, the calibration plot, the strongest
 * features, and every training run's champion-versus-challenger decision ({@code ops_model_runs}).
 */
public final class ModelReport {

    private static final String WRITTEN_BY = "revlake train";
    private static final int TOP_FEATURES = 12;

    /**
     * A model's champion and what training reported about it.
     *
     * @param name registry name, e.g. lead_conversion
     * @param version champion version, e.g. v0002
     * @param report the version's report.json
     */
    public record Champion(String name, String version, Map<String, Object> report) {

        /** Whether the model predicts a probability (lead conversion, opportunity win). */
        public boolean isProbability() {
            return report.containsKey("reliability_test");
        }

        /** Whether training recorded ROC, precision-recall and gains curves (versions trained since 0.1). */
        public boolean hasCurves() {
            return report.get("curves_test") instanceof Map<?, ?> curves && !curves.isEmpty();
        }
    }

    private final Map<String, Champion> champions;
    private final ReportTable metrics;
    private final ReportTable history;

    private ModelReport(Map<String, Champion> champions, ReportTable metrics, ReportTable history) {
        this.champions = champions;
        this.metrics = metrics;
        this.history = history;
    }

    /**
     * Loads the champions of the three RevLake models and the training history.
     *
     * @throws MissingDataException when no model has a champion yet
     */
    public static ModelReport load(SparkSession spark, Lake lake) {
        ModelRegistry registry = ModelTrainingJob.registry(spark, lake);
        Map<String, Champion> champions = new LinkedHashMap<>();
        for (ModelDefinition definition : TrainConfig.ALL_MODELS) {
            registry.champion(definition.name()).ifPresent(version -> champions.put(definition.name(),
                    new Champion(definition.name(), version, registry.report(definition.name(), version))));
        }
        if (champions.isEmpty()) {
            throw new MissingDataException(String.format("No trained model in %s yet: %s trains them.",
                    registry.location(), WRITTEN_BY));
        }
        ReportTable history = DeltaTables.exists(spark, lake, OpsTables.MODEL_RUNS)
                ? ReportTable.of("Training runs, newest first: each challenger against the champion on the same"
                        + " test rows", DeltaTables.read(spark, lake, OpsTables.MODEL_RUNS)
                        .orderBy(col("trained_at").desc(), col("model_name"))
                        .select(col("trained_at"), col("model_name"), col("model_version"), col("status"),
                                col("algorithm"), round(col("roc_auc"), 3).as("roc_auc"),
                                round(col("log_loss"), 4).as("log_loss"),
                                round(col("mean_absolute_error_days"), 1).as("mae_days"),
                                col("champion_before_version"),
                                round(col("champion_before_metric"), 4).as("champion_before_metric"),
                                col("is_champion"), col("decision")), 30)
                : new ReportTable("Training runs: ops_model_runs not written yet", List.of("trained_at"), List.of());
        return new ModelReport(champions, metricsTable(champions), history);
    }

    private static ReportTable metricsTable(Map<String, Champion> champions) {
        List<List<String>> rows = new ArrayList<>();
        for (Champion c : champions.values()) {
            Map<String, Object> test = map(c.report(), "test");
            Map<String, Object> baseline = map(c.report(), "baseline");
            List<String[]> measures = c.isProbability()
                    ? List.of(new String[] {"ROC AUC", "roc_auc"}, new String[] {"PR AUC", "pr_auc"},
                            new String[] {"log loss", "log_loss"}, new String[] {"Brier score", "brier_score"},
                            new String[] {"calibration error (ECE)", "expected_calibration_error"},
                            new String[] {"top-decile lift", "top_decile_lift"})
                    : List.of(new String[] {"mean absolute error (days)", "mean_absolute_error"},
                            new String[] {"median absolute error (days)", "median_absolute_error"},
                            new String[] {"share within tolerance", "within_tolerance_share"});
            for (String[] m : measures) {
                rows.add(List.of(c.name(), c.version(), String.valueOf(c.report().get("algorithm")), m[0],
                        decimal(test.get(m[1])), decimal(baseline.get(m[1]))));
            }
        }
        return new ReportTable("Champions on their held-out test period, against the baseline",
                List.of("model", "version", "algorithm", "measure", "model", "baseline"), rows);
    }

    /** Champions by model name (models without one are absent). */
    public Map<String, Champion> champions() {
        return champions;
    }

    /** Test metrics of every champion beside its baseline. */
    public ReportTable metrics() {
        return metrics;
    }

    /** The latest training runs with their promotion decisions. */
    public ReportTable history() {
        return history;
    }

    /** ROC curve of the champion and the baseline on the test period. */
    public XYChart rocChart(String model) {
        Champion c = probability(model);
        XYChart chart = Charts.xy(String.format("ROC, %s %s (test period)", model, c.version()),
                "false positive rate", "true positive rate");
        curves(chart, c, "roc");
        Charts.line(chart.addSeries("random", new double[] {0, 1}, new double[] {0, 1}), Charts.BASELINE, false, true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        return chart;
    }

    /** Precision against recall of the champion and the baseline on the test period. */
    public XYChart precisionRecallChart(String model) {
        Champion c = probability(model);
        XYChart chart = Charts.xy(String.format("Precision and recall, %s %s (test period)", model, c.version()),
                "recall", "precision");
        curves(chart, c, "precisionRecall");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    /**
     * Calibration plot: predicted probability against the observed rate in 10 equal-mass bins of
     * the test period; a calibrated model lies on the diagonal.
     */
    public XYChart calibrationChart(String model) {
        Champion c = probability(model);
        XYChart chart = Charts.xy(String.format("Calibration, %s %s (test period)", model, c.version()),
                "mean predicted probability", "observed rate");
        List<Map<String, Object>> bins = list(c.report(), "reliability_test");
        double max = 0.05;
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Map<String, Object> bin : bins) {
            x.add(number(bin.get("meanPredicted")));
            y.add(number(bin.get("observedRate")));
            max = Math.max(max, Math.max(x.get(x.size() - 1), y.get(y.size() - 1)));
        }
        double edge = Math.min(1.0, max * 1.1);
        Charts.line(chart.addSeries("perfectly calibrated", new double[] {0, edge}, new double[] {0, edge}),
                Charts.BASELINE, false, true);
        if (x.isEmpty()) {
            chart.setTitle(chart.getTitle() + ": no bins reported");
        } else {
            Charts.line(chart.addSeries("model", x, y), Charts.MODEL, true, false);
        }
        return chart;
    }

    /** Lift by decile of the population (highest scores first), champion against baseline. */
    public CategoryChart liftChart(String model) {
        Champion c = probability(model);
        CategoryChart chart = Charts.bars(String.format("Cumulative lift, %s %s (test period)", model, c.version()),
                "top share of leads by score", "lift over random");
        Map<String, Object> curves = map(c.report(), "curves_test");
        if (curves.isEmpty()) {
            chart.setTitle(chart.getTitle() + ": retrain to record curves");
            chart.addSeries("model", List.of("none"), List.of(0));
            return chart;
        }
        for (var entry : curves.entrySet()) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> gains = (List<Map<String, Object>>) ((Map<String, Object>) entry.getValue())
                    .get("gains");
            chart.addSeries(entry.getKey(),
                    gains.stream().map(g -> String.format(Locale.US, "%.0f%%", 100 * number(g.get("populationShare"))))
                            .toList(),
                    gains.stream().map(g -> number(g.get("lift"))).toList())
                    .setFillColor("model".equals(entry.getKey()) ? Charts.MODEL : Charts.BASELINE);
        }
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    /** The champion's strongest features by absolute weight or importance. */
    public CategoryChart featureImportanceChart(String model) {
        Champion c = champion(model);
        CategoryChart chart = Charts.bars(String.format("Strongest features, %s %s (%s)", model, c.version(),
                c.report().get("algorithm")), "", "|weight| or importance");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        Map<String, Object> byOutput = map(c.report(), "top_features");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> features = (List<Map<String, Object>>) byOutput.getOrDefault("true",
                byOutput.values().stream().findFirst().orElse(List.of()));
        List<Map<String, Object>> top = features.stream()
                .sorted(Comparator.comparingDouble((Map<String, Object> f) -> -Math.abs(number(f.get("value")))))
                .limit(TOP_FEATURES).toList();
        if (top.isEmpty()) {
            chart.addSeries("importance", List.of("none"), List.of(0));
            return chart;
        }
        chart.addSeries("importance", top.stream().map(f -> String.valueOf(f.get("feature"))).toList(),
                top.stream().map(f -> Math.abs(number(f.get("value")))).toList()).setFillColor(Charts.MODEL);
        return chart;
    }

    private Champion champion(String model) {
        Champion c = champions.get(model);
        if (c == null) {
            throw new MissingDataException("No champion of " + model + " yet: " + WRITTEN_BY + " trains it.");
        }
        return c;
    }

    private Champion probability(String model) {
        Champion c = champion(model);
        if (!c.isProbability()) {
            throw new IllegalArgumentException("Invalid model for this chart: " + model
                    + " predicts a duration, not a probability");
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private static void curves(XYChart chart, Champion c, String curve) {
        Map<String, Object> curves = map(c.report(), "curves_test");
        if (curves.isEmpty()) {
            chart.setTitle(chart.getTitle() + ": retrain to record curves");
            return;
        }
        for (var entry : curves.entrySet()) {
            List<Map<String, Object>> points = (List<Map<String, Object>>) ((Map<String, Object>) entry.getValue())
                    .get(curve);
            var series = chart.addSeries("model".equals(entry.getKey()) ? "model (" + c.report().get("algorithm") + ")"
                            : "baseline", points.stream().map(p -> number(p.get("x"))).toList(),
                    points.stream().map(p -> number(p.get("y"))).toList());
            Charts.line(series, "model".equals(entry.getKey()) ? Charts.MODEL : Charts.BASELINE, false, false);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> report, String key) {
        Object value = report.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> report, String key) {
        Object value = report.get(key);
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String decimal(Object value) {
        return value instanceof Number n ? String.format(Locale.US, "%.3f", n.doubleValue()) : "";
    }
}
