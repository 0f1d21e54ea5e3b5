package dev.revlake.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.Layer;
import dev.revlake.ops.OpsTables;
import io.delta.tables.DeltaTable;

/**
 * Erases one person from the lake: resolves every identifier of theirs, deletes their rows from
 * every Delta table found under the lake's layer folders (one DELETE commit per table), rewrites the
 * files outside the tables that name them, vacuums the touched tables and appends one audit row to
 * {@code ops_erasures}.
 *
 * <p>Tables are discovered by listing the layer folders, not from a hand list, and classified by
 * their columns: a table with a {@code contact_id}, {@code anonymous_id} or {@code email} column loses
 * the person's rows; {@code raw_record} and {@code _extra_fields} text is searched for the e-mail and
 * whole ids; an opportunity table (an account's deal, keyed by {@code opportunity_id}) keeps its rows
 * and has the person's {@code contact_id} set to null. A table with a column that looks
 * person-identifying but is none of these fails the erasure before anything is changed.
 *
 * <p>The conditions are UDFs, so neither Delta's commit info ({@code DESCRIBE HISTORY} shows the
 * predicate) nor a query plan in a log holds the e-mail or the ids.
 */
public final class EraseJob {

    /** Job name for logs. */
    public static final String JOB = "erase";

    private static final Logger LOG = LoggerFactory.getLogger(EraseJob.class);

    static final String CONTACT_ID = "contact_id";
    static final String ANONYMOUS_ID = "anonymous_id";
    static final String EMAIL = "email";
    /** Columns that identify the row's person: a match deletes the row. */
    static final List<String> ROW_KEYS = List.of(CONTACT_ID, ANONYMOUS_ID, EMAIL);
    /** Free text that may hold anything a source sent: searched for the e-mail and whole ids. */
    static final List<String> TEXT_COLUMNS = List.of("raw_record", "_extra_fields");
    /** Personal columns that are safe only beside a row key: they go with the row. */
    static final Set<String> WITH_ROW = Set.of("first_name", "last_name", "full_name", "job_title", "ip",
            "user_agent", "identifying_event_id");
    /** String column names that look person-identifying; each must be handled above. */
    static final Pattern PERSONAL = Pattern.compile("(?i)(^|.*_)(e_?mail|emails|contact_id|contact_ids|anonymous_id"
            + "|anonymous_ids|first_name|last_name|full_name|person|phone|phone_number|ip|ip_address|user_agent"
            + "|raw_record|extra_fields|cookie_id|user_id|visitor_id)$");
    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    /** How a table is erased. */
    enum Handling {
        /** Delete the rows that match on a row key or in text. */
        DELETE,
        /** Keep the rows (an account's opportunity); set the person's contact_id to null. */
        UNLINK,
        /** Nothing personal in it. */
        NONE
    }

    /**
     * One Delta table of the lake and how it is erased.
     *
     * @param name     folder name (the table name)
     * @param path     table location
     * @param handling how
     * @param keys     the row-key columns it has
     * @param texts    the text columns it has
     */
    record TablePlan(String name, String path, Handling handling, List<String> keys, List<String> texts) {
    }

    private EraseJob() {
    }

