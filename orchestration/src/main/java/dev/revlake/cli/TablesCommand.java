package dev.revlake.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code revlake tables}: what the lake holds. */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "List the lake's tables with Delta version, rows and grain, and the quarantine reasons.")
final class TablesCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Override
    public Integer call() {
        LakeSummary.print(Spark.session("tables"), lake.lake(), System.out);
        return 0;
    }
}
