package dev.revlake.train;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;

import dev.revlake.lake.DeltaTables;
import dev.revlake.models.ModelDefinition;
import dev.revlake.models.evaluation.BinaryMetrics;
import dev.revlake.models.evaluation.RegressionMetrics;
import dev.revlake.models.features.FeatureSpec;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.models.training.Champion;
import dev.revlake.models.training.DurationModelTrainer;
import dev.revlake.models.training.DurationTrainingResult;
import dev.revlake.models.training.LabeledRow;
import dev.revlake.models.training.ProbabilityModelTrainer;
import dev.revlake.models.training.ProbabilityTrainingResult;
import dev.revlake.models.training.TimeSplit;
import dev.revlake.models.training.TrainingDataException;
import dev.revlake.models.training.TrainingSettings;

/**
 * Trains one model from a Spark table the same way for RevLake's gold tables and a user's own
 * table: select labelled rows, sample to the driver budget, train and evaluate in the
 * {@code models} module, register the version under the lake, promote it when it beats the
 * champion, and return the {@code ops_model_runs} row.
 */
final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private TrainingRun() {
    }

    /**
     * @param table the feature table as read (at {@code tableVersion} for a Delta table)
     * @param tableVersion the Delta version read, or {@code null} for files
     * @param oracle rows {@code (idColumn[, timeColumn], _oracle)} with true probabilities, or {@code null}
     */
    static ModelRunOutcome train(ModelDefinition definition, Dataset<Row> table, String tableName, Long tableVersion,
            Dataset<Row> oracle, ModelRegistry registry, int maxRows, TrainingSettings settings, String runId) {
        Instant started = Instant.now();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_id", runId);
        row.put("model_name", definition.name());
        row.put("trained_at", started);
        row.put("feature_table", tableName);
        row.put("feature_table_version", tableVersion);
        row.put("is_champion", false);
        try {
            boolean binary = definition.kind() == ModelDefinition.Kind.PROBABILITY;
            FeatureSpec spec = TrainingSets.spec(table.schema(), definition.excludedColumns());
            Dataset<Row> labelled = mature(table, definition).where(definition.labelledRows())
                    .withColumn(TrainingSets.LABEL, col(definition.labelColumn()).cast(binary ? "boolean" : "double"));
            if (oracle != null) {
                List<String> keys = java.util.stream.Stream.of(definition.idColumn(), definition.timeColumn())
                        .filter(List.of(oracle.columns())::contains).toList();
                labelled = labelled.join(oracle, keys.toArray(String[]::new), "left");
            }
            TrainingSets.Sample sample = TrainingSets.sample(labelled, binary, maxRows, settings.seed());
            List<LabeledRow> rows = TrainingSets.collect(sample.rows(), spec, definition.idColumn(),
                    definition.timeColumn());
            row.put("rows_before_sampling", sample.totalRows());
            if (rows.isEmpty()) {
                throw new TrainingDataException("No labelled rows to train on in " + tableName + " (rows where "
                        + definition.labelledRows() + (definition.maturityDays() > 0 ? ", at least "
                        + definition.maturityDays() + " days older than the table's last snapshot" : "") + ")");
            }
            Map<String, Object> trainingData = new LinkedHashMap<>();
            trainingData.put("table", tableName);
            trainingData.put("table_version", tableVersion);
            trainingData.put("label", definition.labelColumn());
            trainingData.put("labelled_rows", definition.labelledRows());
            trainingData.put("time_column", definition.timeColumn());
            trainingData.put("maturity_days", definition.maturityDays());
            trainingData.put("from", rows.stream().map(LabeledRow::time).min(LocalDate::compareTo)
                    .map(LocalDate::toString).orElse(null));
            trainingData.put("to", rows.stream().map(LabeledRow::time).max(LocalDate::compareTo)
                    .map(LocalDate::toString).orElse(null));
            trainingData.put("sampling", sample.describe(maxRows, rows.size()));
            trainingData.put("run_id", runId);
            Map<String, Provenance> provenance = provenance(trainingData, tableVersion);

            long start = System.nanoTime();
            String version = registry.nextVersion(definition.name());
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", definition.name());
            report.put("version", version);
            report.put("training_data", trainingData);
            report.put("baseline_definition", definition.baseline() == null ? null : Map.of("name",
                    definition.baseline().name(), "description", definition.baseline().description()));
            String decision;
            boolean promoted;
            TimeSplit split;
            String championBefore = registry.champion(definition.name()).orElse(null);
            if (binary) {
                ProbabilityTrainingResult r = new ProbabilityModelTrainer(settings).train(definition.name(), rows, spec,
                        definition.baseline(), provenance, championBefore == null ? null : new Champion<>(
                                registry.loadProbability(definition.name(), championBefore),
                                heldOutFrom(registry, definition.name(), championBefore)));
                trainingData.put("held_out_from", r.split().testStart().toString());
                report.putAll(r.toReport());
                registry.save(definition.name(), version, r.predictor(), trainingData, report);
                putBinary(row, "", r.test());
                putBinary(row, "baseline_", r.baseline());
                row.put("oracle_roc_auc", r.oracle() == null ? null : r.oracle().rocAuc());
                row.put("model_roc_auc_on_oracle_rows", r.modelOnOracleRows() == null ? null
                        : r.modelOnOracleRows().rocAuc());
                row.put("champion_before_metric", r.champion() == null ? null : r.champion().logLoss());
                row.put("algorithm", r.predictor().algorithm());
                decision = r.decision();
                promoted = r.promoted();
                split = r.split();
            } else {
                DurationTrainingResult r = new DurationModelTrainer(settings).train(definition.name(), rows, spec,
                        definition.baseline(), provenance, championBefore == null ? null : new Champion<>(
                                registry.loadDuration(definition.name(), championBefore),
                                heldOutFrom(registry, definition.name(), championBefore)));
                trainingData.put("held_out_from", r.split().testStart().toString());
                report.putAll(r.toReport());
                registry.save(definition.name(), version, r.predictor(), trainingData, report);
                putDuration(row, "", r.test());
                putDuration(row, "baseline_", r.baseline());
                row.put("p10_p90_band_coverage", r.bandCoverage());
                row.put("champion_before_metric", r.champion() == null ? null : r.champion().meanAbsoluteError());
                row.put("algorithm", r.predictor().algorithm());
                decision = r.decision();
                promoted = r.promoted();
                split = r.split();
            }
            if (promoted) {
                registry.promote(definition.name(), version, decision);
            }
            row.put("train_seconds", (System.nanoTime() - start) / 1e9);
            row.put("model_version", version);
            row.put("status", "trained");
            row.put("baseline_name", definition.baseline() == null ? null : definition.baseline().name());
            row.put("champion_before_version", championBefore);
            row.put("is_champion", promoted);
            row.put("decision", decision);
            row.put("report_path", registry.location() + "/" + definition.name() + "/" + version + "/report.json");
            putSplit(row, split, trainingData, report);
            LOG.info("model={} version={} table={} table_version={} rows_in={} rows_trained={} algorithm={} {}",
                    definition.name(), version, tableName, tableVersion, sample.totalRows(), rows.size(),
                    row.get("algorithm"), decision);
            return new ModelRunOutcome(definition.name(), version, null, row, report);
        } catch (TrainingDataException e) {
            LOG.warn("model={} table={} training refused: {}", definition.name(), tableName, e.getMessage());
            row.put("status", "refused");
            row.put("message", e.getMessage());
            return new ModelRunOutcome(definition.name(), null, e.getMessage(), row, null);
        }
    }

    /** The first snapshot date a registered version never trained on (its test period's start). */
    @SuppressWarnings("unchecked")
    private static LocalDate heldOutFrom(ModelRegistry registry, String name, String version) {
        Map<String, Object> data = (Map<String, Object>) registry.manifest(name, version).get("training_data");
        Object from = data == null ? null : data.get("held_out_from");
        if (from == null) {
            throw new IllegalStateException("Model " + name + " " + version + " has no held_out_from in its manifest;"
                    + " it was saved by an older RevLake: retrain it");
        }
        return LocalDate.parse(from.toString());
    }

    /** Leaves out the snapshots of the last {@code maturityDays} days of the table (see ModelDefinition). */
    private static Dataset<Row> mature(Dataset<Row> table, ModelDefinition definition) {
        if (definition.maturityDays() == 0) {
            return table;
        }
        LocalDate last = DeltaTables.extremeDate(table, col(definition.timeColumn()), true);
        if (last == null) {
            return table;
        }
        LocalDate cutoff = last.minusDays(definition.maturityDays());
        return table.where(col(definition.timeColumn()).leq(org.apache.spark.sql.functions.lit(cutoff)));
    }

    private static Map<String, Provenance> provenance(Map<String, Object> trainingData, Long tableVersion) {
        Map<String, Provenance> p = new LinkedHashMap<>();
        for (String key : List.of("table", "label", "labelled_rows", "time_column", "from", "to", "run_id")) {
            Object v = trainingData.get(key);
            if (v != null) {
                p.put("training-data-" + key.replace('_', '-'), new StringProvenance(key, v.toString()));
            }
        }
        if (tableVersion != null) {
            p.put("training-data-table-version", new LongProvenance("table_version", tableVersion));
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static void putSplit(Map<String, Object> row, TimeSplit split, Map<String, Object> trainingData,
            Map<String, Object> report) {
        Map<String, Object> parts = (Map<String, Object>) report.get("split");
        row.put("rows_train", ((Number) ((Map<String, Object>) parts.get("train")).get("rows")).longValue());
        row.put("rows_validation", ((Number) ((Map<String, Object>) parts.get("validation")).get("rows")).longValue());
        row.put("rows_test", ((Number) ((Map<String, Object>) parts.get("test")).get("rows")).longValue());
        row.put("data_from", date(trainingData.get("from")));
        row.put("validation_from", split.validationStart());
        row.put("test_from", split.testStart());
        row.put("data_to", date(trainingData.get("to")));
    }

    private static LocalDate date(Object isoDate) {
        return isoDate == null ? null : LocalDate.parse(isoDate.toString());
    }

    private static void putBinary(Map<String, Object> row, String prefix, BinaryMetrics m) {
        if (m == null) {
            return;
        }
        row.put(prefix + "roc_auc", m.rocAuc());
        row.put(prefix + "pr_auc", m.prAuc());
        row.put(prefix + "log_loss", m.logLoss());
        row.put(prefix + "brier_score", m.brierScore());
        row.put(prefix + "expected_calibration_error", m.expectedCalibrationError());
        row.put(prefix + "top_decile_lift", m.topDecileLift());
        row.put(prefix + "top_decile_capture", m.topDecileCapture());
    }

    private static void putDuration(Map<String, Object> row, String prefix, RegressionMetrics m) {
        if (m == null) {
            return;
        }
        row.put(prefix + "mean_absolute_error_days", m.meanAbsoluteError());
        row.put(prefix + "within_14_days_share", m.withinToleranceShare());
    }
}