    /** Erases the person of {@code config}; with {@code dryRun} only counts. */
    public static EraseResult run(SparkSession spark, EraseConfig config) {
        Instant requestedAt = Instant.now();
        Lake lake = config.lake();
        List<TablePlan> tables = discover(spark, lake);
        Subject subject = resolve(spark, tables, config.email(), config.contactId());
        LOG.info("job={} tables={} subject contact_ids={} anonymous_ids={} emails={} dry_run={}", JOB, tables.size(),
                subject.contactIds().size(), subject.anonymousIds().size(), subject.emails().size(), config.dryRun());
        Map<String, Long> deleted = new TreeMap<>();
        Map<String, Long> unlinked = new TreeMap<>();
        List<TablePlan> touched = new ArrayList<>();
        if (!subject.isEmpty()) {
            for (TablePlan t : tables) {
                if (t.handling() == Handling.NONE) {
                    continue;
                }
                long rows = erase(spark, t, subject, config.dryRun());
                if (rows > 0) {
                    (t.handling() == Handling.UNLINK ? unlinked : deleted).put(t.name(), rows);
                    touched.add(t);
                }
            }
        }
        FileErasure files = new FileErasure(spark.sparkContext().hadoopConfiguration(), subject, config.dryRun());
        int exportFiles = 0;
        int rawFiles = 0;
        int modelFiles = 0;
        if (!subject.isEmpty()) {
            try {
                exportFiles = config.exportsRoot() == null ? 0 : files.rewriteExports(config.exportsRoot());
                rawFiles = config.rawRoot() == null ? 0 : files.rewriteRaw(config.rawRoot());
                modelFiles = files.rewriteModels(lake.root() + "/_models");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot rewrite the files naming the person: " + e.getMessage(), e);
            }
        }
        int vacuumed = 0;
        String erasureId = null;
        if (!config.dryRun()) {
            for (TablePlan t : touched) {
                vacuum(spark, t, config.retainHours());
                vacuumed++;
            }
            erasureId = UUID.randomUUID().toString();
            EraseResult result = new EraseResult(erasureId, subject.contactIds().size(),
                    subject.anonymousIds().size(), subject.emails().size(), deleted, unlinked, rawFiles, exportFiles,
                    modelFiles, vacuumed, config.retainHours(), false);
            audit(spark, lake, result, config.requestId(), requestedAt);
            return result;
        }
        return new EraseResult(null, subject.contactIds().size(), subject.anonymousIds().size(),
                subject.emails().size(), deleted, unlinked, rawFiles, exportFiles, modelFiles, 0, config.retainHours(),
                true);
    }

