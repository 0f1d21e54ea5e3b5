package dev.revlake.runner;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.Layer;
import dev.revlake.lake.TableContract;

/**
 * The runner's state, {@code ops_task_runs}: every try of every task of every DAG run, appended as
 * it starts and again when it ends, so a run killed with its JVM leaves its last task
 * {@code running} and the next run of the same DAG and date knows exactly which tasks finished.
 */
public final class TaskRuns {

    /** A try that has started and not ended (or whose JVM died). */
    public static final String RUNNING = "running";
    /** A try that exited 0. */
    public static final String SUCCESS = "success";
    /** A try that exited non-zero. */
    public static final String FAILED = "failed";
    /** A try stopped by its execution timeout. */
    public static final String TIMED_OUT = "timed_out";

    /**
     * One row per task try per state reached: a {@code running} row when the try starts, then one
     * with its outcome.
     */
    public static final TableContract TABLE = new TableContract(
            "ops_task_runs", Layer.OPS,
            "one row per task try per state reached (running, then success, failed or timed_out)",
            new StructType()
                    .add("dag_run_id", DataTypes.StringType, false, "one runner invocation of one DAG and date")
                    .add("dag_id", DataTypes.StringType, false)
                    .add("run_date", DataTypes.DateType, false, "Airflow's ds: the logical date")
                    .add("interval_start_date", DataTypes.DateType, false, "first date of the data interval")
                    .add("task_id", DataTypes.StringType, false)
                    .add("try_number", DataTypes.IntegerType, false, "1 for the first try of the task for this date")
                    .add("state", DataTypes.StringType, false)
                    .add("started_at", DataTypes.TimestampType, false)
                    .add("ended_at", DataTypes.TimestampType, true)
                    .add("duration_seconds", DataTypes.DoubleType, true)
                    .add("exit_code", DataTypes.IntegerType, true)
                    .add("message", DataTypes.StringType, true, "why a try failed; never row contents")
                    .add("command", DataTypes.StringType, false, "the rendered revlake command line")
                    .add("host", DataTypes.StringType, false)
                    .add("process_id", DataTypes.LongType, false),
            List.of("dag_run_id", "task_id", "try_number", "state"), List.of(),
            Map.of("state_known", "state IN ('running', 'success', 'failed', 'timed_out')",
                    "try_positive", "try_number >= 1"));

    /** What earlier runs of a DAG and date did to one task. */
    public record History(int tries, boolean succeeded, Instant succeededAt) {
    }

    private final SparkSession spark;
    private final Lake lake;

    public TaskRuns(SparkSession spark, Lake lake) {
        this.spark = spark;
        this.lake = lake;
    }

    /** Creates the table if needed. */
    public void ensure() {
        DeltaTables.ensure(spark, lake, TABLE);
    }

    /** Per task id: the tries so far and whether one succeeded, for one DAG run key. */
    public Map<String, History> history(String dagId, LocalDate runDate, LocalDate intervalStart) {
        Map<String, History> out = new HashMap<>();
        List<Row> rows = DeltaTables.read(spark, lake, TABLE)
                .where(col("dag_id").equalTo(lit(dagId)).and(col("run_date").equalTo(lit(runDate)))
                        .and(col("interval_start_date").equalTo(lit(intervalStart))))
                .select("task_id", "try_number", "state", "ended_at").collectAsList();
        for (Row r : rows) {
            String task = r.getString(0);
            History before = out.getOrDefault(task, new History(0, false, null));
            boolean success = SUCCESS.equals(r.getString(2));
            Instant at = success ? r.<Instant>getAs(3) : before.succeededAt();
            out.put(task, new History(Math.max(before.tries(), r.getInt(1)), before.succeeded() || success, at));
        }
        return out;
    }

    /** One state of one try. */
    public record Entry(String dagRunId, String dagId, LocalDate runDate, LocalDate intervalStart, String taskId,
                        int tryNumber, String state, Instant startedAt, Instant endedAt, Integer exitCode,
                        String message, String command) {
    }

    /** Appends one row (one Delta commit). */
    public void append(Entry e) {
        // The lake's sessions use Java 8 time types (spark.sql.datetime.java8API.enabled).
        Row row = RowFactory.create(e.dagRunId(), e.dagId(), e.runDate(), e.intervalStart(),
                e.taskId(), e.tryNumber(), e.state(), e.startedAt(), e.endedAt(),
                e.endedAt() == null ? null : (e.endedAt().toEpochMilli() - e.startedAt().toEpochMilli()) / 1000.0,
                e.exitCode(), e.message(), e.command(), RunLock.host(), ProcessHandle.current().pid());
        spark.createDataFrame(List.of(row), TABLE.schema()).write().format("delta").mode("append")
                .save(lake.path(TABLE));
    }
}
