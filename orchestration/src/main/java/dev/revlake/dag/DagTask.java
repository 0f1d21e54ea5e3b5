package dev.revlake.dag;

import java.util.List;
import java.util.Map;

/**
 * One task of a DAG: a revlake command line submitted with spark-submit.
 *
 * @param id              task id
 * @param operator        the Airflow operator class (always the Spark submit operator)
 * @param javaClass       the main class spark-submit calls
 * @param applicationArgs the command line, with Airflow templates
 * @param dependencies    ids of the tasks that must finish first
 * @param conf            Spark settings passed with {@code --conf}
 * @param outlets         the tables the task writes, as {@code revlake://layer/table}
 * @param submitSettings  the operator's other settings in file order ({@code conn_id},
 *                        {@code application}, driver and executor memory …)
 */
public record DagTask(String id, String operator, String javaClass, List<String> applicationArgs,
                      List<String> dependencies, Map<String, String> conf, List<String> outlets,
                      Map<String, String> submitSettings) {

    public DagTask {
        applicationArgs = List.copyOf(applicationArgs);
        dependencies = List.copyOf(dependencies);
        conf = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(conf));
        outlets = List.copyOf(outlets);
        submitSettings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(submitSettings));
    }

    /** The revlake command the task runs, e.g. {@code ingest}. */
    public String command() {
        return applicationArgs.get(0);
    }
}
