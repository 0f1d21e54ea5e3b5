package dev.revlake.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.export.CrmExportJob;
import dev.revlake.export.CrmJdbcPush;
import dev.revlake.export.ExportConfig;
import dev.revlake.export.ExportFormat;
import dev.revlake.export.ExportResult;
import dev.revlake.export.ExportView;
import dev.revlake.export.JdbcPushConfig;
import dev.revlake.lake.Lake;
import dev.revlake.lake.Locations;
import dev.revlake.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revlake export}: the scores and forecasts that changed since the last export, as CRM load
 * files (Salesforce Bulk API 2.0, HubSpot import, JSON Lines) in one batch folder, or upserted into
 * PostgreSQL staging tables with {@code --jdbc-url}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the lead scores, opportunity scores and pipeline forecasts that changed since the"
                + " last export: one batch folder of Salesforce Bulk API 2.0 CSV, HubSpot import CSV and JSON Lines"
                + " files with a manifest.json, published atomically.",
            "With --jdbc-url: upsert the same rows into PostgreSQL staging tables instead (add --format to write"
                + " files as well). The user comes from " + JdbcPushConfig.USER_VARIABLE + ", the password from"
                + " --jdbc-password-file or " + JdbcPushConfig.PASSWORD_VARIABLE + " (never from the command line,"
                + " which shows in ps)."})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR|URI", description = "Batch folders go here (default: <lake>/exports).")
    String out;

    @Option(names = "--format", paramLabel = "LIST",
            description = "Comma-separated file formats: salesforce, hubspot, jsonl (default: all three; none with"
                    + " --jdbc-url).")
    String format;

    @Option(names = "--max-file-bytes", paramLabel = "N", defaultValue = "" + ExportConfig.DEFAULT_MAX_FILE_BYTES,
            description = "Largest file, header included; bigger outputs are split (default: ${DEFAULT-VALUE},"
                    + " below Bulk API 2.0's 150 MB per upload).")
    long maxFileBytes;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "jdbc:postgresql://host:port/db: upsert into revlake_* staging tables.")
    String jdbcUrl;

    @Option(names = "--jdbc-password-file", paramLabel = "FILE",
            description = "File holding the database password (instead of the " + JdbcPushConfig.PASSWORD_VARIABLE
                    + " variable).")
    java.nio.file.Path jdbcPasswordFile;

    @Option(names = "--jdbc-batch-size", paramLabel = "N", defaultValue = "" + JdbcPushConfig.DEFAULT_BATCH_SIZE,
            description = "Rows per JDBC batch statement (default: ${DEFAULT-VALUE}).")
    int jdbcBatchSize;

    @Option(names = "--skip-without-scores",
            description = "Exit 0 with a message when the lake has no score table yet (a new lake before its first"
                    + " training) instead of failing.")
    boolean skipWithoutScores;

    @Override
    public Integer call() {
        Lake lakeRoot = lake.lake();
        String runId = Pipeline.newRunId(CrmExportJob.JOB, LocalDate.now(ZoneOffset.UTC));
        // Every setting is validated before Spark starts: a typo costs no start-up time.
        ExportConfig files = null;
        if (format != null || jdbcUrl == null) {
            List<ExportFormat> formats = format == null ? List.of(ExportFormat.values()) : ExportFormat.parse(format);
            files = new ExportConfig(lakeRoot, out == null ? ExportConfig.defaultOut(lakeRoot)
                    : Locations.normalize(out), formats, maxFileBytes, runId);
        }
        JdbcPushConfig jdbc = jdbcUrl == null ? null : new JdbcPushConfig(lakeRoot, jdbcUrl,
                System.getenv(JdbcPushConfig.USER_VARIABLE), Secrets.read(jdbcPasswordFile, "--jdbc-password-file",
                JdbcPushConfig.PASSWORD_VARIABLE, System.getenv()), jdbcBatchSize, runId);
        SparkSession spark = Spark.session("export");
        PrintWriter w = spec.commandLine().getOut();
        if (skipWithoutScores && ExportView.present(spark, lakeRoot, new java.util.ArrayList<>()).isEmpty()) {
            w.println("no score tables in the lake yet: nothing to export (run revlake train, then revlake score)");
            w.flush();
            return 0;
        }
        if (jdbc != null) {
            print(CrmJdbcPush.push(spark, jdbc), w);
        }
        if (files != null) {
            print(CrmExportJob.run(spark, files), w);
        }
        w.flush();
        return 0;
    }

    /** One line per view, then where the batch is (or that nothing changed). */
    static void print(ExportResult r, PrintWriter w) {
        for (ExportResult.ViewExport v : r.views()) {
            w.printf("%-20s %,8d rows  versions %d→%d  %s%s%n", v.view(), v.rows(), v.fromVersion(), v.toVersion(),
                    v.files().isEmpty() ? String.join(", ", v.targets()) : String.join(", ", v.files()),
                    v.note() == null ? "" : "  (" + v.note() + ")");
        }
        for (String m : r.missing()) {
            w.println("skipped " + m);
        }
        if (r.rows() == 0) {
            w.println("0 rows changed since the last export"
                    + (r.location() == null ? "; no batch written" : " to " + r.location()));
        } else if (r.batchId() != null) {
            w.printf("Batch %s: %,d rows published in %s%n", r.batchId(), r.rows(), r.location());
        } else {
            w.printf("%,d rows upserted into %s%n", r.rows(), r.location());
        }
    }
}
