package dev.revlake.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.pipeline.Pipeline;
import dev.revlake.quality.CheckResult;
import dev.revlake.quality.QualityCheckJob;
import dev.revlake.quality.Stage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code revlake check}: the data-quality gate of a stage for a run date. Records every check in
 * {@code ops_quality_checks}, prints them, and exits {@link RevLakeCli#QUALITY_GATE_FAILED} when an
 * error-severity check failed, naming the check and by how much, so the DAG stops before the CRM.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a stage's tables for a run date against their declared data-quality expectations"
                + " (docs/quality.md) and record the results in ops_quality_checks.",
            "--date checks one run date; --from/--to checks each date of a range.",
            "Exit code 3 when an error-severity check failed (the gate stops the nightly DAG), 0 otherwise."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    DateRange dates;

    @Option(names = "--stage", paramLabel = "STAGE", required = true,
            description = "bronze, silver, gold or scores.")
    String stage;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Stage s = Stage.of(stage);
        LocalDate first = dates.first();
        LocalDate last = dates.last();
        SparkSession spark = Spark.session("check");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<CheckResult> failed = new ArrayList<>();
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
            QualityCheckJob.Config config = new QualityCheckJob.Config(lake.lake(), s, date,
                    Pipeline.newRunId("check-" + s.id(), date));
            QualityCheckJob.Report report = QualityCheckJob.run(spark, config);
            // One date: every check; a range: only what did not pass, to keep it readable.
            boolean all = first.equals(last);
            out.printf("%-10s %-28s %-56s %-8s %-8s %12s %12s%n", "run_date", "table", "check", "severity", "status",
                    "observed", "limit");
            for (CheckResult r : report.results()) {
                if (all || !r.status().equals(CheckResult.PASSED)) {
                    out.printf("%-10s %-28s %-56s %-8s %-8s %12s %12s%n", date, r.tableName(), r.checkName(),
                            r.severity().id(), r.status(), number(r.observedValue()), number(r.thresholdValue()));
                }
            }
            for (CheckResult r : report.results()) {
                if (r.status().equals(CheckResult.WARNED)) {
                    out.println("warning: " + r.message());
                }
            }
            List<CheckResult> gate = report.gateFailures();
            failed.addAll(gate);
            out.printf("%s quality checks for %s: %d checks, %d failed, %d warned, %d skipped (run %s)%n", s.id(), date,
                    report.results().size(), gate.size(), count(report, CheckResult.WARNED),
                    count(report, CheckResult.SKIPPED), report.runId());
        }
        out.flush();
        if (failed.isEmpty()) {
            return 0;
        }
        // One line per failure on stderr: the DAG runner keeps the last one as the task's message.
        failed.forEach(r -> err.println("quality gate failed: " + r.message()));
        err.flush();
        return RevLakeCli.QUALITY_GATE_FAILED;
    }

    private static long count(QualityCheckJob.Report report, String status) {
        return report.results().stream().filter(r -> r.status().equals(status)).count();
    }

    private static String number(Double value) {
        if (value == null) {
            return "-";
        }
        return value % 1 == 0 ? String.format(Locale.ROOT, "%,d", value.longValue())
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
