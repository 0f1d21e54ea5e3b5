package dev.revlake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The figure model, the targets, the JSON and the console table, the heap monitor and the Jackson floor. */
class BenchFiguresTest {

    private static final long MIB = 1024L * 1024;

    private static BenchReport report(double nightlySeconds, double jacksonRatio, long leadsScored, long peakHeap) {
        List<StageFigure> stages = List.of(
                new StageFigure("simulate", StageFigure.OK, 2.0, -1, 1_000, 50 * MIB, 0, "raw records"),
                new StageFigure(StageFigure.INGEST, StageFigure.OK, 10.0, 1_000, 990, 900 * MIB, 300 * MIB, ""),
                new StageFigure("train close_date", StageFigure.REFUSED, 1.5, 0, 0, 10 * MIB, 0, "Too few rows"),
                new StageFigure(StageFigure.SCORE_LEADS, StageFigure.OK, 6.0, leadsScored, leadsScored, MIB, 0, ""),
                new StageFigure("forecast", StageFigure.SKIPPED, 0, 0, 0, 0, 0, "no deal scores"),
                new StageFigure(StageFigure.NIGHTLY, StageFigure.OK, nightlySeconds, 500, 800, 2_000 * MIB, 0, ""));
        List<Comparison> comparisons = List.of(new Comparison(Comparison.INGEST_VS_JACKSON,
                Comparison.RECORDS_PER_SECOND, 100 * jacksonRatio, "bare Jackson streaming loop", 100, "2 threads"));
        return new BenchReport("quick", 2_000, 60, 42, LocalDate.of(2026, 1, 1), Path.of("/tmp/b"),
                Instant.parse("2026-03-01T10:00:00Z"), new MachineFacts(2, 4096 * MIB, "17.0.15", "Linux", "abc1234"),
                stages, List.of(new TaskFigure("ingest_web_pageviews", "SUCCEEDED", 3.25)), comparisons, peakHeap);
    }

    /** The same report with other stages. */
    private static BenchReport withStages(BenchReport r, List<StageFigure> stages) {
        return new BenchReport(r.preset(), r.contacts(), r.days(), r.seed(), r.start(), r.dir(), r.startedAt(),
                r.machine(), stages, r.nightlyTasks(), r.comparisons(), r.peakHeapBytes());
    }

    @Test
    void rowsPerSecondUseRowsInOrRowsOutForAStageThatReadsNothing() {
        BenchReport r = report(60, 0.5, 200_000, MIB);
        assertThat(r.stage(StageFigure.INGEST).rowsPerSecond()).isEqualTo(100.0);
        assertThat(r.stage("simulate").rowsPerSecond()).isEqualTo(500.0);
        assertThat(r.stage("forecast").rowsPerSecond()).isZero();
        assertThatThrownBy(() -> new StageFigure("x", "done", 1, 0, 0, 0, 0, ""))
                .hasMessage("Invalid stage status: done");
        assertThatThrownBy(() -> new StageFigure("x", StageFigure.OK, 1, -2, 0, 0, 0, ""))
                .hasMessageStartingWith("Invalid stage figures for x");
        assertThatThrownBy(() -> new Comparison("c", Comparison.SECONDS, 1, "DuckDB", 0, ""))
                .hasMessageStartingWith("Invalid comparison figures");
    }

