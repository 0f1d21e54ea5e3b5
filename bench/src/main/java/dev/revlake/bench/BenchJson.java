package dev.revlake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A bench report as JSON: settings, machine, stages (with rows per second derived), nightly tasks,
 * comparisons (with their ratio) and targets. Snake-case keys with units in the names.
 */
public final class BenchJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchJson() {
    }

    /** The report as a JSON document. */
    public static String text(BenchReport r) {
        try {
            return MAPPER.writeValueAsString(tree(r));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the bench figures as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes the report to a file, creating its folder. */
    public static void write(BenchReport r, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text(r) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> tree(BenchReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("preset", r.preset());
        run.put("contacts", r.contacts());
        run.put("days", r.days());
        run.put("seed", r.seed());
        run.put("start_date", r.start() == null ? null : r.start().toString());
        run.put("dir", r.dir() == null ? null : r.dir().toString());
        root.put("run", run);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", r.machine().cores());
        machine.put("max_heap_bytes", r.machine().maxHeapBytes());
        machine.put("java_version", r.machine().javaVersion());
        machine.put("os", r.machine().os());
        machine.put("git_commit", r.machine().gitCommit());
        root.put("machine", machine);
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageFigure s : r.stages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", s.name());
            m.put("status", s.status());
            m.put("wall_seconds", s.seconds());
            m.put("rows_in", s.rowsIn() < 0 ? null : s.rowsIn());
            m.put("rows_out", s.rowsOut());
            m.put("rows_per_second", s.rowsPerSecond());
            m.put("peak_heap_bytes", s.peakHeapBytes());
            m.put("live_heap_after_gc_bytes", s.liveHeapBytes());
            m.put("note", s.note());
            stages.add(m);
        }
        root.put("stages", stages);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TaskFigure t : r.nightlyTasks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task_id", t.taskId());
            m.put("outcome", t.outcome());
            m.put("wall_seconds", t.seconds());
            tasks.add(m);
        }
        root.put("nightly_tasks", tasks);
        List<Map<String, Object>> comparisons = new ArrayList<>();
        for (Comparison c : r.comparisons()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("unit", c.unit());
            m.put("revlake", c.revlake());
            m.put("reference", c.reference());
            m.put("reference_value", c.referenceValue());
            m.put("ratio_revlake_to_reference", c.ratio());
            m.put("detail", c.detail());
            m.put("results_differ", c.resultsDiffer());
            comparisons.add(m);
        }
        root.put("comparisons", comparisons);
        root.put("peak_heap_bytes", r.peakHeapBytes());
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Target t : r.targets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("goal", t.goal());
            m.put("figure", t.figure());
            m.put("verdict", t.verdict().text());
            m.put("note", t.note());
            targets.add(m);
        }
        root.put("targets", targets);
        return root;
    }
}
