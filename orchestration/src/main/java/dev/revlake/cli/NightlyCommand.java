package dev.revlake.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.forecast.PipelineForecastJob;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.score.ScoringConfig;
import dev.revlake.train.ModelTrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code revlake nightly}: the nightly run for one date, or one nightly run per date of a range in
 * turn (in one JVM, so Spark starts once), as far as the pipeline goes.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = "Run the nightly pipeline (ingest with late files → silver → gold → scores, alerts and"
                + " forecast once models exist) for --date, or for every date from --from to --to, one nightly run"
                + " per day.")
final class NightlyCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    DateRange dates;

    @Option(names = "--score", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "After gold, score, alert and forecast each night once champion models exist"
                    + " (default: ${DEFAULT-VALUE}; --no-score to skip).")
    boolean score;

    @Override
    public Integer call() {
        LocalDate first = dates.first();
        LocalDate last = dates.last();
        SparkSession spark = Spark.session("nightly");
        Pipeline pipeline = new Pipeline(spark, lake.lake(), lake.raw(), System.out::println);
        boolean models = score && ModelTrainingJob.registry(spark, lake.lake()).champion("lead_conversion").isPresent();
        int code = 0;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            System.out.println("nightly run for " + day);
            pipeline.nightly(day);
            if (models) {
                code = Math.max(code, ScoreCommand.print(pipeline.score(ScoringConfig.defaults(lake.lake(), day, day,
                        Pipeline.newRunId("score", day)), PipelineForecastJob.DEFAULT_DRAWS,
                        PipelineForecastJob.DEFAULT_SEED)));
            }
        }
        if (score && !models) {
            System.out.println("no champion models in the lake yet: scores and forecasts skipped (run revlake train)");
        }
        return code;
    }
}