    @Test
    void targetsAreMetMissedOrNotMeasuredAndTheDuckDbRowTurnsItsTargetOn() {
        // nightly 100 s (met), ingest at 25% of Jackson (missed), 200,000 leads in 6 s = 2M/min (met),
        // peak heap 5 GiB (missed), no DuckDB figure (not measured).
        BenchReport r = report(100, 0.25, 200_000, 5L << 30);
        assertThat(r.targets()).extracting(Target::verdict).containsExactly(Target.Verdict.MET,
                Target.Verdict.NOT_MEASURED, Target.Verdict.MISSED, Target.Verdict.MET, Target.Verdict.MISSED);
        assertThat(r.targets().get(1).note()).isEqualTo("not measured in this build");
        assertThat(r.targets().get(3).figure()).isEqualTo("2,000,000 leads/min");
        assertThat(report(121, 0.30, 16_000, 4L << 30).targets()).extracting(Target::verdict)
                .containsExactly(Target.Verdict.MISSED, Target.Verdict.NOT_MEASURED, Target.Verdict.MET,
                        Target.Verdict.MISSED, Target.Verdict.MET);

        BenchReport slow = r.with(Comparison.ofSeconds(Comparison.LEAD_FEATURES_VS_DUCKDB, 3.0, "DuckDB", 1.0, "", false));
        assertThat(slow.targets().get(1).verdict()).isEqualTo(Target.Verdict.MISSED);
        assertThat(slow.targets().get(1).figure()).isEqualTo("3.00x");
        BenchReport fast = r.with(Comparison.ofSeconds(Comparison.LEAD_FEATURES_VS_DUCKDB, 1.5, "DuckDB", 1.0, "", false));
        assertThat(fast.targets().get(1).verdict()).isEqualTo(Target.Verdict.MET);
        // Fast but wrong: the ratio of two different results judges nothing.
        BenchReport wrong = r.with(Comparison.ofSeconds(Comparison.LEAD_FEATURES_VS_DUCKDB, 1.5, "DuckDB", 1.0,
                "rows 10 / 10, 3 mismatches", true));
        assertThat(wrong.targets().get(1).verdict()).isEqualTo(Target.Verdict.NOT_MEASURED);
        assertThat(wrong.targets().get(1).note()).isEqualTo("the two results differ: rows 10 / 10, 3 mismatches");
    }

    @Test
    void aSkippedScoringStageLeavesTheScoringTargetNotMeasuredWithItsReason() {
        BenchReport r = report(60, 0.5, 0, MIB);
        List<StageFigure> stages = new java.util.ArrayList<>(r.stages());
        stages.set(3, new StageFigure(StageFigure.SCORE_LEADS, StageFigure.SKIPPED, 0, 0, 0, 0, 0, "no champion"));
        BenchReport skipped = withStages(r, stages);
        assertThat(skipped.targets().get(3).verdict()).isEqualTo(Target.Verdict.NOT_MEASURED);
        assertThat(skipped.targets().get(3).note()).isEqualTo("scoring skipped: no champion");
    }

    @Test
    void theScoringTargetJudgesTheReScoreWhenItRanAndOneNightOtherwise() {
        BenchReport night = report(60, 0.5, 30_000, MIB);
        // One night: 30,000 leads in 6 s, mostly the job's fixed cost.
        assertThat(night.targets().get(3).figure()).isEqualTo("300,000 leads/min");
        List<StageFigure> stages = new java.util.ArrayList<>(night.stages());
        stages.add(new StageFigure(StageFigure.RESCORE_LEADS, StageFigure.OK, 50.0, 1_000_000, 1_000_000, MIB, 0, ""));
        BenchReport rescored = withStages(night, stages);
        assertThat(rescored.targets().get(3).verdict()).isEqualTo(Target.Verdict.MET);
        assertThat(rescored.targets().get(3).figure()).isEqualTo("1,200,000 leads/min");
        assertThat(rescored.targets().get(3).note()).isEqualTo("re-score leads: 1,000,000 leads in 50.0 s");
        stages.set(stages.size() - 1, new StageFigure(StageFigure.RESCORE_LEADS, StageFigure.SKIPPED, 0, 0, 0, 0, 0,
                "no champion"));
        BenchReport skipped = withStages(night, stages);
        assertThat(skipped.targets().get(3).figure()).isEqualTo("300,000 leads/min");
    }

