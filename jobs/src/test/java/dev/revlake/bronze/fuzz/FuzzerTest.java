package dev.revlake.bronze.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revlake.lake.Lake;
import dev.revlake.raw.Source;
import dev.revlake.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FuzzerTest {

    @TempDir
    Path dir;

    @Test
    void everyGoodRecordLandsEveryBadOneIsQuarantinedAndNothingIsMissing() {
        FuzzManifest manifest = new BronzeFuzzer(new BronzeFuzzer.Config(dir.resolve("raw"), 2400, 7L,
                LocalDate.of(2026, 11, 20))).write();

        // Every kind a source allows was generated, so the test cannot silently stop covering one.
        Map<FuzzKind, Long> counts = manifest.kindCounts();
        for (FuzzKind kind : FuzzKind.values()) {
            assertThat(counts.getOrDefault(kind, 0L)).as("kind %s generated", kind).isPositive();
        }
        for (Source s : Source.values()) {
            List<FuzzKind> seen = manifest.records(s).stream().map(ExpectedRecord::kind).distinct().toList();
            assertThat(seen).as("bad kinds of %s", s.id()).containsAll(Arrays.stream(FuzzKind.values())
                    .filter(k -> k.isBadRecord() && k.appliesTo(s)).toList());
        }

        FuzzReport report = FuzzRunner.run(SharedSpark.get(), manifest, new Lake(dir.resolve("lake").toString()), false);

        assertThat(report.problems()).as(report.table()).isEmpty();
        assertThat(report.missing()).isZero();
        assertThat(report.unexpected()).isZero();
        assertThat(report.tried()).isEqualTo(manifest.records().size()).isGreaterThanOrEqualTo(2400);
        for (FuzzReport.SourceRow row : report.sources()) {
            assertThat(row.landed()).as(row.source().id()).isPositive();
            assertThat(row.quarantined()).as(row.source().id()).isPositive();
            assertThat(row.landed() + row.quarantined() + row.duplicates()).as(row.source().id())
                    .isEqualTo(row.tried());
        }
    }
}
