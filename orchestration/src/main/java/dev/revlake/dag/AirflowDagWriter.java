package dev.revlake.dag;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a plain Airflow DAG file (Python) from the dag-factory YAML, for teams that do not use
 * dag-factory: the same DAG ids, task ids, dependencies and spark-submit arguments. The committed
 * {@code orchestration/airflow/revlake_dags.py} is this writer's output, and a test fails when it
 * is not, so the two cannot drift.
 */
public final class AirflowDagWriter {

    private AirflowDagWriter() {
    }

    /** The Python source for the DAGs of one file. */
    public static String write(String yamlPath, List<Dag> dags) {
        StringBuilder py = new StringBuilder();
        py.append("\"\"\"RevLake's DAGs for Airflow without dag-factory.\n\n")
                .append("Generated from ").append(yamlPath).append(" by dev.revlake.dag.AirflowDagWriter\n")
                .append("(./revlake dags --airflow); do not edit: a test fails when this file and the YAML differ.\n")
                .append("Needs apache-airflow-providers-apache-spark and the Variables revlake_application_jar,\n")
                .append("revlake_lake and revlake_raw.\n\"\"\"\n")
                .append("from datetime import datetime, timedelta\n\n")
                .append("from airflow import DAG\n")
                .append("from airflow.datasets import Dataset\n")
                .append("from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n");
        // dag-factory applies the file's one default block to every DAG.
        py.append("\nDEFAULT_ARGS = {\n");
        for (Map.Entry<String, Object> a : dags.get(0).defaultArgs().entrySet()) {
            py.append("    ").append(defaultArg(a.getKey(), a.getValue())).append(",\n");
        }
        py.append("}\n");
        for (Dag dag : dags) {
            py.append("\nwith DAG(\n")
                    .append("    dag_id=").append(str(dag.id())).append(",\n")
                    .append("    description=").append(str(dag.description())).append(",\n")
                    .append("    schedule=").append(dag.schedule() == null ? "None" : str(dag.schedule())).append(",\n")
                    .append("    catchup=").append(dag.catchup() ? "True" : "False").append(",\n");
            if (dag.maxActiveRuns() != null) {
                py.append("    max_active_runs=").append(dag.maxActiveRuns()).append(",\n");
            }
            if (dag.maxActiveTasks() != null) {
                py.append("    max_active_tasks=").append(dag.maxActiveTasks()).append(",\n");
            }
            py.append("    default_args=DEFAULT_ARGS,\n")
                    .append(") as ").append(dag.id()).append(":\n");
            for (DagTask t : dag.tasks()) {
                py.append("    ").append(t.id()).append(" = SparkSubmitOperator(\n")
                        .append("        task_id=").append(str(t.id())).append(",\n");
                for (Map.Entry<String, String> s : t.submitSettings().entrySet()) {
                    py.append("        ").append(s.getKey()).append("=").append(str(s.getValue())).append(",\n");
                }
                py.append("        java_class=").append(str(t.javaClass())).append(",\n")
                        .append("        application_args=[")
                        .append(t.applicationArgs().stream().map(AirflowDagWriter::str).collect(Collectors.joining(", ")))
                        .append("],\n")
                        .append("        conf={")
                        .append(t.conf().entrySet().stream().map(c -> str(c.getKey()) + ": " + str(c.getValue()))
                                .collect(Collectors.joining(", ")))
                        .append("},\n")
                        .append("        outlets=[")
                        .append(t.outlets().stream().map(o -> "Dataset(" + str(o) + ")").collect(Collectors.joining(", ")))
                        .append("],\n")
                        .append("    )\n");
            }
            for (DagTask t : dag.tasks()) {
                if (!t.dependencies().isEmpty()) {
                    py.append("    [").append(String.join(", ", t.dependencies())).append("] >> ").append(t.id())
                            .append("\n");
                }
            }
        }
        return py.toString();
    }

    /** dag-factory's {@code *_sec(s)} arguments become Airflow timedeltas, dates become datetimes. */
    private static String defaultArg(String key, Object value) {
        if (key.equals("retry_delay_sec")) {
            return str("retry_delay") + ": timedelta(seconds=" + value + ")";
        }
        if (key.equals("execution_timeout_secs")) {
            return str("execution_timeout") + ": timedelta(seconds=" + value + ")";
        }
        if (key.equals("start_date")) {
            LocalDate d = LocalDate.parse(value.toString());
            return str(key) + ": datetime(" + d.getYear() + ", " + d.getMonthValue() + ", " + d.getDayOfMonth() + ")";
        }
        if (value instanceof Boolean b) {
            return str(key) + ": " + (b ? "True" : "False");
        }
        if (value instanceof Number n) {
            return str(key) + ": " + n;
        }
        return str(key) + ": " + str(value.toString());
    }

    /** A Python string literal. */
    static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