    @Test
    void theReScoreRangeIsTheLatestDatesHoldingEnoughLeads() {
        java.util.NavigableMap<LocalDate, Long> perDate = new java.util.TreeMap<>(Map.of(
                LocalDate.of(2026, 3, 1), 400L, LocalDate.of(2026, 3, 2), 500L, LocalDate.of(2026, 3, 3), 600L,
                LocalDate.of(2026, 3, 4), 700L));
        LocalDate to = LocalDate.of(2026, 3, 3);
        // Dates after "to" do not count: 600 on Mar 3, 1,100 from Mar 2.
        assertThat(BenchRun.rescoreFrom(perDate, 1_000, to)).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(BenchRun.rescoreFrom(perDate, 600, to)).isEqualTo(to);
        assertThat(BenchRun.rescoreFrom(perDate, 601, to)).isEqualTo(LocalDate.of(2026, 3, 2));
        // Fewer leads than asked: every date.
        assertThat(BenchRun.rescoreFrom(perDate, 1_000_000, to)).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(BenchRun.rescoreFrom(new java.util.TreeMap<>(), 1_000, to)).isEqualTo(to);
    }

    @Test
    void theJsonHasTheRunTheMachineEveryStageTheComparisonsAndTheTargets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/bench.json");
        BenchJson.write(report(100, 0.25, 200_000, 5L << 30), file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.path("run").path("preset").asText()).isEqualTo("quick");
        assertThat(root.path("run").path("contacts").asInt()).isEqualTo(2_000);
        assertThat(root.path("run").path("start_date").asText()).isEqualTo("2026-01-01");
        assertThat(root.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(root.path("machine").path("max_heap_bytes").asLong()).isEqualTo(4096 * MIB);
        assertThat(root.path("machine").path("git_commit").asText()).isEqualTo("abc1234");
        assertThat(root.path("started_at").asText()).isEqualTo("2026-03-01T10:00:00Z");
        JsonNode stages = root.path("stages");
        assertThat(stages).hasSize(6);
        assertThat(stages.get(0).path("rows_in").isNull()).isTrue();
        assertThat(stages.get(1).path("rows_per_second").asDouble()).isEqualTo(100.0);
        assertThat(stages.get(1).path("live_heap_after_gc_bytes").asLong()).isEqualTo(300 * MIB);
        assertThat(stages.get(2).path("status").asText()).isEqualTo("refused");
        assertThat(root.path("nightly_tasks").get(0).path("wall_seconds").asDouble()).isEqualTo(3.25);
        assertThat(root.path("comparisons").get(0).path("ratio_revlake_to_reference").asDouble()).isEqualTo(0.25);
        assertThat(root.path("targets")).hasSize(5);
        assertThat(root.path("targets").get(1).path("verdict").asText()).isEqualTo("not measured");
        assertThat(root.path("targets").get(2).path("verdict").asText()).isEqualTo("missed");
    }

    @Test
    void theTableHasALinePerStageTheComparisonAndTheTargets() {
        String text = BenchTable.format(report(100, 0.25, 200_000, 5L << 30));
        assertThat(text).contains("quick preset, 2,000 contacts x 60 days").contains("2 cores, max heap 4096 MiB");
        assertThat(text.lines().filter(l -> l.startsWith("ingest ")).findFirst().orElseThrow())
                .matches("ingest\\s+ok\\s+10\\.0\\s+1,000\\s+990\\s+100\\s+900\\s+300.*");
        assertThat(text.lines().filter(l -> l.startsWith("simulate ")).findFirst().orElseThrow())
                .matches("simulate\\s+ok\\s+2\\.0\\s+-\\s+1,000\\s+500\\s+50\\s+0\\s+raw records");
        assertThat(text).contains("train close_date           refused").contains("Too few rows");
        assertThat(text).containsPattern("ingest_web_pageviews\\s+succeeded\\s+3\\.3 s");
        assertThat(text).contains("ingest vs bare Jackson parse").contains("ratio RevLake/reference 0.25");
        assertThat(text).containsPattern("gold lead features vs DuckDB\\s+<= 2x DuckDB\\s+-\\s+not measured\\s+"
                + "not measured in this build");
        assertThat(text).containsPattern("nightly run for one new day \\(all tasks\\)\\s+<= 120 s\\s+100\\.0 s\\s+met");
        assertThat(text).containsPattern("peak JVM heap\\s+<= 4 GiB\\s+5120 MiB\\s+missed");
    }

