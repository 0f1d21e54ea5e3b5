package dev.revlake.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;

import dev.revlake.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code revlake nightly}: the nightly run for one date, as far as the pipeline goes. */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = "Run the nightly pipeline for one date: ingest (with late files) → silver.")
final class NightlyCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The logical date.")
    LocalDate date;

    @Override
    public Integer call() {
        new Pipeline(Spark.session("nightly"), lake.lake(), lake.raw(), System.out::println).nightly(date);
        return 0;
    }
}
