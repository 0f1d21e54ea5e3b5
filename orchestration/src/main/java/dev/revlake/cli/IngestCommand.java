package dev.revlake.cli;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;

import dev.revlake.bronze.BronzeIngestJob;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.raw.Source;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code revlake ingest}: raw landing files → bronze Delta tables. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest raw landing files of a date (or range) into bronze; bad records are quarantined.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    LakeOptions lake;

    @Mixin
    DateRange dates;

    @Option(names = "--source", paramLabel = "SOURCE", split = ",",
            description = "Only these sources (default: all): web_pageviews, email_events, form_submissions, "
                    + "webinar_attendance, crm_accounts, crm_contacts, crm_opportunities, crm_activities.")
    List<String> sources;

    @Override
    public Integer call() {
        List<Source> chosen = sources == null ? Arrays.asList(Source.values())
                : sources.stream().map(Source::fromId).toList();
        var first = dates.first();
        var last = dates.last();
        SparkSession spark = Spark.session("ingest");
        Pipeline pipeline = new Pipeline(spark, lake.lake(), lake.raw(), System.out::println);
        List<BronzeIngestJob.SourceResult> results = pipeline.ingest(first, last, chosen);
        for (BronzeIngestJob.SourceResult r : results) {
            System.out.printf("  %-20s files %4d  read %,10d  written %,10d  quarantined %,7d  duplicates %,7d"
                            + "  version %d%n", r.source().id(), r.files(), r.rowsRead(), r.rowsWritten(),
                    r.rowsQuarantined(), r.duplicatesDropped(), r.deltaVersion());
        }
        return 0;
    }
}
