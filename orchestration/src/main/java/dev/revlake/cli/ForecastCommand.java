package dev.revlake.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.forecast.AccuracySummary;
import dev.revlake.forecast.PipelineForecastJob;
import dev.revlake.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code revlake forecast}: the pipeline forecast of the given nights from their deal scores, then
 * the accuracy of every stored forecast of the periods that have closed.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {"Forecast the pipeline (month and quarter, per owner and segment, Monte Carlo P10-P90) from"
                + " the deal scores of the given nights, and compare past forecasts of closed periods with actual"
                + " bookings.", "Run 'revlake score' for the nights first."})
final class ForecastCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    DateRange dates;

    @Option(names = "--draws", paramLabel = "N", defaultValue = "" + PipelineForecastJob.DEFAULT_DRAWS,
            description = "Monte Carlo draws (default: ${DEFAULT-VALUE}).")
    int draws;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + PipelineForecastJob.DEFAULT_SEED,
            description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skip-without-models",
            description = "Exit 0 with a message when the lake has no opportunity_win champion yet (so no deal"
                    + " scores) instead of failing.")
    boolean skipWithoutModels;

    @Override
    public Integer call() {
        SparkSession spark = Spark.session("forecast");
        if (skipWithoutModels && !ScoreCommand.hasChampion(spark, lake.lake(), List.of("opportunity_win"))) {
            System.out.println("no opportunity_win champion in the lake yet: nothing forecast (run revlake train)");
            return 0;
        }
        Pipeline pipeline = new Pipeline(spark, lake.lake(), lake.raw(), System.out::println);
        List<AccuracySummary> accuracy = pipeline.forecast(dates.first(), dates.last(), draws, seed,
                Pipeline.newRunId(PipelineForecastJob.JOB, dates.last()));
        accuracy.forEach(a -> System.out.println("  " + a.describe()));
        return 0;
    }
}
