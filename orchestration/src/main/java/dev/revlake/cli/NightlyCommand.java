package dev.revlake.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;

import dev.revlake.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code revlake nightly}: the nightly run for one date, or one nightly run per date of a range in
 * turn (in one JVM, so Spark starts once), as far as the pipeline goes.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = "Run the nightly pipeline (ingest with late files → silver) for --date, or for every date"
                + " from --from to --to, one nightly run per day.")
final class NightlyCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    DateRange dates;

    @Override
    public Integer call() {
        LocalDate first = dates.first();
        LocalDate last = dates.last();
        Pipeline pipeline = new Pipeline(Spark.session("nightly"), lake.lake(), lake.raw(), System.out::println);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            System.out.println("nightly run for " + day);
            pipeline.nightly(day);
        }
        return 0;
    }
}
