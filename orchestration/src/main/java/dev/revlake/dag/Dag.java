package dev.revlake.dag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One DAG of a dag-factory file.
 *
 * @param id          DAG id
 * @param schedule    cron expression, or null for a DAG that is only triggered (a backfill)
 * @param catchup     whether Airflow runs missed intervals
 * @param description what the DAG does
 * @param defaultArgs the file's {@code default_args} (retries, retry delay, timeout …), in file order
 * @param maxActiveRuns runs of the DAG that may be active at once, null for Airflow's default
 * @param maxActiveTasks tasks of one run that may run at once, null for Airflow's default (the local
 *                    runner then runs one at a time)
 * @param tasks       tasks in file order
 */
public record Dag(String id, String schedule, boolean catchup, String description, Map<String, Object> defaultArgs,
                  Integer maxActiveRuns, Integer maxActiveTasks, List<DagTask> tasks) {

    public Dag {
        defaultArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaultArgs));
        tasks = List.copyOf(tasks);
    }

    /** The task with an id. */
    public DagTask task(String taskId) {
        return tasks.stream().filter(t -> t.id().equals(taskId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown task " + taskId + " in DAG " + id));
    }

    /** Tasks in an order that runs every task after its dependencies (file order among equals). */
    public List<DagTask> executionOrder() {
        Map<String, DagTask> left = new LinkedHashMap<>();
        tasks.forEach(t -> left.put(t.id(), t));
        List<DagTask> order = new ArrayList<>();
        while (!left.isEmpty()) {
            DagTask next = left.values().stream()
                    .filter(t -> t.dependencies().stream().noneMatch(left::containsKey)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("DAG " + id + " has a cycle among " + left.keySet()));
            order.add(next);
            left.remove(next.id());
        }
        return order;
    }
}
