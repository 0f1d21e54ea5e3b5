package dev.revlake.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.TableContract;
import dev.revlake.ops.CompactionJob;
import dev.revlake.pipeline.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code revlake compact}: the weekly upkeep of the lake's Delta tables. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Compact the lake's Delta tables (OPTIMIZE: small files of each partition into one, rows"
                + " marked in deletion vectors dropped) and, with --vacuum, delete files no version within each"
                + " table's retention needs (VACUUM, 7 days by default).",
            "Nightly runs leave small files, and the identity stitching leaves deletion vectors in silver_events"
                + " and silver_sessions: run it weekly (the revlake_weekly_maintenance DAG does)."})
final class CompactCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--table", split = ",", paramLabel = "TABLE[,TABLE...]",
            description = "Only these tables (default: every table of the lake).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--vacuum", description = "Also VACUUM each table with its own retention.")
    boolean vacuum;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<TableContract> chosen = chosen(tables);
        SparkSession spark = Spark.session("compact");
        CompactionJob.Config config = new CompactionJob.Config(lake.lake(), chosen, vacuum,
                Pipeline.newRunId(CompactionJob.JOB, LocalDate.now(ZoneOffset.UTC)));
        PrintWriter out = spec.commandLine().getOut();
        List<CompactionJob.TableCompaction> done = CompactionJob.run(spark, config);
        out.printf("%-30s %8s %8s %10s %10s %14s %8s%n", "table", "files", "after", "with DV", "after", "bytes rewritten",
                "seconds");
        for (CompactionJob.TableCompaction c : done) {
            out.printf("%-30s %8d %8d %10d %10d %14d %8.1f%n", c.table(), c.filesBefore(), c.filesAfter(),
                    c.deletionVectorFilesBefore(), c.deletionVectorFilesAfter(), c.bytesRewritten(), c.seconds());
        }
        out.printf("compacted %d tables%s (%d not created yet)%n", done.size(), vacuum ? " and vacuumed them" : "",
                chosen.size() - done.size());
        out.flush();
        return 0;
    }

    /** The named tables (every table when none is named); an unknown name is a usage error. */
    static List<TableContract> chosen(List<String> names) {
        List<TableContract> all = LakeSummary.allTables();
        if (names.isEmpty()) {
            return all;
        }
        Map<String, TableContract> byName = all.stream().collect(Collectors.toMap(TableContract::name,
                Function.identity()));
        List<TableContract> chosen = new ArrayList<>();
        for (String n : names) {
            TableContract t = byName.get(n.trim());
            if (t == null) {
                throw new IllegalArgumentException("Invalid table: " + n + " (one of " + String.join(", ",
                        byName.keySet().stream().sorted().toList()) + ")");
            }
            chosen.add(t);
        }
        return chosen;
    }
}
