package dev.revlake.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.export.ExportConfig;
import dev.revlake.lake.Lake;
import dev.revlake.lake.Locations;
import dev.revlake.privacy.EraseConfig;
import dev.revlake.privacy.EraseJob;
import dev.revlake.privacy.EraseResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code revlake erase}: the right to be forgotten for one person, by e-mail or contact id. Prints
 * counts per table, never the e-mail or the ids.
 */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erase one person (by e-mail or CRM contact id) from every table of the lake, the identity"
                + " map, the model reports and the pending CRM export batches (and, with --raw, the landing files),"
                + " then VACUUM the tables touched and record the request in ops_erasures without personal data.",
            "Old table versions stay readable by time travel until the retention has passed and VACUUM has run"
                + " again: see docs/privacy.md."})
final class EraseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lake", paramLabel = "DIR|URI", defaultValue = "demo/lake",
            description = "Lake root (default: ${DEFAULT-VALUE}).")
    String lake;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "The person's e-mail address.")
    String email;

    @Option(names = "--contact-id", paramLabel = "ID", description = "The person's CRM contact or lead id.")
    String contactId;

    @Option(names = "--raw", paramLabel = "DIR|URI",
            description = "Also rewrite the raw landing files that hold the person (else a backfill brings them"
                    + " back).")
    String raw;

    @Option(names = "--exports", paramLabel = "DIR|URI",
            description = "CRM export folder whose batches are rewritten (default: <lake>/exports).")
    String exports;

    @Option(names = "--retain-hours", paramLabel = "N",
            description = "VACUUM retention in hours (default: each table's own, Delta's 168). Below 168 Delta's"
                    + " retention safety check is switched off for this VACUUM only.")
    Double retainHours;

    @Option(names = "--request-id", paramLabel = "TEXT", description = "Reference of the request, kept in the audit.")
    String requestId;

    @Option(names = "--dry-run", description = "Count what would be erased; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Lake root = new Lake(Locations.normalize(lake));
        // Validated before Spark starts; the messages never repeat the address or the id.
        EraseConfig config = new EraseConfig(root, email, contactId, raw == null ? null : Locations.normalize(raw),
                exports == null ? ExportConfig.defaultOut(root) : Locations.normalize(exports), retainHours,
                requestId, dryRun);
        SparkSession spark = Spark.session("erase");
        EraseResult r = EraseJob.run(spark, config);
        PrintWriter w = spec.commandLine().getOut();
        print(r, w);
        w.flush();
        return 0;
    }

    /** Counts only: the subject's ids, rows per table, files rewritten, vacuum, audit id. */
    static void print(EraseResult r, PrintWriter w) {
        w.printf("subject: %d contact%s, %d anonymous id%s, %d e-mail address%s%n", r.contactIds(),
                r.contactIds() == 1 ? "" : "s", r.anonymousIds(), r.anonymousIds() == 1 ? "" : "s", r.emails(),
                r.emails() == 1 ? "" : "es");
        if (r.nothingFound()) {
            w.println("nothing to erase: no table, export batch or model file names this person"
                    + (r.erasureId() == null ? "" : " (request recorded as erasure " + r.erasureId() + ")"));
            return;
        }
        String verb = r.dryRun() ? "would be " : "";
        Map<String, String> lines = new TreeMap<>();
        r.rowsDeletedByTable().forEach((t, n) -> lines.put(t, String.format("%,10d rows %sdeleted", n, verb)));
        r.rowsUnlinkedByTable().forEach((t, n) -> lines.put(t, String.format("%,10d rows %sunlinked (contact_id set"
                + " to null)", n, verb)));
        lines.forEach((t, line) -> w.printf("%-32s %s%n", t, line));
        w.printf("files %srewritten: %d raw, %d export, %d model%n", verb, r.rawFilesRewritten(),
                r.exportFilesRewritten(), r.modelFilesRewritten());
        if (r.dryRun()) {
            w.println("dry run: nothing was changed");
            return;
        }
        w.printf("vacuumed %d table%s (retention: %s)%n", r.tablesVacuumed(), r.tablesVacuumed() == 1 ? "" : "s",
                r.retainHours() == null ? "each table's own, 168 h by default" : r.retainHours() + " h");
        w.printf("erasure %s recorded in ops_erasures%n", r.erasureId());
    }
}
