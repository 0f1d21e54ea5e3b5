package dev.revlake.dag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a dag-factory YAML file (a {@code default:} block, then one key per DAG id with
 * {@code schedule}, {@code catchup}, {@code description} and {@code tasks}) and checks everything
 * that would otherwise fail in the middle of a run: cycles, unknown dependencies, operators, main
 * classes or commands, templates RevLake does not render, and dated commands without the run
 * date.
 */
public final class DagFiles {

    /** The only operator RevLake's tasks use. */
    public static final String SPARK_SUBMIT_OPERATOR =
            "airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator";

    /** The main class every task submits: the revlake CLI, whose arguments are the command line. */
    public static final String MAIN_CLASS = "dev.revlake.cli.RevLakeCli";

    /** Commands that work on dates and so need the run date in their arguments. */
    private static final Set<String> DATED = Set.of("ingest", "silver", "gold", "nightly", "score", "forecast",
            "check");

    /** Options whose value is a date. */
    private static final Set<String> DATE_OPTIONS = Set.of("--date", "--from", "--to");

    /** Task keys with a meaning of their own; every other key is a spark-submit setting. */
    private static final Set<String> TASK_KEYS = Set.of("operator", "java_class", "application_args", "dependencies",
            "conf", "outlets");

    private DagFiles() {
    }

