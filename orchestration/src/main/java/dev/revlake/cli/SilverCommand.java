package dev.revlake.cli;

import java.util.concurrent.Callable;

import dev.revlake.ops.StepRecorder;
import dev.revlake.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code revlake silver}: bronze → silver for the rows ingested on a date (or range). */
@Command(name = "silver", mixinStandardHelpOptions = true,
        description = "Build silver tables from the bronze rows ingested on a date (or range).")
final class SilverCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    DateRange dates;

    @Override
    public Integer call() {
        var first = dates.first();
        var last = dates.last();
        Pipeline pipeline = new Pipeline(Spark.session("silver"), lake.lake(), lake.raw(), System.out::println);
        for (StepRecorder.TableResult r : pipeline.silver(first, last)) {
            System.out.printf("  %-28s read %,10d  written %,10d  version %d%n", r.table(), r.rowsRead(),
                    r.rowsWritten(), r.deltaVersion());
        }
        return 0;
    }
}
