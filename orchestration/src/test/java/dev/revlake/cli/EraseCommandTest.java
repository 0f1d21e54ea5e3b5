package dev.revlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.SparkSessions;
import dev.revlake.ops.OpsTables;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;

class EraseCommandTest {

    private static final String EMAIL = "ada.lovelace@example.com";

    @Test
    void erasesByEmailAndPrintsNeitherTheAddressNorTheIds(@TempDir Path dir) {
        SparkSession spark = SparkSessions.getOrCreate("revlake-tests", 2);
        Lake lake = new Lake(dir.resolve("lake").toString());
        Timestamp t = Timestamp.from(Instant.parse("2026-03-01T10:00:00Z"));
        DeltaTables.ensure(spark, lake, SilverTables.CONTACTS);
        spark.createDataFrame(List.of(contact("ctc-ada-7", EMAIL, t), contact("ctc-ada-77", "grace@example.com", t)),
                SilverTables.CONTACTS.schema()).write().format("delta").mode("append")
                .save(lake.path(SilverTables.CONTACTS));
        DeltaTables.ensure(spark, lake, SilverTables.IDENTITY_MAP);
        spark.createDataFrame(List.of(RowFactory.create("anon-ada", EMAIL, "ctc-ada-7", null, t, "form_submission",
                "evt-1")), SilverTables.IDENTITY_MAP.schema()).write().format("delta").mode("append")
                .save(lake.path(SilverTables.IDENTITY_MAP));
        LocalDate day = LocalDate.of(2026, 3, 1);
        DeltaTables.replaceRange(spark, lake, ScoreTables.LEAD_SCORES, "score_date", day, day, spark.createDataFrame(
                List.of(lead(day, "ctc-ada-7"), lead(day, "ctc-ada-77")), ScoreTables.LEAD_SCORES.schema()));
        assertThat(CliRun.of("export", "--lake", lake.root(), "--format", "salesforce").code()).isZero();

        StringWriter logs = new StringWriter();
        CliRun erase;
        try (var capture = LogCapture.of(logs)) {
            erase = CliRun.of("erase", "--lake", lake.root(), "--email", " Ada.Lovelace@Example.com ",
                    "--retain-hours", "0", "--request-id", "GDPR-1");
        }
        assertThat(erase.err()).isEmpty();
        assertThat(erase.code()).isZero();
        assertThat(erase.out()).contains("subject: 1 contact, 1 anonymous id, 1 e-mail address")
                .containsPattern("gold_lead_scores +1 rows deleted")
                .containsPattern("silver_contacts +1 rows deleted")
                .containsPattern("silver_identity_map +1 rows deleted")
                .contains("files rewritten: 0 raw, 1 export, 0 model")
                .contains("vacuumed 3 tables (retention: 0.0 h)")
                .containsPattern("erasure [0-9a-f-]{36} recorded in ops_erasures");
        assertThat(logs.toString()).contains("job=erase table=silver_contacts");
        for (String text : List.of(erase.out(), erase.err(), logs.toString())) {
            assertThat(text.toLowerCase(java.util.Locale.ROOT)).doesNotContain(EMAIL).doesNotContain("ada.lovelace")
                    .doesNotContainPattern("ctc-ada-7(?!7)").doesNotContain("anon-ada");
        }
        assertThat(DeltaTables.read(spark, lake, SilverTables.CONTACTS).count()).isEqualTo(1);
        assertThat(DeltaTables.read(spark, lake, OpsTables.ERASURES).count()).isEqualTo(1);

        CliRun unknown = CliRun.of("erase", "--lake", lake.root(), "--email", "nobody@example.org", "--dry-run");
        assertThat(unknown.code()).isZero();
        assertThat(unknown.out()).contains("nothing to erase");
    }

    @Test
    void badRequestsAreUsageErrorsThatDoNotRepeatTheAddress(@TempDir Path dir) throws Exception {
        CliRun invalid = CliRun.of("erase", "--lake", dir.toString(), "--email", "ada.lovelace-at-example");
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.err().strip()).doesNotContain("\n").doesNotContain("ada.lovelace")
                .contains("Invalid e-mail address (expected local@domain.tld)");
        CliRun both = CliRun.of("erase", "--lake", dir.toString(), "--email", EMAIL, "--contact-id", "c1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("give exactly one of an e-mail address or a contact id").doesNotContain(EMAIL);
        CliRun neither = CliRun.of("erase", "--lake", dir.toString());
        assertThat(neither.code()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("ops"))).isFalse();
    }

    private static Row contact(String id, String email, Timestamp t) {
        return RowFactory.create(id, "lead", "acc-1", email, "Ada", "Lovelace", "Engineer", "GB", "rep1", "web",
                "open", false, null, null, t, t);
    }

    private static Row lead(LocalDate day, String id) {
        return RowFactory.create(day, id, "acc-1", "rep1", "open", "smb", "web", 0.61, 61, "A",
                new String[] {"Visited pricing"}, new String[0], null, null, "lead_conversion", "v1",
                Instant.parse("2026-03-01T02:15:00Z"), "r1");
    }

    /** Copies RevLake's log lines into a writer while open. */
    private record LogCapture(WriterAppender appender, Configuration config) implements AutoCloseable {

        static LogCapture of(StringWriter target) {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            Configuration config = ctx.getConfiguration();
            WriterAppender appender = WriterAppender.newBuilder().setName("erase-capture").setTarget(target)
                    .setLayout(PatternLayout.newBuilder().withPattern("%p %c{1} - %m%n").build()).build();
            appender.start();
            config.addAppender(appender);
            config.getRootLogger().addAppender(appender, Level.ALL, null);
            config.getLoggerConfig("dev.revlake").addAppender(appender, Level.ALL, null);
            ctx.updateLoggers();
            return new LogCapture(appender, config);
        }

        @Override
        public void close() {
            config.getRootLogger().removeAppender(appender.getName());
            config.getLoggerConfig("dev.revlake").removeAppender(appender.getName());
            appender.stop();
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        }
    }
}
