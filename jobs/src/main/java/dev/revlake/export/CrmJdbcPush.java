package dev.revlake.export;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;

/**
 * Upserts the score and forecast rows changed since the database's watermark into PostgreSQL
 * staging tables ({@code revlake_lead_scores}, {@code revlake_opportunity_scores},
 * {@code revlake_pipeline_forecast}, keyed by the view's entity key), for a CRM sync tool or a
 * reverse-ETL job to pick up. One transaction per view; the watermark advances after its commit,
 * so a crash in between upserts the same rows again, which changes nothing.
 */
public final class CrmJdbcPush {

    /** Column added to every staging table: when the row was last upserted. */
    public static final String EXPORTED_AT = "exported_at";

    private static final Logger LOG = LoggerFactory.getLogger(CrmJdbcPush.class);

    private CrmJdbcPush() {
    }

    /** The staging table of a view. */
    public static String stagingTable(ExportView view) {
        return "revlake_" + view.name();
    }

    /** Pushes every view's changes; the result's location is the target, it has no batch folder. */
    public static ExportResult push(SparkSession spark, JdbcPushConfig config) {
        Lake lake = config.lake();
        List<String> missing = new ArrayList<>();
        List<ExportView> present = ExportView.existing(spark, lake, missing);
        String target = config.target();
        List<ExportResult.ViewExport> views = new ArrayList<>();
        // Connect before any Spark work: a database that is down fails fast and changes nothing.
        try (Connection conn = connect(config)) {
            Map<String, Long> marks = ExportWatermarks.of(spark, lake, target);
            for (ExportView v : present) {
                long to = DeltaTables.version(spark, lake, v.table());
                long from = marks.getOrDefault(v.name(), ExportWatermarks.NONE);
                String note = null;
                if (from > to) {
                    note = "watermark " + from + " is beyond version " + to + " of " + v.table().name()
                            + " (table rebuilt?): every current row is sent again";
                    from = ExportWatermarks.NONE;
                }
                if (from == to) {
                    views.add(new ExportResult.ViewExport(v.name(), List.of(target), from, to, 0, List.of(), null));
                    continue;
                }
                long rows;
                String changesNote;
                try (ScoreChanges.ChangeSet changes = ScoreChanges.since(spark, lake, v, from, to)) {
                    rows = upsert(conn, v, changes.rows().toLocalIterator(), config.batchSize());
                    changesNote = changes.note();
                }
                LOG.info("export table={} versions=({}, {}] rows={} target={} staging={}", v.table().name(), from,
                        to, rows, target, stagingTable(v));
                if (rows > 0) {
                    // As for files: nothing sent, nothing recorded, the watermark stays.
                    ExportWatermarks.record(spark, lake, List.of(new ExportBatch(target, v.name(),
                            v.table().name(), "v" + from + "-v" + to, from, to, rows, Instant.now(), null,
                            config.runId())));
                }
                views.add(new ExportResult.ViewExport(v.name(), List.of(target), from, to, rows, List.of(),
                        note != null ? note : changesNote));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + config.database() + " failed: " + rootMessage(e), e);
        }
        return new ExportResult(null, target, views, missing);
    }

