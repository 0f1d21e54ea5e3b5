package dev.revlake.privacy;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.revlake.export.CrmExportJob;
import dev.revlake.export.ExportConfig;
import dev.revlake.export.ExportFormat;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.ops.OpsTables;
import dev.revlake.pipeline.Pipeline;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;
import dev.revlake.simulate.Simulator;
import dev.revlake.simulate.SimulatorConfig;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;
import io.delta.tables.DeltaTable;

/**
 * A small simulated lake (150 contacts, 7 days: raw → bronze → silver → gold, a night of lead
 * scores and alerts, one CRM export batch, a model report) loses one person: after the erasure with
 * retention 0 no version of any table that can still be read, no raw file, export file or model
 * file names them, everyone else's rows are intact, and the audit row holds counts only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EraseJobTest {

    private static final LocalDate START = LocalDate.of(2026, 3, 1);
    private static final int DAYS = 7;
    private static final LocalDate LAST = START.plusDays(DAYS - 1L);

    @TempDir
    static Path dir;

    private final SparkSession spark = SharedSpark.get();
    private Lake lake;
    private Path raw;
    private Path exports;
    private String email;
    private String contactId;
    private Set<String> anonymousIds;
    private final Map<String, Long> rowsBefore = new TreeMap<>();
    private final Map<String, Long> personRowsBefore = new TreeMap<>();
    private EraseResult result;

    @BeforeAll
    void buildLakeAndErase() throws IOException {
        raw = dir.resolve("raw");
        new Simulator(new SimulatorConfig(150, DAYS, START, 21L, raw, dir.resolve("truth"), 0.03))
                .run((d, date, n) -> { });
        lake = new Lake(dir.resolve("lake").toString());
        Pipeline p = new Pipeline(spark, lake, raw.toString(), line -> { });
        p.ingest(START, LAST);
        p.silver(START, LAST);
        p.gold(START, LAST);
        pickSubject();
        writeScoresAlertsExportAndReport();
        for (String table : tables()) {
            Dataset<Row> rows = current(table);
            rowsBefore.put(table, rows.count());
            personRowsBefore.put(table, rows.collectAsList().stream().filter(row -> mentions(row.toString())).count());
        }
        result = EraseJob.run(spark, new EraseConfig(lake, "  " + email.toUpperCase(Locale.ROOT) + " ", null,
                raw.toString(), exports.toString(), 0.0, "TICKET-42", false));
    }

    /** A lead with a browser id in the identity map, gold rows and, when the dirt allows, a quarantined record. */
    private void pickSubject() {
        List<Row> candidates = spark.read().format("delta").load(lake.path(SilverTables.IDENTITY_MAP))
                .filter("contact_id IS NOT NULL").join(spark.read().format("delta")
                        .load(lake.path(GoldTables.LEAD_FEATURES)).filter(col("snapshot_date").equalTo(LAST))
                        .select("contact_id"), "contact_id")
                .select("contact_id", "email").distinct().orderBy("contact_id").collectAsList();
        assertThat(candidates).as("identified leads").isNotEmpty();
        String quarantined = String.join("\n", spark.read().format("delta").load(lake.path(
                dev.revlake.bronze.BronzeTables.QUARANTINE)).filter("raw_record IS NOT NULL")
                .select("raw_record").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).toLowerCase(Locale.ROOT);
        Row pick = candidates.stream().filter(r -> quarantined.contains(r.getString(1))).findFirst()
                .orElse(candidates.get(0));
        contactId = pick.getString(0);
        email = pick.getString(1);
        anonymousIds = new HashSet<>(spark.read().format("delta").load(lake.path(SilverTables.IDENTITY_MAP))
                .filter(col("contact_id").equalTo(contactId).or(col("email").equalTo(email)))
                .select("anonymous_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        anonymousIds.addAll(spark.read().format("delta").load(lake.path(SilverTables.EVENTS))
                .filter(col("contact_id").equalTo(contactId).and(col("anonymous_id").isNotNull()))
                .select("anonymous_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        assertThat(anonymousIds).isNotEmpty();
    }

    private void writeScoresAlertsExportAndReport() throws IOException {
        List<Map<String, Object>> scores = new ArrayList<>();
        for (Row f : spark.read().format("delta").load(lake.path(GoldTables.LEAD_FEATURES))
                .filter(col("snapshot_date").equalTo(LAST)).collectAsList()) {
            scores.add(TestRows.values("score_date", LAST, "contact_id", f.getAs("contact_id"),
                    "account_id", f.getAs("account_id"), "owner_id", f.getAs("owner_id"),
                    "lead_status", f.getAs("lead_status"), "segment", f.getAs("segment"), "source_channel", "web",
                    "conversion_probability", 0.4, "score", 40, "tier", "B", "top_reasons", List.of("Pricing views"),
                    "negative_reasons", List.of(), "model_name", "lead_conversion", "model_version", "v0001",
                    "scored_at", Instant.parse(LAST + "T02:15:00Z"), "run_id", "score-test"));
        }
        DeltaTables.replaceRange(spark, lake, ScoreTables.LEAD_SCORES, "score_date", LAST, LAST,
                TestRows.of(ScoreTables.LEAD_SCORES.schema(), scores));
        String other = scores.stream().map(m -> (String) m.get("contact_id")).filter(c -> !c.equals(contactId))
                .findFirst().orElseThrow();
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (String c : List.of(contactId, other)) {
            alerts.add(TestRows.values("alert_date", LAST, "contact_id", c, "route_to", "queue", "source_channel",
                    "web", "score", 80, "threshold", 70, "tier", "A", "top_reasons", List.of("Demo request"),
                    "model_version", "v0001", "alerted_at", Instant.parse(LAST + "T02:20:00Z"), "run_id", "t"));
        }
        DeltaTables.ensure(spark, lake, ScoreTables.LEAD_ALERTS);
        TestRows.of(ScoreTables.LEAD_ALERTS.schema(), alerts).write().format("delta").mode("append")
                .save(lake.path(ScoreTables.LEAD_ALERTS));
        exports = Path.of(ExportConfig.defaultOut(lake));
        CrmExportJob.run(spark, new ExportConfig(lake, exports.toString(), List.of(ExportFormat.values()),
                ExportConfig.DEFAULT_MAX_FILE_BYTES, "erase-test"));
        assertThat(grep(exports)).as("the export names the person before the erasure").isNotEmpty();
        Path report = dir.resolve("lake/_models/lead_conversion/v0001/report.json");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "{\"model\":\"lead_conversion\",\"test\":{\"roc_auc\":0.8},"
                + "\"example_explanations\":[{\"id\":\"" + contactId + "\",\"probability\":0.4},"
                + "{\"id\":\"" + other + "\",\"probability\":0.3}]}");
        assertThat(grep(raw)).as("the raw files name the person before the erasure").isNotEmpty();
    }

    @Test
    void noReadableVersionOfAnyTableNamesThePerson() {
        List<String> failures = new ArrayList<>();
        int readable = 0;
        int unreachable = 0;
        for (String table : tables()) {
            DeltaTable t = DeltaTable.forPath(spark, path(table));
            for (Row h : t.history().collectAsList()) {
                if (mentions(h.toString())) {
                    failures.add(table + " history of version " + h.getAs("version"));
                }
                long version = h.getAs("version");
                List<Row> found;
                try {
                    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(path(table));
                    found = rows.collectAsList().stream().filter(row -> mentions(row.toString())).toList();
                } catch (Exception e) {
                    unreachable++; // its files were vacuumed: no reader gets it
                    continue;
                }
                readable++;
                if (!found.isEmpty()) {
                    failures.add(table + " version " + version + ": " + found.size() + " rows");
                }
                if (table.equals("gold_lead_scores") || table.equals("gold_lead_alerts")) {
                    // The change data feed of the DELETE commit holds the deleted rows until vacuumed.
                    try {
                        if (spark.read().format("delta").option("readChangeFeed", "true")
                                .option("startingVersion", version).option("endingVersion", version).load(path(table))
                                .collectAsList().stream().anyMatch(r -> mentions(r.toString()))) {
                            failures.add(table + " change feed of version " + version);
                        }
                    } catch (Exception e) {
                        // vacuumed
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(readable).isPositive();
        assertThat(unreachable).as("versions made unreadable by the vacuum").isPositive();
    }

    @Test
    void everyoneElsesRowsStayAndOpportunitiesOnlyLoseTheLink() {
        assertThat(personRowsBefore.values().stream().filter(n -> n > 0).count()).as("tables naming the person")
                .isGreaterThanOrEqualTo(10);
        for (String table : tables()) {
            if (table.equals(OpsTables.ERASURES.name())) {
                continue;
            }
            long after = current(table).count();
            long expected = rowsBefore.get(table) - (result.rowsUnlinkedByTable().containsKey(table) ? 0
                    : personRowsBefore.get(table));
            assertThat(after).as(table).isEqualTo(expected);
            assertThat(result.rowsDeletedByTable().getOrDefault(table, 0L)
                    + result.rowsUnlinkedByTable().getOrDefault(table, 0L)).as(table + " rows reported")
                    .isEqualTo(personRowsBefore.get(table));
        }
        assertThat(result.rowsDeletedByTable()).containsKeys("bronze_crm_contacts", "silver_contacts",
                "silver_identity_map", "silver_events", "gold_lead_features", "gold_lead_scores", "gold_lead_alerts");
        assertThat(result.contactIds()).isEqualTo(1);
        assertThat(result.anonymousIds()).isGreaterThanOrEqualTo(anonymousIds.size());
    }

    @Test
    void rawExportAndModelFilesNoLongerNameThePerson() throws IOException {
        assertThat(result.rawFilesRewritten()).isPositive();
        assertThat(result.exportFilesRewritten()).isPositive();
        assertThat(result.modelFilesRewritten()).isEqualTo(1);
        assertThat(grep(raw)).isEmpty();
        assertThat(grep(exports)).isEmpty();
        assertThat(grep(dir.resolve("lake/_models"))).isEmpty();
        JsonNode report = new ObjectMapper().readTree(dir.resolve("lake/_models/lead_conversion/v0001/report.json")
                .toFile());
        assertThat(report.path("example_explanations")).hasSize(1);
        assertThat(report.path("test").path("roc_auc").asDouble()).isEqualTo(0.8);
        // The rewritten batch still checks out against its manifest.
        try (Stream<Path> manifests = Files.walk(exports)) {
            for (Path m : manifests.filter(f -> f.getFileName().toString().equals("manifest.json")).toList()) {
                for (JsonNode f : new ObjectMapper().readTree(m.toFile()).path("files")) {
                    byte[] bytes = Files.readAllBytes(m.getParent().resolve(f.path("name").asText()));
                    assertThat(f.path("sha256").asText()).as(f.path("name").asText())
                            .isEqualTo(sha256(bytes));
                    assertThat(f.path("bytes").asLong()).isEqualTo(bytes.length);
                }
            }
        }
        try (Stream<Path> staged = Files.list(exports)) {
            assertThat(staged.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_"))).hasSize(1);
        }
    }

    @Test
    void theAuditRowHoldsCountsOnly() {
        List<Row> audit = DeltaTables.read(spark, lake, OpsTables.ERASURES).collectAsList();
        assertThat(audit).hasSize(1);
        Row a = audit.get(0);
        assertThat(mentions(a.toString())).isFalse();
        assertThat(a.<String>getAs("request_reference")).isEqualTo("TICKET-42");
        assertThat(a.<Long>getAs("rows_deleted")).isEqualTo(result.rowsDeleted()).isPositive();
        assertThat(a.<String>getAs("rows_by_table_json")).contains("\"silver_contacts\":1");
        assertThat(a.<Double>getAs("vacuum_retain_hours")).isEqualTo(0.0);
        assertThat(a.<Integer>getAs("tables_vacuumed"))
                .isEqualTo(result.rowsDeletedByTable().size() + result.rowsUnlinkedByTable().size());
    }

    @Test
    void anUnknownPersonOrADryRunChangesNothing() {
        long version = DeltaTables.version(spark, lake, SilverTables.CONTACTS);
        EraseResult unknown = EraseJob.run(spark, new EraseConfig(lake, "nobody@example.org", null, null, null, null,
                null, true));
        assertThat(unknown.nothingFound()).isTrue();
        EraseResult dry = EraseJob.run(spark, new EraseConfig(lake, null, other(), null, null, null, null, true));
        assertThat(dry.rowsDeletedByTable()).containsKey("silver_contacts");
        assertThat(DeltaTables.version(spark, lake, SilverTables.CONTACTS)).isEqualTo(version);
        assertThat(DeltaTables.read(spark, lake, OpsTables.ERASURES).count()).isEqualTo(1);
    }

    @Test
    void aTableWithAPersonalColumnTheJobCannotHandleIsRefused() {
        StructType schema = new StructType().add("account_id", DataTypes.StringType).add("contact_email",
                DataTypes.StringType);
        assertThatThrownBy(() -> EraseJob.classify("gold_new_table", "/x", schema))
                .hasMessageContaining("gold_new_table").hasMessageContaining("contact_email");
        StructType names = new StructType().add("account_id", DataTypes.StringType).add("full_name",
                DataTypes.StringType);
        assertThatThrownBy(() -> EraseJob.classify("gold_names", "/x", names)).hasMessageContaining("full_name");
        assertThatThrownBy(() -> new EraseConfig(lake, "not-an-address", null, null, null, null, null, false))
                .hasMessage("Invalid e-mail address (expected local@domain.tld)");
    }

    private String other() {
        return DeltaTables.read(spark, lake, SilverTables.CONTACTS).select("contact_id").orderBy("contact_id")
                .as(org.apache.spark.sql.Encoders.STRING()).first();
    }

    /** Every Delta table folder under the lake's layers. */
    private List<String> tables() {
        List<String> names = new ArrayList<>();
        for (String layer : List.of("bronze", "silver", "gold", "ops")) {
            try (Stream<Path> s = Files.list(dir.resolve("lake").resolve(layer))) {
                s.filter(p -> Files.isDirectory(p.resolve("_delta_log"))).forEach(p -> names.add(p.getFileName()
                        .toString()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return names;
    }

    private String path(String table) {
        String layer = table.substring(0, table.indexOf('_'));
        return dir.resolve("lake").resolve(layer).resolve(table).toString();
    }

    private Dataset<Row> current(String table) {
        return spark.read().format("delta").load(path(table));
    }

    /** The e-mail anywhere in any case, or an id as a whole token (not inside a longer id). */
    private boolean mentions(String text) {
        if (text.toLowerCase(Locale.ROOT).contains(email)) {
            return true;
        }
        Set<String> ids = new HashSet<>(anonymousIds);
        ids.add(contactId);
        return Pattern.compile("(?<![A-Za-z0-9_-])(" + ids.stream().map(Pattern::quote)
                .collect(Collectors.joining("|")) + ")(?![A-Za-z0-9_-])").matcher(text).find();
    }

    private List<Path> grep(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return mentions(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
