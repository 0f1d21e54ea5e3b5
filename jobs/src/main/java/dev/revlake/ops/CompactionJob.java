package dev.revlake.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;

import io.delta.tables.DeltaTable;

/**
 * The lake's weekly upkeep: Delta OPTIMIZE (bin-packing compaction) of every table, and VACUUM with
 * each table's own retention when asked.
 *
 * <p>Why it is needed: every nightly run adds small files (one per date partition a MERGE or
 * replace touched), and the identity stitching marks rows of silver_events and silver_sessions in
 * deletion vectors in nearly every date partition instead of copying those files. Reads open every
 * file and apply every vector, so both grow the nightly run's cost until compacted. OPTIMIZE rewrites
 * the small files of a partition into one and drops the rows the vectors mark; it commits
 * {@code dataChange=false}, so the change data feed and the CRM export see nothing.
 *
 * <p>Each table is recorded in {@code ops_job_runs} (job {@value #JOB}) with its files and files
 * with deletion vectors before and after in the message.
 */
public final class CompactionJob {

    /** Job name in {@code ops_job_runs}. */
    public static final String JOB = "compact";

    private static final Logger LOG = LoggerFactory.getLogger(CompactionJob.class);

    /**
     * What to compact.
     *
     * @param lake   the lake
     * @param tables the tables to compact (those not created yet are skipped)
     * @param vacuum also VACUUM each table with its own retention (Delta's default: 7 days)
     * @param runId  the run id recorded in {@code ops_job_runs}
     */
    public record Config(Lake lake, List<TableContract> tables, boolean vacuum, String runId) {
        public Config {
            Objects.requireNonNull(lake, "lake");
            if (tables == null || tables.isEmpty()) {
                throw new IllegalArgumentException("Invalid compaction: no table to compact");
            }
            tables = List.copyOf(tables);
            if (runId == null || runId.isBlank()) {
                throw new IllegalArgumentException("Invalid run id: " + runId);
            }
        }
    }

    /**
     * One table's compaction.
     *
     * @param table                      table name
     * @param filesBefore                data files of the snapshot before
     * @param filesAfter                 data files after
     * @param deletionVectorFilesBefore  files carrying a deletion vector before
     * @param deletionVectorFilesAfter   and after
     * @param bytesRewritten             bytes of the files OPTIMIZE replaced
     * @param deltaVersion               the table's version afterwards
     * @param seconds                    wall seconds (OPTIMIZE and VACUUM)
     */
    public record TableCompaction(String table, long filesBefore, long filesAfter, long deletionVectorFilesBefore,
                                  long deletionVectorFilesAfter, long bytesRewritten, long deltaVersion,
                                  double seconds) {
    }

    private CompactionJob() {
    }

    /** Compacts the tables one after another; returns what each got, in the config's order. */
    public static List<TableCompaction> run(SparkSession spark, Config config) {
        List<TableCompaction> done = new ArrayList<>();
        List<JobRun> runs = new ArrayList<>();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        try {
            for (TableContract table : config.tables()) {
                if (!DeltaTables.exists(spark, config.lake(), table)) {
                    continue;
                }
                Instant started = Instant.now();
                try {
                    TableCompaction c = compact(spark, config.lake().path(table), table.name(), config.vacuum());
                    done.add(c);
                    runs.add(new JobRun(config.runId(), JOB, table.name(), today, today, today, 0, 0, 0, 0,
                            c.deltaVersion(), started, Instant.now(), "succeeded", describe(c)));
                } catch (RuntimeException e) {
                    runs.add(new JobRun(config.runId(), JOB, table.name(), today, today, today, 0, 0, 0, 0, null,
                            started, Instant.now(), "failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
                    throw e;
                }
            }
        } finally {
            JobRunLog.record(spark, config.lake(), runs);
        }
        return List.copyOf(done);
    }

    /** OPTIMIZE (and VACUUM) of the Delta table at {@code path}. */
    static TableCompaction compact(SparkSession spark, String path, String name, boolean vacuum) {
        long start = System.nanoTime();
        DeltaTable table = DeltaTable.forPath(spark, path);
        long filesBefore = files(table);
        long vectorsBefore = DeltaTables.filesWithDeletionVectors(spark, path);
        Row metrics = table.optimize().executeCompaction().select("metrics.filesRemoved.totalSize").first();
        long bytes = metrics.isNullAt(0) ? 0 : metrics.getLong(0);
        if (vacuum) {
            table.vacuum();
        }
        TableCompaction c = new TableCompaction(name, filesBefore, files(table),
                vectorsBefore, DeltaTables.filesWithDeletionVectors(spark, path), bytes,
                DeltaTables.version(spark, path), (System.nanoTime() - start) / 1e9);
        LOG.info("job={} table={} version={} {} ({} ms)", JOB, name, c.deltaVersion(), describe(c),
                Math.round(c.seconds() * 1000));
        return c;
    }

    /** Data files of the table's current snapshot. */
    static long files(DeltaTable table) {
        return table.detail().select("numFiles").first().getLong(0);
    }

    private static String describe(TableCompaction c) {
        return "files " + c.filesBefore() + " -> " + c.filesAfter() + ", files with deletion vectors "
                + c.deletionVectorFilesBefore() + " -> " + c.deletionVectorFilesAfter() + ", bytes rewritten "
                + c.bytesRewritten();
    }
}
