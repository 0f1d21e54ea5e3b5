package dev.revlake.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import dev.revlake.dag.Dag;
import dev.revlake.dag.DagFiles;
import dev.revlake.dag.Schedules;

class RetryPolicyTest {

    @Test
    void theShippedDefaultsGiveTwoRetriesWithDoublingDelaysAndAnHourTimeout() {
        Dag nightly = DagFiles.load(Path.of("dags/revlake_dags.yml"), c -> true).get(0);
        RetryPolicy p = RetryPolicy.of(nightly, nightly.task("silver"));
        assertThat(p.retries()).isEqualTo(2);
        assertThat(p.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.delayAfter(3)).isEqualTo(Duration.ofMinutes(20));
        RetryPolicy capped = new RetryPolicy(9, Duration.ofMinutes(5), true, Duration.ofMinutes(15), null);
        assertThat(capped.delayAfter(3)).isEqualTo(Duration.ofMinutes(15));
        RetryPolicy flat = new RetryPolicy(9, Duration.ofMinutes(5), false, Duration.ofMinutes(15), null);
        assertThat(flat.delayAfter(4)).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, false, Duration.ZERO, null))
                .hasMessage("Invalid retries: -1");
    }

    @Test
    void schedulesFireOnTheirCronDates() {
        LocalDate sunday = LocalDate.of(2026, 3, 1);
        assertThat(Schedules.firesOn("0 2 * * *", sunday)).isTrue();
        assertThat(Schedules.firesOn("0 5 * * 0", sunday)).isTrue();
        assertThat(Schedules.firesOn("0 5 * * 0", sunday.plusDays(1))).isFalse();
        assertThat(Schedules.firesOn("@weekly", sunday.plusDays(7))).isTrue();
        assertThat(Schedules.firesOn("0 0 1,15 * *", LocalDate.of(2026, 3, 15))).isTrue();
        assertThat(Schedules.firesOn("0 0 * * 1-5", sunday)).isFalse();
        assertThat(Schedules.firesOn("0 0 */10 * *", LocalDate.of(2026, 3, 21))).isTrue();
        assertThat(Schedules.firesOn("0 0 */10 * *", LocalDate.of(2026, 3, 20))).isFalse();
        // Both day fields restricted: either matching is enough (cron's rule).
        assertThat(Schedules.firesOn("0 0 13 * 5", LocalDate.of(2026, 3, 6))).isTrue();
        assertThat(Schedules.problem("every night")).startsWith("Invalid schedule: 'every night'");
        assertThat(Schedules.problem("0 0 * 13 *")).isEqualTo("Invalid schedule: '0 0 * 13 *' (13 is outside 1..12)");
    }
}
