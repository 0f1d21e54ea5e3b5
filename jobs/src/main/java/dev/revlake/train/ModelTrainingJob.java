package dev.revlake.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.models.ModelDefinition;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.ops.OpsTables;

/**
 * Trains RevLake's models from the gold feature tables: for each model, the table is read at its
 * current Delta version (recorded with the model), trained and evaluated by {@link TrainingRun},
 * registered under {@code <lake>/_models}, and one row per model is appended to
 * {@code ops_model_runs}. A model whose data is insufficient is refused with its reason; the
 * others still train.
 */
public final class ModelTrainingJob {

    private ModelTrainingJob() {
    }

    /** Trains every configured model; returns one outcome per model. */
    public static List<ModelRunOutcome> run(SparkSession spark, TrainConfig config) {
        ModelRegistry registry = registry(spark, config.lake());
        List<ModelRunOutcome> outcomes = new ArrayList<>();
        for (ModelDefinition definition : config.models()) {
            TableContract contract = featureTable(definition);
            if (!DeltaTables.exists(spark, config.lake(), contract)) {
                throw new IllegalStateException("Cannot train " + definition.name() + ": " + contract.name()
                        + " does not exist in " + config.lake().root() + "; run the gold stage first");
            }
            long version = DeltaTables.version(spark, config.lake(), contract);
            Dataset<Row> table = spark.read().format("delta").option("versionAsOf", version)
                    .load(config.lake().path(contract));
            outcomes.add(TrainingRun.train(definition, table, contract.name(), version,
                    oracle(spark, definition, config.truthDir()), registry, config.maxRows(), config.settings(),
                    config.runId()));
        }
        record(spark, config.lake(), outcomes);
        return outcomes;
    }

    /** The registry of a lake. */
    public static ModelRegistry registry(SparkSession spark, Lake lake) {
        return new ModelRegistry(store(spark, lake));
    }

    /** The file store of a lake's registry ({@code <lake>/_models}). */
    public static HadoopModelStore store(SparkSession spark, Lake lake) {
        return new HadoopModelStore(lake.root() + "/_models", spark.sparkContext().hadoopConfiguration());
    }

    /** Appends the outcomes to {@code ops_model_runs} in one commit. */
    public static void record(SparkSession spark, Lake lake, List<ModelRunOutcome> outcomes) {
        DeltaTables.ensure(spark, lake, OpsTables.MODEL_RUNS);
        List<Row> rows = new ArrayList<>();
        for (ModelRunOutcome o : outcomes) {
            Map<String, Object> values = o.row();
            StructField[] fields = OpsTables.MODEL_RUNS.schema().fields();
            Object[] cells = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                cells[i] = values.get(fields[i].name());
            }
            rows.add(RowFactory.create(cells));
        }
        spark.createDataFrame(rows, OpsTables.MODEL_RUNS.schema()).write().format("delta").mode("append")
                .save(lake.path(OpsTables.MODEL_RUNS));
    }

    private static TableContract featureTable(ModelDefinition definition) {
        return GoldTables.all().stream().filter(t -> t.name().equals(definition.table())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown feature table " + definition.table()));
    }

    /**
     * The simulator's true probabilities for the model's rows, when a truth folder is given:
     * {@code p_convert_30d} per lead and day, {@code true_win_probability} per opportunity. Null for
     * the close-date model and for real data.
     */
    static Dataset<Row> oracle(SparkSession spark, ModelDefinition definition, String truthDir) {
        if (truthDir == null) {
            return null;
        }
        Path leads = Path.of(truthDir, "lead_conversion_daily.csv.gz");
        Path opportunities = Path.of(truthDir, "opportunities.csv");
        if (definition.name().equals("lead_conversion") && Files.exists(leads)) {
            return spark.read().option("header", "true").csv(leads.toString())
                    .select(col("contact_id").as(definition.idColumn()),
                            to_date(col("date")).as(definition.timeColumn()),
                            col("p_convert_30d").cast("double").as(TrainingSets.ORACLE));
        }
        if (definition.name().equals("opportunity_win") && Files.exists(opportunities)) {
            // The true win probability is fixed at creation, so it is the oracle on every snapshot.
            return spark.read().option("header", "true").csv(opportunities.toString())
                    .select(col("opportunity_id").as(definition.idColumn()),
                            col("true_win_probability").cast("double").as(TrainingSets.ORACLE));
        }
        return null;
    }
}
