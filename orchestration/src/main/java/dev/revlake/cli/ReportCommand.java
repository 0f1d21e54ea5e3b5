package dev.revlake.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.lake.Lake;
import dev.revlake.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code revlake report}: the forecast, lead scores, funnel and model charts as one static HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the forecast, lead-score, funnel and model charts and tables as one HTML page,"
                + " <out>/index.html, with the images embedded.")
final class ReportCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo/report",
            description = "Folder of the page; its index.html is replaced (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        Lake target = lake.lake();
        if (!target.root().contains("://") && !Files.isDirectory(Path.of(target.root()))) {
            throw new IllegalArgumentException("No lake at " + target.root() + ": run ./revlake demo, or pass --lake DIR");
        }
        HtmlReport.Result result = write(Spark.session("report"), target, out);
        if (result.charts() == 0 && result.tables() == 0) {
            throw new IllegalArgumentException("Nothing to report: " + target.root() + " holds no gold or model"
                    + " tables yet (" + String.join("; ", result.missing()) + ")");
        }
        return 0;
    }

    /** Writes the page and prints where it is and which sections had no data yet. */
    static HtmlReport.Result write(SparkSession spark, Lake lake, Path out) {
        HtmlReport.Result result = HtmlReport.write(spark, lake, out.toAbsolutePath().normalize());
        System.out.printf("report: %s (%d charts, %d tables)%n", result.page(), result.charts(), result.tables());
        result.missing().forEach(m -> System.out.println("  not in the report yet: " + m));
        return result;
    }
}
