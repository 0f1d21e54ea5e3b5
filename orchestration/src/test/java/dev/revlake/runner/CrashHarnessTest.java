package dev.revlake.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Where the harness puts its kill points. */
class CrashHarnessTest {

    /** A nightly run as the reference sees it: 8 ingest tasks, then one task per stage. */
    private static List<CrashHarness.TaskStart> nightly() {
        List<CrashHarness.TaskStart> starts = new ArrayList<>();
        long commits = 0;
        long millis = 0;
        for (String s : List.of("web_pageviews", "email_events", "form_submissions", "webinar_attendance",
                "crm_accounts", "crm_contacts", "crm_opportunities", "crm_activities")) {
            starts.add(new CrashHarness.TaskStart("ingest_" + s, commits, millis));
            commits += 6;
            millis += 4_000;
        }
        for (String t : List.of("silver", "gold", "score", "forecast", "export")) {
            starts.add(new CrashHarness.TaskStart(t, commits, millis));
            commits += 10;
            millis += 10_000;
        }
        return starts;
    }

    @Test
    void pointsReachEveryStageAlternatingCommitCountsAndMidStageDelays() {
        List<CrashHarness.KillPoint> points = CrashHarness.plan(nightly(), 98, 82_000, 20);
        assertThat(points).hasSize(20);
        assertThat(points.stream().map(CrashHarness.KillPoint::number).toList())
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
        Map<String, Long> perStage = points.stream().collect(Collectors.groupingBy(CrashHarness.KillPoint::stage,
                Collectors.counting()));
        assertThat(perStage).containsOnlyKeys("ingest", "silver", "gold", "score", "forecast", "export");
        assertThat(perStage.values()).allMatch(n -> n >= 3);
        // The ingest stage spans commits 0..48: its commit points lie inside it, distinct and increasing.
        List<Long> ingestCommits = points.stream().filter(p -> p.stage().equals("ingest") && p.afterCommits() > 0)
                .map(CrashHarness.KillPoint::afterCommits).toList();
        assertThat(ingestCommits).hasSize(2).isSorted().doesNotHaveDuplicates().allMatch(k -> k > 0 && k <= 48);
        assertThat(points.stream().filter(p -> p.stage().equals("export") && p.afterCommits() > 0)
                .map(CrashHarness.KillPoint::afterCommits)).allMatch(k -> k > 88 && k <= 98);
        assertThat(points.stream().filter(p -> p.afterCommits() == 0).map(CrashHarness.KillPoint::stageFraction))
                .isNotEmpty().allMatch(f -> f > 0 && f < 1);
        // In run order: stages as the run meets them.
        assertThat(points.get(0).stage()).isEqualTo("ingest");
        assertThat(points.get(19).stage()).isEqualTo("export");
    }

    @Test
    void onePointPerStageStillGivesBothKindsAlternatingFromStageToStage() {
        List<CrashHarness.KillPoint> six = CrashHarness.plan(nightly(), 98, 82_000, 6);
        assertThat(six.stream().map(CrashHarness.KillPoint::stage))
                .containsExactly("ingest", "silver", "gold", "score", "forecast", "export");
        assertThat(six.stream().map(p -> p.afterCommits() > 0 ? "commit" : "mid-stage"))
                .containsExactly("commit", "mid-stage", "commit", "mid-stage", "commit", "mid-stage");
        assertThat(six.get(2).afterCommits()).isBetween(59L, 68L);
        assertThat(six.get(1).stageFraction()).isEqualTo(0.5);
    }

    @Test
    void fewerPointsThanStagesSpreadFromFirstToLastStageAndBadSettingsAreRefused() {
        List<CrashHarness.KillPoint> three = CrashHarness.plan(nightly(), 98, 82_000, 3);
        assertThat(three.stream().map(CrashHarness.KillPoint::stage)).containsExactly("ingest", "score", "export");
        assertThat(CrashHarness.stage("ingest_crm_contacts")).isEqualTo("ingest");
        assertThat(CrashHarness.stage("check_silver")).isEqualTo("check_silver");
        assertThatThrownBy(() -> new CrashHarness.Settings(0, 100, 65, 1, Path.of("w"), 2, "x"))
                .hasMessage("Invalid kill points: 0 (at least 1)");
        assertThatThrownBy(() -> CrashHarness.plan(List.of(), 0, 0, 3))
                .hasMessage("the reference run started no task");
    }
}