    private static Connection connect(JdbcPushConfig config) {
        Properties p = new Properties();
        if (config.user() != null) {
            p.setProperty("user", config.user());
        }
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "revlake-export");
        try {
            return DriverManager.getConnection(config.url(), p);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to PostgreSQL at " + config.database() + ": "
                    + rootMessage(e), e);
        }
    }

    /** Creates the staging table if missing, upserts the rows in one transaction, returns how many. */
    static long upsert(Connection conn, ExportView view, Iterator<Row> rows, int batchSize) throws SQLException {
        List<StructField> fields = List.of(view.table().schema().fields());
        String table = stagingTable(view);
        conn.setAutoCommit(false);
        try {
            try (Statement s = conn.createStatement()) {
                s.execute(createTable(view));
            }
            String columns = fields.stream().map(StructField::name).collect(Collectors.joining(", "));
            String updates = fields.stream().map(StructField::name).filter(c -> !view.entityKey().contains(c))
                    .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
            String sql = "INSERT INTO " + table + " (" + columns + ", " + EXPORTED_AT + ") VALUES ("
                    + "?, ".repeat(fields.size()) + "?) ON CONFLICT (" + String.join(", ", view.entityKey())
                    + ") DO UPDATE SET " + updates + ", " + EXPORTED_AT + " = EXCLUDED." + EXPORTED_AT;
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            long n = 0;
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int pending = 0;
                while (rows.hasNext()) {
                    Row row = rows.next();
                    for (int i = 0; i < fields.size(); i++) {
                        bind(conn, ps, i + 1, fields.get(i).dataType(), row, row.fieldIndex(fields.get(i).name()));
                    }
                    ps.setObject(fields.size() + 1, now);
                    ps.addBatch();
                    n++;
                    if (++pending == batchSize) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            conn.commit();
            return n;
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        }
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the contract's columns, types, nullability and the entity key. */
    static String createTable(ExportView view) {
        StringBuilder b = new StringBuilder("CREATE TABLE IF NOT EXISTS " + stagingTable(view) + " (");
        for (StructField f : view.table().schema().fields()) {
            b.append(f.name()).append(' ').append(sqlType(f.dataType()));
            if (!f.nullable()) {
                b.append(" NOT NULL");
            }
            b.append(", ");
        }
        return b.append(EXPORTED_AT).append(" TIMESTAMPTZ NOT NULL, PRIMARY KEY (")
                .append(String.join(", ", view.entityKey())).append("))").toString();
    }

    static String sqlType(DataType t) {
        if (t instanceof DecimalType d) {
            return "NUMERIC(" + d.precision() + ", " + d.scale() + ")";
        }
        if (t.equals(DataTypes.StringType)) {
            return "TEXT";
        }
        if (t.equals(DataTypes.IntegerType)) {
            return "INTEGER";
        }
        if (t.equals(DataTypes.LongType)) {
            return "BIGINT";
        }
        if (t.equals(DataTypes.DoubleType)) {
            return "DOUBLE PRECISION";
        }
        if (t.equals(DataTypes.BooleanType)) {
            return "BOOLEAN";
        }
        if (t.equals(DataTypes.DateType)) {
            return "DATE";
        }
        if (t.equals(DataTypes.TimestampType)) {
            return "TIMESTAMPTZ";
        }
        if (t.equals(DataTypes.createArrayType(DataTypes.StringType, false))
                || t.equals(DataTypes.createArrayType(DataTypes.StringType, true))) {
            return "TEXT[]";
        }
        throw new IllegalArgumentException("No PostgreSQL type for " + t.simpleString());
    }

    private static void bind(Connection conn, PreparedStatement ps, int at, DataType type, Row row, int i)
            throws SQLException {
        if (row.isNullAt(i)) {
            ps.setNull(at, sqlTypeCode(type));
            return;
        }
        Object v = row.get(i);
        if (v instanceof Instant t) {
            ps.setObject(at, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        } else if (v instanceof LocalDate d) {
            ps.setObject(at, d);
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(at, d);
        } else if (v instanceof scala.collection.Seq<?>) {
            List<Object> items = row.getList(i);
            ps.setArray(at, conn.createArrayOf("text", items.toArray()));
        } else {
            ps.setObject(at, v);
        }
    }

    private static int sqlTypeCode(DataType t) {
        String sql = sqlType(t);
        return switch (sql) {
            case "TEXT" -> Types.VARCHAR;
            case "INTEGER" -> Types.INTEGER;
            case "BIGINT" -> Types.BIGINT;
            case "DOUBLE PRECISION" -> Types.DOUBLE;
            case "BOOLEAN" -> Types.BOOLEAN;
            case "DATE" -> Types.DATE;
            case "TIMESTAMPTZ" -> Types.TIMESTAMP_WITH_TIMEZONE;
            case "TEXT[]" -> Types.ARRAY;
            default -> Types.NUMERIC;
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