    @Test
    void theHeapMonitorSeesAnAllocationAndCountsOnlyHeapPoolsOfACollection() {
        try (HeapMonitor heap = new HeapMonitor()) {
            // A collection between the two readings may free garbage that other tests left behind, so
            // the heap is collected first and the 64 MiB come in chunks small enough for eden (a
            // humongous array can itself start a collection). What a collection between the readings
            // can still free is what was allocated since System.gc(): the 4 MiB slack.
            System.gc();
            heap.reset();
            long before = heap.windowPeak();
            List<byte[]> held = new ArrayList<>();
            for (int i = 0; i < 128; i++) {
                held.add(new byte[512 * 1024]);
            }
            assertThat(heap.windowPeak()).isGreaterThanOrEqualTo(before + 64 * MIB - 4 * MIB);
            assertThat(heap.runPeak()).isGreaterThanOrEqualTo(heap.windowPeak());
            String heapPool = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).findFirst().orElseThrow();
            assertThat(heap.heapBefore(Map.of(heapPool, new MemoryUsage(0, 300, 400, 500),
                    "Metaspace", new MemoryUsage(0, 7_000, 8_000, 9_000)))).isEqualTo(300);
            assertThat(held).hasSize(128);
        }
    }

    @Test
    void theJacksonFloorParsesTheJsonLinesFilesOfTheDatesLineByLine(@TempDir Path raw) throws Exception {
        Path day1 = Files.createDirectories(raw.resolve("web_pageviews/dt=2026-01-01"));
        Files.writeString(day1.resolve("part-00000.jsonl"), "{\"event_id\":\"e1\",\"n\":1}\n\n{\"event_id\":\"e2\"}\n"
                + "{\"event_id\": broken\n");
        Path day2 = Files.createDirectories(raw.resolve("email_events/dt=2026-01-02"));
        Files.writeString(day2.resolve("part-00000.jsonl"), "{\"event_id\":\"e3\"}\n");
        Files.writeString(Files.createDirectories(raw.resolve("web_pageviews/dt=2026-01-03")).resolve("part-00000.jsonl"),
                "{\"event_id\":\"late\"}\n");
        Files.writeString(Files.createDirectories(raw.resolve("crm_activities/dt=2026-01-01")).resolve("part-00000.csv"),
                "activity_id\na1\n");

        List<Path> files = JacksonFloor.files(raw, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 2));
        assertThat(files).containsExactlyInAnyOrder(day1.resolve("part-00000.jsonl"), day2.resolve("part-00000.jsonl"));
        JacksonFloor.Result r = JacksonFloor.run(files, 2);
        assertThat(r.files()).isEqualTo(2);
        assertThat(r.records()).isEqualTo(4); // the blank line is no record
        assertThat(r.malformed()).isEqualTo(1);
        assertThat(r.threads()).isEqualTo(2);
        assertThat(r.bytes()).isEqualTo(Files.size(files.get(0)) + Files.size(files.get(1)));
        assertThat(r.recordsPerSecond()).isPositive();
    }

    @Test
    void presetsHaveTheIssuesSizes() {
        assertThat(Preset.parse("quick")).extracting(Preset::contacts, Preset::days).containsExactly(2_000, 60);
        assertThat(Preset.parse("SMALL")).extracting(Preset::contacts, Preset::days).containsExactly(10_000, 180);
        assertThat(Preset.parse("default")).extracting(Preset::contacts, Preset::days).containsExactly(100_000, 180);
        assertThat(Preset.parse("large")).extracting(Preset::contacts, Preset::days).containsExactly(300_000, 180);
        assertThatThrownBy(() -> Preset.parse("huge")).hasMessage("Invalid preset: 'huge' (quick, small, default or large)");
    }
}
