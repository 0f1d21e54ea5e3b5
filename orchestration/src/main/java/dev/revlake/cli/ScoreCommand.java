package dev.revlake.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.forecast.AccuracySummary;
import dev.revlake.forecast.PipelineForecastJob;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.score.ScoringConfig;
import dev.revlake.train.ModelTrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code revlake score}: applies the champion models to the open leads and deals of the given
 * nights, raises handoff alerts, forecasts the pipeline and evaluates the forecasts of closed
 * periods.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score open leads and deals with the champion models, raise handoff alerts, forecast the"
                + " pipeline (month and quarter) and compare past forecasts of closed periods with actual bookings.",
            "--date scores one night; --from/--to scores every night of a range with today's champions."})
final class ScoreCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    DateRange dates;

    @Option(names = "--handoff-threshold", paramLabel = "SCORE", defaultValue = "" + ScoringConfig.DEFAULT_TIER_A,
            description = "Score (1..99) at which a lead is handed to sales and alerts (default: ${DEFAULT-VALUE}).")
    int handoffThreshold;

    @Option(names = "--tiers", paramLabel = "A,B,C", split = ",",
            defaultValue = ScoringConfig.DEFAULT_TIER_A + "," + ScoringConfig.DEFAULT_TIER_B + ","
                    + ScoringConfig.DEFAULT_TIER_C,
            description = "Lowest scores of tiers A, B and C; below C is D (default: ${DEFAULT-VALUE}).")
    List<Integer> tiers;

    @Option(names = "--unassigned-queue", paramLabel = "NAME", defaultValue = ScoringConfig.DEFAULT_UNASSIGNED_QUEUE,
            description = "Where alerts of leads without an owner go (default: ${DEFAULT-VALUE}).")
    String unassignedQueue;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "" + PipelineForecastJob.DEFAULT_DRAWS,
            description = "Monte Carlo draws of the forecast (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + PipelineForecastJob.DEFAULT_SEED,
            description = "Seed of the forecast draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--forecast", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also forecast the pipeline and evaluate closed periods (default: ${DEFAULT-VALUE};"
                    + " --no-forecast leaves that to 'revlake forecast').")
    boolean forecast;

    @Option(names = "--skip-without-models",
            description = "Exit 0 with a message when the lake has no champion model yet (a new lake before its"
                    + " first training) instead of failing; when only some champions exist (a lead model but no deal"
                    + " models yet), score what they can and say what was left out.")
    boolean skipWithoutModels;

    /** The champion models scoring uses. */
    static final List<String> SCORING_MODELS = List.of("lead_conversion", "opportunity_win");

    @Override
    public Integer call() {
        if (tiers.size() != 3) {
            throw new IllegalArgumentException("Invalid tiers: " + tiers + " (give three scores, e.g. 30,15,5)");
        }
        ScoringConfig config = new ScoringConfig(lake.lake(), dates.first(), dates.last(), tiers.get(0), tiers.get(1),
                tiers.get(2), handoffThreshold, unassignedQueue, Pipeline.newRunId("score", dates.last()));
        SparkSession spark = Spark.session("score");
        if (skipWithoutModels && !hasChampion(spark, config.lake(), SCORING_MODELS)) {
            System.out.println("no champion models in the lake yet: nothing scored (run revlake train)");
            return 0;
        }
        Pipeline pipeline = new Pipeline(spark, config.lake(), lake.raw(), System.out::println);
        Pipeline.ScoreOutcome outcome = forecast ? pipeline.score(config, draws, seed)
                : pipeline.scoreLeadsAndDeals(config);
        return print(skipWithoutModels ? withoutMissingChampions(spark, config.lake(), outcome) : outcome);
    }

    /**
     * The outcome less the parts left out because their champion does not exist yet, each named on
     * a line: a young lake trains its lead model weeks before its deal models (deal labels need 60
     * days to mature), and its nightly run must not fail every night until then.
     */
    static Pipeline.ScoreOutcome withoutMissingChampions(SparkSession spark, dev.revlake.lake.Lake lake,
            Pipeline.ScoreOutcome outcome) {
        var registry = ModelTrainingJob.registry(spark, lake);
        boolean leadModel = registry.champion("lead_conversion").isPresent();
        boolean dealModels = registry.champion("opportunity_win").isPresent()
                && registry.champion("close_date").isPresent();
        List<String> kept = new java.util.ArrayList<>();
        for (String p : outcome.problems()) {
            if (!leadModel && p.startsWith("lead scores: ")) {
                System.out.println("no lead_conversion champion yet: leads not scored (run revlake train)");
            } else if (!dealModels && p.startsWith("deal scores: ")) {
                System.out.println("no opportunity_win and close_date champions yet: deals not scored and not"
                        + " forecast (run revlake train)");
            } else {
                kept.add(p);
            }
        }
        return new Pipeline.ScoreOutcome(kept, outcome.accuracy());
    }

    /** Whether the lake's registry has a champion for any of the models. */
    static boolean hasChampion(SparkSession spark, dev.revlake.lake.Lake lake, List<String> models) {
        var registry = ModelTrainingJob.registry(spark, lake);
        return models.stream().anyMatch(m -> registry.champion(m).isPresent());
    }

    /** Prints the accuracy of closed periods and the problems; the exit code (1 when a part could not run). */
    static int print(Pipeline.ScoreOutcome outcome) {
        for (AccuracySummary a : outcome.accuracy()) {
            System.out.println("  " + a.describe());
        }
        for (String p : outcome.problems()) {
            System.out.println("not scored: " + p);
        }
        return outcome.problems().isEmpty() ? 0 : 1;
    }
}
