package dev.revlake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

import dev.revlake.dag.Dag;
import dev.revlake.lake.Lake;
import dev.revlake.lake.Locations;
import dev.revlake.forecast.PipelineForecastJob;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.report.HtmlReport;
import dev.revlake.score.ScoringConfig;
import dev.revlake.models.training.TrainingSettings;
import dev.revlake.runner.DagRunResult;
import dev.revlake.runner.DagRunner;
import dev.revlake.simulate.SimulatorConfig;
import dev.revlake.train.ModelRunOutcome;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.TrainConfig;
import dev.revlake.train.TrainingSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code revlake demo}: simulate a company and run the whole pipeline on the embedded default
 * (Spark {@code local[*]} over a local lake) with the local DAG runner: the history as the
 * {@code revlake_backfill} DAG (one batch per stage), model training with the simulator's truth as
 * the oracle, scores for the nights after the first month, then the last day as the
 * {@code revlake_nightly} DAG, which ends with the CRM reload files.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulate a company and run the pipeline end to end on local Spark over <dir>/lake.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "Demo folder; its raw/, truth/, lake/, exports/ and report/ are replaced (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Mixin
    CompanyOptions company;

    /** A demo that fails should say so soon, not after the DAG's five-minute retry delay. */
    private static final java.time.Duration DEMO_RETRY_DELAY = java.time.Duration.ofSeconds(5);

    @Override
    public Integer call() {
        if (company.days < 2) {
            throw new IllegalArgumentException("Invalid days: " + company.days + " (the demo needs at least 2)");
        }
        Instant begin = Instant.now();
        Path root = dir.toAbsolutePath().normalize();
        Path raw = root.resolve("raw");
        Path truth = root.resolve("truth");
        Path lakeDir = root.resolve("lake");
        Path exports = root.resolve("exports");
        Path report = root.resolve("report");
        for (Path p : new Path[] {raw, truth, lakeDir, exports, report}) {
            deleteRecursively(p);
        }
        SimulatorConfig config = company.config(raw, truth, SimulatorConfig.DEFAULT_DIRT_RATE);
        SimulateCommand.printSummary(SimulateCommand.simulate(config));

        LocalDate first = config.start();
        LocalDate last = first.plusDays(company.days - 1L);
        System.out.println("starting Spark (local[*])...");
        SparkSession spark = Spark.session("demo");
        Lake lake = new Lake(Locations.normalize(lakeDir.toString()));
        Pipeline pipeline = new Pipeline(spark, lake, raw.toString(), line -> System.out.println("  " + line));

        // The history and the last night run through the same DAGs Airflow would run (orchestration/dags).
        List<Dag> dags = DagsCommand.load(Path.of(DagsCommand.DEFAULT_FILE));
        DagRunner runner = new DagRunner(spark, lake, RevLakeCli::execute, new DagRunner.Options(
                RunnerOptions.variables(lake.root(), raw.toString(), exports.toString()), DEMO_RETRY_DELAY, false, null), System.out);
        System.out.printf("backfill %s..%s as one batch per stage (DAG revlake_backfill)%n", first, last.minusDays(1));
        require(runner.backfill(dag(dags, "revlake_backfill"), first, last.minusDays(1)));

        TrainingSettings d = TrainingSettings.DEFAULTS;
        TrainingSettings small = new TrainingSettings(d.validationShare(), d.testShare(), 30, 10, d.trees(), d.seed());
        System.out.printf("%ntraining the lead conversion, opportunity win and close-date models (at least %d positive"
                + " examples to train and %d to evaluate instead of %d and %d: the demo company is small)%n",
                small.minPositives(), small.minEvaluationPositives(), d.minPositives(), d.minEvaluationPositives());
        List<ModelRunOutcome> models = ModelTrainingJob.run(spark, new TrainConfig(lake, TrainConfig.ALL_MODELS,
                TrainingSets.DEFAULT_MAX_ROWS, small, truth.toString(), Pipeline.newRunId("train", last)));
        models.forEach(m -> TrainCommand.print(m, System.out));

        // The first month is history only; every night after it is scored with today's champions
        // so the forecast has past nights to be judged on (in-sample for the nights trained on).
        LocalDate scoreFrom = first.plusDays(Math.min(30, company.days - 1L));
        int scored = 0;
        if (scoreFrom.isBefore(last)) {
            System.out.printf("%nscoring, alerts and forecasts for %s..%s with today's champions%n", scoreFrom,
                    last.minusDays(1));
            scored = ScoreCommand.print(pipeline.score(ScoringConfig.defaults(lake, scoreFrom, last.minusDays(1),
                    Pipeline.newRunId("score", last)), PipelineForecastJob.DEFAULT_DRAWS,
                    PipelineForecastJob.DEFAULT_SEED));
        }

        System.out.printf("%nnightly run for %s (DAG revlake_nightly: ingest each source, silver, gold, scores and"
                + " alerts, forecast, CRM reload files into %s)%n", last, exports);
        require(List.of(runner.run(dag(dags, "revlake_nightly"), last)));

        System.out.println();
        LakeSummary.print(spark, lake, System.out);
        System.out.println();
        HtmlReport.Result page = ReportCommand.write(spark, lake, report);
        System.out.printf("demo finished in %.0f s.%n", Duration.between(begin, Instant.now()).toMillis() / 1000.0);
        System.out.println("  raw landing zone: " + raw);
        System.out.println("  hidden truth:     " + truth);
        System.out.println("  Delta lake:       " + lakeDir + "  (bronze/, silver/, gold/, ops/, _models/)");
        System.out.println("  CRM reload files: " + exports);
        System.out.println("  report:           " + page.page() + "  (open it in a browser; notebooks: notebooks-java/)");
        if (scored != 0) {
            System.out.println("Scoring did not complete (see 'not scored' above).");
        }
        System.out.println("Next: ./revlake tables --lake " + lakeDir + "   |   ./revlake serve --lake " + lakeDir
                + " --port 8080 (with REVLAKE_API_TOKEN set)   |   ./revlake nightly --help");
        return 0;
    }

    private static Dag dag(List<Dag> dags, String id) {
        return dags.stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("DAG " + id + " is missing from " + DagsCommand.DEFAULT_FILE));
    }

    private static void require(List<DagRunResult> runs) {
        for (DagRunResult r : runs) {
            if (!r.succeeded()) {
                throw new IllegalStateException(r.label() + " did not finish: " + r.tasks().stream()
                        .filter(t -> t.message() != null).map(t -> t.taskId() + ": " + t.message()).findFirst()
                        .orElse("see above"));
            }
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot clear " + p + ": " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + path + ": " + e.getMessage(), e);
        }
    }
}
