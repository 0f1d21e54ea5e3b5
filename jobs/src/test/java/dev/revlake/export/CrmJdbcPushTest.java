package dev.revlake.export;

import static dev.revlake.export.ScoreRows.NIGHT1;
import static dev.revlake.export.ScoreRows.NIGHT2;
import static dev.revlake.export.ScoreRows.lead;
import static dev.revlake.export.ScoreRows.night;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.lake.Lake;
import dev.revlake.ops.OpsTables;
import dev.revlake.score.ScoreTables;
import dev.revlake.testing.SharedSpark;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Pushes into a real PostgreSQL started on loopback for this class. */
class CrmJdbcPushTest {

    private static EmbeddedPostgres postgres;

    private final SparkSession spark = SharedSpark.get();

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static JdbcPushConfig config(Lake lake, int port, int batchSize) {
        return new JdbcPushConfig(lake, "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null,
                batchSize, "export-test");
    }

    /** "contact_id:score:score_date:reasons" of every staging row, sorted. */
    private static List<String> staged() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT contact_id, score, score_date, array_to_string(top_reasons, '|')"
                     + " FROM revlake_lead_scores ORDER BY contact_id")) {
            while (r.next()) {
                out.add(r.getString(1) + ":" + r.getInt(2) + ":" + r.getDate(3).toLocalDate() + ":" + r.getString(4));
            }
        }
        return out;
    }

    @Test
    void upsertsOneRowPerLeadAndSendsOnlyChanges(@TempDir Path dir) throws Exception {
        Lake lake = new Lake(dir.toString());
        int port = postgres.getPort();
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT1, lead(NIGHT1, "c1", 40, "Visited pricing, twice"),
                lead(NIGHT1, "c2", 60), lead(NIGHT1, "c3", 20));

        ExportResult first = CrmJdbcPush.push(spark, config(lake, port, 2));
        assertThat(first.location()).isEqualTo("jdbc:localhost:" + port + "/postgres");
        assertThat(first.views()).extracting(v -> v.view() + ":" + v.fromVersion() + ".." + v.toVersion() + ":"
                + v.rows()).containsExactly("lead_scores:-1..1:3");
        assertThat(staged()).containsExactly("c1:40:2026-03-01:Visited pricing, twice", "c2:60:2026-03-01:",
                "c3:20:2026-03-01:");

        // No new scoring: nothing sent.
        assertThat(CrmJdbcPush.push(spark, config(lake, port, 2)).rows()).isZero();

        // Night 1 re-run with identical rows: a new version, nothing sent, nothing recorded.
        long recorded = dev.revlake.lake.DeltaTables.read(spark, lake, OpsTables.EXPORT_BATCHES).count();
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT1, lead(NIGHT1, "c1", 40, "Visited pricing, twice"),
                lead(NIGHT1, "c2", 60), lead(NIGHT1, "c3", 20));
        assertThat(CrmJdbcPush.push(spark, config(lake, port, 2)).rows()).isZero();
        assertThat(dev.revlake.lake.DeltaTables.read(spark, lake, OpsTables.EXPORT_BATCHES).count())
                .isEqualTo(recorded);
        assertThat(ExportWatermarks.of(spark, lake, "jdbc:localhost:" + port + "/postgres", ExportView.LEAD_SCORES))
                .isEqualTo(1L);

        // The same data pushed twice (watermark lost after the commit): still one row per lead.
        org.apache.commons.io.FileUtils.deleteDirectory(Path.of(lake.path(OpsTables.EXPORT_BATCHES)).toFile());
        assertThat(CrmJdbcPush.push(spark, config(lake, port, 2)).rows()).isEqualTo(3);
        assertThat(staged()).hasSize(3);

        // A new night changes c1 only: exactly that row is updated.
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT2, lead(NIGHT2, "c1", 55, "Demo requested"),
                lead(NIGHT2, "c2", 60), lead(NIGHT2, "c3", 20));
        ExportResult changed = CrmJdbcPush.push(spark, config(lake, port, 1000));
        assertThat(changed.rows()).isEqualTo(1);
        assertThat(staged()).containsExactly("c1:55:2026-03-02:Demo requested", "c2:60:2026-03-01:",
                "c3:20:2026-03-01:");
        assertThat(ExportWatermarks.of(spark, lake, "jdbc:localhost:" + port + "/postgres", ExportView.LEAD_SCORES))
                .isEqualTo(3L);
    }

    @Test
    void aDatabaseThatIsDownGivesAClearMessageAndKeepsTheWatermark(@TempDir Path dir) {
        Lake lake = new Lake(dir.toString());
        night(spark, lake, ScoreTables.LEAD_SCORES, NIGHT1, lead(NIGHT1, "c1", 40));
        JdbcPushConfig wrongPort = new JdbcPushConfig(lake, "jdbc:postgresql://127.0.0.1:1/crm", "u", "s3cret",
                10, "x");

        assertThatThrownBy(() -> CrmJdbcPush.push(spark, wrongPort))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot connect to PostgreSQL at 127.0.0.1:1/crm: Connection refused");
        assertThat(ExportWatermarks.of(spark, lake, "jdbc:127.0.0.1:1/crm")).isEmpty();
        assertThat(wrongPort.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> new JdbcPushConfig(lake, "jdbc:postgresql://h/db?ssl=true", null, null, 0,
                "x")).hasMessage("Invalid batch size: 0 (1 to 100000)");
        // A password in the URL is refused, without repeating it (command lines show in ps).
        assertThatThrownBy(() -> new JdbcPushConfig(lake, "jdbc:postgresql://h/db?ssl=true&password=s3cret", null,
                null, 10, "x")).hasMessageStartingWith("Invalid JDBC URL: it carries a password option")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> new JdbcPushConfig(lake, "jdbc:mysql://h/db?password=s3cret", null, null, 10, "x"))
                .hasMessage("Invalid JDBC URL: expected jdbc:postgresql://host:port/database");
    }
}