    /**
     * Reads and checks a file.
     *
     * @param knownCommand whether a revlake command exists (the CLI's subcommands)
     * @throws DagSpecException naming the file, DAG and task of the first problem
     */
    public static List<Dag> load(Path file, Predicate<String> knownCommand) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return load(file.getFileName().toString(), in, knownCommand);
        } catch (IOException e) {
            throw new DagSpecException(file.getFileName().toString(), null, null, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Reads and checks YAML text (a file, or the copy built into the jar).
     *
     * @param name the file name messages give
     * @throws DagSpecException naming the file, DAG and task of the first problem
     */
    public static List<Dag> load(String name, java.io.InputStream yaml, Predicate<String> knownCommand) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new DagSpecException(name, null, null, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DagSpecException(name, null, null, "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DagSpecException(name, null, null, "expected a mapping of DAG ids");
        }
        JsonNode defaults = root.path("default");
        Map<String, Object> defaultArgs = toMap(defaults.path("default_args"));
        Object startDate = defaultArgs.get("start_date");
        if (startDate != null) {
            try {
                java.time.LocalDate.parse(String.valueOf(startDate));
            } catch (java.time.format.DateTimeParseException e) {
                throw new DagSpecException(name, null, null, "bad default_args start_date '" + startDate
                        + "' (expected YYYY-MM-DD)");
            }
        }
        List<Dag> dags = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("default")) {
                continue;
            }
            dags.add(dag(name, e.getKey(), e.getValue(), defaults, defaultArgs, knownCommand));
        }
        if (dags.isEmpty()) {
            throw new DagSpecException(name, null, null, "declares no DAG");
        }
        return dags;
    }

    private static Dag dag(String file, String id, JsonNode node, JsonNode defaults, Map<String, Object> defaultArgs,
            Predicate<String> knownCommand) {
        JsonNode tasksNode = node.path("tasks");
        if (!tasksNode.isObject() || tasksNode.isEmpty()) {
            throw new DagSpecException(file, id, null, "has no tasks");
        }
        JsonNode scheduleNode = node.has("schedule") ? node.get("schedule") : node.path("schedule_interval");
        String schedule = scheduleNode.isNull() || scheduleNode.isMissingNode() ? null : scheduleNode.asText();
        if (schedule != null && Schedules.problem(schedule) != null) {
            throw new DagSpecException(file, id, null, Schedules.problem(schedule));
        }
        boolean catchup = node.has("catchup") ? node.get("catchup").asBoolean() : defaults.path("catchup").asBoolean();
        List<DagTask> tasks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> t : tasksNode.properties()) {
            tasks.add(task(file, id, t.getKey(), t.getValue(), schedule != null, knownCommand));
        }
        Set<String> ids = new LinkedHashSet<>();
        tasks.forEach(t -> ids.add(t.id()));
        for (DagTask t : tasks) {
            for (String d : t.dependencies()) {
                if (!ids.contains(d)) {
                    throw new DagSpecException(file, id, t.id(), "depends on unknown task " + d);
                }
            }
        }
        JsonNode runs = node.has("max_active_runs") ? node.get("max_active_runs") : defaults.path("max_active_runs");
        JsonNode active = node.has("max_active_tasks") ? node.get("max_active_tasks")
                : defaults.path("max_active_tasks");
        boolean wholeAndPositive = active.isIntegralNumber() && active.canConvertToInt() && active.intValue() >= 1;
        if (!active.isMissingNode() && !wholeAndPositive) {
            throw new DagSpecException(file, id, null, "has max_active_tasks " + active
                    + " (a whole number of at least 1)");
        }
        Dag dag = new Dag(id, schedule, catchup, node.path("description").asText(""), defaultArgs,
                runs.isNumber() ? runs.intValue() : null, active.isMissingNode() ? null : active.intValue(), tasks);
        checkAcyclic(file, dag);
        return dag;
    }

    private static DagTask task(String file, String dag, String id, JsonNode node, boolean scheduled,
            Predicate<String> knownCommand) {
        String operator = node.path("operator").asText(null);
        if (!SPARK_SUBMIT_OPERATOR.equals(operator)) {
            throw new DagSpecException(file, dag, id, "unknown operator " + operator + " (RevLake tasks use "
                    + SPARK_SUBMIT_OPERATOR + ")");
        }
        String javaClass = node.path("java_class").asText(null);
        if (!MAIN_CLASS.equals(javaClass)) {
            throw new DagSpecException(file, dag, id, "unknown job class " + javaClass + " (every task runs "
                    + MAIN_CLASS + " with a revlake command line)");
        }
        List<String> args = texts(node.path("application_args"));
        if (args.isEmpty() || !knownCommand.test(args.get(0))) {
            throw new DagSpecException(file, dag, id, "unknown revlake command "
                    + (args.isEmpty() ? "(application_args is empty)" : args.get(0)));
        }
        for (String a : args) {
            String unknown = Templates.unknownExpression(a);
            if (unknown != null) {
                throw new DagSpecException(file, dag, id, "unknown template {{ " + unknown + " }}");
            }
        }
        if (scheduled && DATED.contains(args.get(0)) && args.stream().noneMatch(Templates::usesRunDate)) {
            throw new DagSpecException(file, dag, id, "the " + args.get(0) + " command needs the run date:"
                    + " give it {{ ds }} (e.g. --date \"{{ ds }}\")");
        }
        for (int i = 0; i + 1 < args.size(); i++) {
            String value = args.get(i + 1);
            if (DATE_OPTIONS.contains(args.get(i)) && !value.contains("{{")) {
                try {
                    java.time.LocalDate.parse(value);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new DagSpecException(file, dag, id, "bad date '" + value + "' after " + args.get(i)
                            + " (expected YYYY-MM-DD or a template such as {{ ds }})");
                }
            }
        }
        Map<String, String> conf = new LinkedHashMap<>();
        node.path("conf").properties().forEach(c -> conf.put(c.getKey(), c.getValue().asText()));
        Map<String, String> settings = new LinkedHashMap<>();
        node.properties().forEach(p -> {
            if (!TASK_KEYS.contains(p.getKey())) {
                settings.put(p.getKey(), p.getValue().asText());
            }
        });
        return new DagTask(id, operator, javaClass, args, texts(node.path("dependencies")), conf,
                texts(node.path("outlets")), settings);
    }

    private static void checkAcyclic(String file, Dag dag) {
        Map<String, Integer> state = new HashMap<>();
        for (DagTask t : dag.tasks()) {
            List<String> path = new ArrayList<>();
            if (cycleFrom(dag, t.id(), state, path)) {
                throw new DagSpecException(file, dag.id(), path.get(path.size() - 1), "dependency cycle "
                        + String.join(" -> ", path));
            }
        }
    }

    /** Depth-first search; state 1 = on the current path, 2 = done. */
    private static boolean cycleFrom(Dag dag, String id, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return false;
        }
        path.add(id);
        if (s != null && s == 1) {
            return true;
        }
        state.put(id, 1);
        for (String d : dag.task(id).dependencies()) {
            if (cycleFrom(dag, d, state, path)) {
                return true;
            }
        }
        state.put(id, 2);
        path.remove(path.size() - 1);
        return false;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    private static Map<String, Object> toMap(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue()
                : e.getValue().isBoolean() ? e.getValue().booleanValue() : e.getValue().asText()));
        return out;
    }
}
