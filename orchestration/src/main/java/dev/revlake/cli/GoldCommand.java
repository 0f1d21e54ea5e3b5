package dev.revlake.cli;

import java.util.concurrent.Callable;

import dev.revlake.ops.StepRecorder;
import dev.revlake.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code revlake gold}: silver → gold for a snapshot date, or a whole range in one batch. */
@Command(name = "gold", mixinStandardHelpOptions = true,
        description = {"Build gold tables (touches, lead and opportunity features, funnel, contact activity)"
                + " for a snapshot date, or for a range of dates in one batch (a backfill).",
            "Labels count as matured up to the last date."})
final class GoldCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    DateRange dates;

    @Override
    public Integer call() {
        Pipeline pipeline = new Pipeline(Spark.session("gold"), lake.lake(), lake.raw(), System.out::println);
        for (StepRecorder.TableResult r : pipeline.gold(dates.first(), dates.last())) {
            System.out.printf("  %-30s written %,10d  version %d%n", r.table(), r.rowsWritten(), r.deltaVersion());
        }
        return 0;
    }
}
