package dev.revlake.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.models.registry.LocalModelStore;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.models.training.TrainingSettings;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.train.ModelRunOutcome;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.TrainConfig;
import dev.revlake.train.TrainingSets;
import dev.revlake.train.UserTableTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code revlake train}: trains, evaluates and registers the lead conversion, opportunity win and
 * close-date models from a lake's gold tables — or, with {@code --features}, a conversion model on
 * a table the user already has.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train, evaluate and register models from the lake's gold tables (time-ordered split,"
                + " logistic regression and XGBoost, calibration, baselines, champion/challenger).",
            "With --features: train a conversion model on your own Delta, Parquet or CSV table instead."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            defaultValue = "lead_conversion,opportunity_win,close_date",
            description = "Models to train (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--truth", paramLabel = "DIR",
            description = "Simulator truth folder: adds the oracle (true probabilities) to the metrics.")
    Path truth;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "" + TrainingSets.DEFAULT_MAX_ROWS,
            description = "Rows per training set on the driver, sampled by class with weights (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--min-positives", paramLabel = "N", defaultValue = "100",
            description = "Refuse to train with fewer positive examples in the training period (default: ${DEFAULT-VALUE}).")
    int minPositives;

    @Option(names = "--features", paramLabel = "PATH",
            description = "Your own table (Delta folder, Parquet, or CSV with a header) to train a conversion model on.")
    String features;

    @Option(names = "--label", paramLabel = "COL", description = "With --features: the label column (true/false, yes/no, 1/0).")
    String label;

    @Option(names = "--positives", paramLabel = "PATH",
            description = "With --features, instead of --label: a table listing the ids that converted.")
    String positives;

    @Option(names = "--positives-key", paramLabel = "COL",
            description = "Id column of --positives (default: the --id column).")
    String positivesKey;

    @Option(names = "--time", paramLabel = "COL", description = "With --features: the date column the split uses.")
    String time;

    @Option(names = "--id", paramLabel = "COL", description = "With --features: the id column (default: row numbers).")
    String id;

    @Option(names = "--baseline", paramLabel = "COL",
            description = "With --features: a numeric column with your current score, reported beside the model.")
    String baseline;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "user_conversion",
            description = "With --features: the model's registry name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--registry", paramLabel = "DIR", defaultValue = "revlake-models",
            description = "With --features: the model registry folder (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Override
    public Integer call() {
        TrainingSettings settings = TrainingSettings.DEFAULTS.withMinPositives(minPositives);
        String runId = Pipeline.newRunId("train", LocalDate.now(ZoneOffset.UTC));
        SparkSession spark = Spark.session("train");
        if (features != null) {
            ModelRegistry reg = new ModelRegistry(new LocalModelStore(registry));
            UserTableTraining.Result r = UserTableTraining.run(spark, new UserTableTraining.Request(features, label,
                    time, id, positives, positivesKey, name, baseline), reg, maxRows, settings, runId);
            System.out.printf("%,d rows read; %,d without a label and %,d without a time were left out%n",
                    r.rowsRead(), r.rowsWithoutLabel(), r.rowsWithoutTime());
            print(r.outcome(), System.out);
            return r.outcome().trained() ? 0 : 1;
        }
        TrainConfig config = new TrainConfig(lake.lake(), TrainConfig.named(models), maxRows, settings,
                truth == null ? null : truth.toAbsolutePath().toString(), runId);
        List<ModelRunOutcome> outcomes = ModelTrainingJob.run(spark, config);
        outcomes.forEach(o -> print(o, System.out));
        System.out.println("Runs recorded in ops_model_runs (run " + runId + "); models in " + config.registryRoot());
        return outcomes.stream().allMatch(ModelRunOutcome::trained) ? 0 : 1;
    }

    /** One block per model: metrics beside the baseline (and oracle), the champion decision, an example. */
    @SuppressWarnings("unchecked")
    static void print(ModelRunOutcome o, PrintStream out) {
        Map<String, Object> row = o.row();
        out.println();
        if (!o.trained()) {
            out.printf("%s: not trained. %s%n", o.modelName(), o.refusal());
            return;
        }
        out.printf("%s %s (%s), rows train/validation/test %,d / %,d / %,d, test from %s%n", o.modelName(),
                o.version(), row.get("algorithm"), row.get("rows_train"), row.get("rows_validation"),
                row.get("rows_test"), row.get("test_from"));
        String baselineName = row.get("baseline_name") == null ? "baseline" : (String) row.get("baseline_name");
        if (row.get("roc_auc") != null) {
            out.printf("  %-28s %10s %12s %10s%n", "test metric", "model", baselineName, "oracle");
            line(out, "ROC AUC", row.get("roc_auc"), row.get("baseline_roc_auc"), row.get("oracle_roc_auc"));
            line(out, "PR AUC", row.get("pr_auc"), row.get("baseline_pr_auc"), null);
            line(out, "log loss", row.get("log_loss"), row.get("baseline_log_loss"), null);
            line(out, "Brier score", row.get("brier_score"), row.get("baseline_brier_score"), null);
            line(out, "expected calibration error", row.get("expected_calibration_error"),
                    row.get("baseline_expected_calibration_error"), null);
            line(out, "top-decile lift", row.get("top_decile_lift"), row.get("baseline_top_decile_lift"), null);
            line(out, "top-decile capture", row.get("top_decile_capture"), row.get("baseline_top_decile_capture"),
                    null);
            if (row.get("model_roc_auc_on_oracle_rows") != null) {
                out.printf("  model ROC AUC on the oracle's rows %.4f vs oracle %.4f%n",
                        row.get("model_roc_auc_on_oracle_rows"), row.get("oracle_roc_auc"));
            }
        } else {
            out.printf("  %-28s %10s %12s%n", "test metric", "model", baselineName);
            line(out, "MAE (days)", row.get("mean_absolute_error_days"), row.get("baseline_mean_absolute_error_days"),
                    null);
            line(out, "within ±14 days", row.get("within_14_days_share"), row.get("baseline_within_14_days_share"),
                    null);
            out.printf("  P10–P90 band holds %.1f%% of actual close days%n",
                    100 * (double) row.get("p10_p90_band_coverage"));
        }
        out.printf("  champion: %s%n", row.get("decision"));
        List<Map<String, Object>> examples = (List<Map<String, Object>>) o.report().get("example_explanations");
        if (examples != null && !examples.isEmpty()) {
            Map<String, Object> e = examples.get(0);
            Object value = e.containsKey("probability") ? String.format("p = %.2f", (double) e.get("probability"))
                    : String.format("%.0f days (P10 %.0f, P90 %.0f)", (double) e.get("predicted_days"),
                            (double) e.get("p10_days"), (double) e.get("p90_days"));
            out.printf("  example %s on %s, %s: %s%n", e.get("id"), e.get("date"), value,
                    e.getOrDefault("reasons_for", e.get("reasons_later")));
        }
        out.printf("  report: %s%n", row.get("report_path"));
    }

    private static void line(PrintStream out, String metric, Object model, Object baseline, Object oracle) {
        out.printf("  %-28s %10s %12s %10s%n", metric, format(model), format(baseline), format(oracle));
    }

    private static String format(Object v) {
        return v == null ? "-" : String.format("%.4f", ((Number) v).doubleValue());
    }
}