    /**
     * Every Delta table under the lake's layer folders, classified. Fails, before anything is
     * changed, on a table with a person-identifying column this job does not know how to erase.
     */
    static List<TablePlan> discover(SparkSession spark, Lake lake) {
        List<TablePlan> plans = new ArrayList<>();
        try {
            for (Layer layer : Layer.values()) {
                Path folder = new Path(lake.root() + "/" + layer.folder());
                FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.exists(folder)) {
                    continue;
                }
                for (FileStatus s : fs.listStatus(folder)) {
                    String path = s.getPath().toString();
                    if (s.isDirectory() && DeltaTable.isDeltaTable(spark, path)) {
                        plans.add(classify(s.getPath().getName(), path,
                                DeltaTable.forPath(spark, path).toDF().schema()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the lake at " + lake.root() + ": " + e.getMessage(), e);
        }
        plans.sort((a, b) -> a.name().compareTo(b.name()));
        return plans;
    }

    /** How a table with this schema is erased; refuses person-identifying columns it cannot handle. */
    static TablePlan classify(String name, String path, StructType schema) {
        List<String> keys = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> dependent = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (StructField f : schema.fields()) {
            String c = f.name();
            if (ROW_KEYS.contains(c)) {
                keys.add(c);
            } else if (TEXT_COLUMNS.contains(c)) {
                texts.add(c);
            } else if (WITH_ROW.contains(c)) {
                dependent.add(c);
            } else if (PERSONAL.matcher(c).matches()) {
                unknown.add(c);
            }
        }
        if (!unknown.isEmpty() || (!dependent.isEmpty() && keys.isEmpty())) {
            List<String> bad = new ArrayList<>(unknown);
            if (keys.isEmpty()) {
                bad.addAll(dependent);
            }
            throw new IllegalStateException("Table " + name + " has person-identifying columns the erasure does not"
                    + " know how to handle: " + String.join(", ", bad) + " (teach dev.revlake.privacy.EraseJob"
                    + " before erasing anyone)");
        }
        if (keys.isEmpty() && texts.isEmpty()) {
            return new TablePlan(name, path, Handling.NONE, keys, texts);
        }
        // An opportunity is the account's deal: it stays, only its link to the person goes.
        // (An activity or event on an opportunity is the person's own row and goes.)
        List<String> columns = List.of(schema.fieldNames());
        boolean opportunity = columns.contains("opportunity_id") && keys.equals(List.of(CONTACT_ID))
                && !columns.contains("activity_id") && !columns.contains("event_id");
        return new TablePlan(name, path, opportunity ? Handling.UNLINK : Handling.DELETE, keys, texts);
    }

    /**
     * Every identifier of the person: starting from the e-mail or contact id, any table that holds
     * two of contact_id, anonymous_id and email links them, until nothing new is found.
     */
    static Subject resolve(SparkSession spark, List<TablePlan> tables, String email, String contactId) {
        Set<String> emails = new HashSet<>();
        Set<String> contacts = new HashSet<>();
        Set<String> anonymous = new HashSet<>();
        if (email != null) {
            emails.add(email);
        }
        if (contactId != null) {
            contacts.add(contactId);
        }
        for (int round = 0; round < 5; round++) {
            Subject current = new Subject(emails, contacts, anonymous);
            int before = emails.size() + contacts.size() + anonymous.size();
            for (TablePlan t : tables) {
                if (t.handling() != Handling.DELETE || t.keys().size() < 2) {
                    continue;
                }
                Dataset<Row> rows = spark.read().format("delta").load(t.path());
                List<Row> found = rows.filter(keyMatch(t.keys(), current))
                        .select(t.keys().stream().map(functions::col).toArray(Column[]::new)).distinct()
                        .collectAsList();
                for (Row r : found) {
                    for (int i = 0; i < t.keys().size(); i++) {
                        String v = r.getString(i);
                        if (v == null || v.isBlank()) {
                            continue;
                        }
                        switch (t.keys().get(i)) {
                            case EMAIL -> emails.add(v.trim().toLowerCase(java.util.Locale.ROOT));
                            case CONTACT_ID -> contacts.add(v);
                            default -> anonymous.add(v);
                        }
                    }
                }
            }
            if (emails.size() + contacts.size() + anonymous.size() == before) {
                break;
            }
        }
        Subject subject = new Subject(emails, contacts, anonymous);
        // Nothing linked to the address or id: it may still sit in a quarantined record or a deal; else unknown.
        if (emails.size() + contacts.size() + anonymous.size() == 1 && !mentionedAnywhere(spark, tables, subject)) {
            return new Subject(Set.of(), Set.of(), Set.of());
        }
        return subject;
    }

    /** Whether any table has a row of the person. */
    private static boolean mentionedAnywhere(SparkSession spark, List<TablePlan> tables, Subject s) {
        for (TablePlan t : tables) {
            if (t.handling() != Handling.NONE
                    && !spark.read().format("delta").load(t.path()).filter(match(t, s)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The rows of a table that the erasure deletes or unlinks. */
    private static Column match(TablePlan t, Subject subject) {
        return t.handling() == Handling.UNLINK ? udf("erase_contact_id", subject::isContactId).apply(col(CONTACT_ID))
                : condition(t, subject);
    }

    /** Deletes (or unlinks) the person's rows of one table in one commit; returns the rows affected. */
    static long erase(SparkSession spark, TablePlan t, Subject subject, boolean dryRun) {
        DeltaTable table = DeltaTable.forPath(spark, t.path());
        Column match = match(t, subject);
        long rows = table.toDF().filter(match).count();
        if (rows == 0 || dryRun) {
            LOG.info("job={} table={} rows_matched={} dry_run={}", JOB, t.name(), rows, dryRun);
            return rows;
        }
        if (t.handling() == Handling.UNLINK) {
            table.update(match, Map.of(CONTACT_ID, lit(null).cast(DataTypes.StringType)));
        } else {
            table.delete(match);
        }
        purgeDeletionVectors(spark, t);
        long version = DeltaTables.version(spark, t.path());
        LOG.info("job={} table={} version={} rows_{}={}", JOB, t.name(), version,
                t.handling() == Handling.UNLINK ? "unlinked" : "deleted", rows);
        return rows;
    }

    /**
     * On a table with deletion vectors the DELETE or UPDATE only marked the person's rows as gone:
     * they stay in the Parquet file, which the new version still references, so no VACUUM would
     * remove it. REORG ... APPLY (PURGE) rewrites the files that carry deletion vectors without those
     * rows; the VACUUM then removes the old files.
     */
    static void purgeDeletionVectors(SparkSession spark, TablePlan t) {
        if (DeltaTables.purgeDeletionVectors(spark, t.path())) {
            LOG.info("job={} table={} deletion vectors purged", JOB, t.name());
        }
    }

    /** The rows of a DELETE table that belong to the person. */
    static Column condition(TablePlan t, Subject subject) {
        Column c = t.keys().isEmpty() ? lit(false) : keyMatch(t.keys(), subject);
        Subject.TextMatcher text = subject.textMatcher();
        for (String column : t.texts()) {
            c = c.or(udf("erase_mentions", text::mentions).apply(col(column)));
        }
        return c;
    }

    private static Column keyMatch(List<String> keys, Subject subject) {
        Column c = lit(false);
        for (String k : keys) {
            UserDefinedFunction f = switch (k) {
                case EMAIL -> udf("erase_email", subject::isEmail);
                case CONTACT_ID -> udf("erase_contact_id", subject::isContactId);
                default -> udf("erase_anonymous_id", subject::isAnonymousId);
            };
            c = c.or(f.apply(col(k)));
        }
        return c;
    }

    /** A boolean UDF: the plan and Delta's commit info show its name, never the values it compares. */
    private static UserDefinedFunction udf(String name, SerializablePredicate test) {
        return functions.udf((UDF1<String, Boolean>) test::test, DataTypes.BooleanType).withName(name);
    }

    /** A string test Spark can ship to executors. */
    @FunctionalInterface
    interface SerializablePredicate extends java.io.Serializable {
        boolean test(String value);
    }

    /**
     * VACUUMs a touched table: with the table's own retention, or {@code retainHours}; below Delta's
     * default the safety check is switched off for this call only.
     */
    static void vacuum(SparkSession spark, TablePlan t, Double retainHours) {
        DeltaTable table = DeltaTable.forPath(spark, t.path());
        if (retainHours == null) {
            table.vacuum();
        } else if (retainHours >= EraseConfig.DELTA_DEFAULT_RETAIN_HOURS) {
            table.vacuum(retainHours);
        } else {
            String before = spark.conf().get(RETENTION_CHECK, "true");
            spark.conf().set(RETENTION_CHECK, "false");
            try {
                table.vacuum(retainHours);
            } finally {
                spark.conf().set(RETENTION_CHECK, before);
            }
        }
        LOG.info("job={} table={} vacuumed retain_hours={}", JOB, t.name(),
                retainHours == null ? "table default" : retainHours);
    }

    /** Appends the audit row: counts, never the person. */
    static void audit(SparkSession spark, Lake lake, EraseResult r, String requestId, Instant requestedAt) {
        Map<String, Long> byTable = new LinkedHashMap<>(new TreeMap<>(r.rowsDeletedByTable()));
        r.rowsUnlinkedByTable().forEach((k, v) -> byTable.merge(k, v, Long::sum));
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(byTable);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the erasure counts as JSON", e);
        }
        Row row = RowFactory.create(r.erasureId(), requestId, Timestamp.from(requestedAt), Timestamp.from(Instant.now()),
                r.contactIds(), r.anonymousIds(), r.emails(), r.rowsDeleted(), r.rowsUnlinked(), json,
                r.rawFilesRewritten(), r.exportFilesRewritten(), r.modelFilesRewritten(), r.tablesVacuumed(),
                r.retainHours());
        DeltaTables.ensure(spark, lake, OpsTables.ERASURES);
        spark.createDataFrame(List.of(row), OpsTables.ERASURES.schema()).write().format("delta").mode("append")
                .save(lake.path(OpsTables.ERASURES));
        LOG.info("job={} table={} version={} rows_out=1", JOB, OpsTables.ERASURES.name(),
                DeltaTables.version(spark, lake, OpsTables.ERASURES));
    }
}
