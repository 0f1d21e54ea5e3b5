package dev.revlake.serve;

import static dev.revlake.testing.TestRows.values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.score.ScoreTables;
import dev.revlake.testing.SharedSpark;
import dev.revlake.testing.TestRows;

/** Hand-made score rows written the way the scoring job writes a night. */
final class ScoreFixtures {

    static final String TOKEN = "test-token-0123456789abcdef";
    static final LocalDate NIGHT1 = LocalDate.of(2026, 3, 1);

    /** Night 1 written once per JVM: creating Delta tables with constraints costs seconds per commit. */
    private static Path nightOne;

    /**
     * A lake of its own holding night 1 (leads L1..L5, opportunities O1 and O2), copied from a
     * template: a Delta table folder is relocatable because its log names files relatively.
     */
    static Lake nightOneLake(Path target) {
        dev.revlake.testing.TestFiles.copyTree(template(), target);
        return new Lake(target.toString());
    }

    private static synchronized Path template() {
        if (nightOne == null) {
            try {
                Path dir = Files.createTempDirectory("revlake-serve-night1");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                Lake lake = new Lake(dir.toString());
                writeLeads(lake, NIGHT1, lead(NIGHT1, "L3", 70, "A", List.of("demo request", "pricing page")),
                        lead(NIGHT1, "L1", 12, "D", List.of()), lead(NIGHT1, "L5", 55, "B", List.of("webinar")),
                        lead(NIGHT1, "L2", 40, "C", List.of("email reply")), lead(NIGHT1, "L4", 33, "C", List.of()));
                writeOpportunities(lake, NIGHT1, opportunity(NIGHT1, "O1", 0.62), opportunity(NIGHT1, "O2", 0.2));
                nightOne = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nightOne;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Best effort at JVM exit: a leftover temp folder is harmless.
        }
    }

    private ScoreFixtures() {
    }

    static Map<String, Object> lead(LocalDate day, String id, int score, String tier, List<String> reasons) {
        return values("score_date", day, "contact_id", id, "account_id", "acc-" + id, "owner_id", "rep-1",
                "lead_status", "open", "segment", "smb", "source_channel", "paid_search",
                "conversion_probability", score / 100.0, "score", score, "tier", tier, "top_reasons", reasons,
                "negative_reasons", List.of("no recent visit"), "score_7d_ago", null, "score_change_7d", null,
                "model_name", "lead_conversion", "model_version", "v3",
                "scored_at", Instant.parse(day.plusDays(1) + "T02:00:00Z"), "run_id", "score-" + day);
    }

    static Map<String, Object> opportunity(LocalDate day, String id, double win) {
        return values("score_date", day, "opportunity_id", id, "account_id", "acc-1", "owner_id", "rep-1",
                "segment", "mid_market", "stage", "proposal", "stage_probability_percent", 50,
                "amount_usd", new BigDecimal("12000.50"), "close_date", day.plusDays(30),
                "win_probability", win, "win_score", (int) Math.round(win * 100),
                "predicted_close_date", day.plusDays(40), "predicted_close_low_date", day.plusDays(20),
                "predicted_close_high_date", day.plusDays(70), "close_in_month_probability", 0.1,
                "close_in_quarter_probability", 0.5, "is_slip_risk", true, "forecast_category", "best_case",
                "top_reasons", List.of("champion engaged"), "negative_reasons", List.of(),
                "win_probability_7d_ago", null, "win_model_version", "w2", "close_date_model_version", "c1",
                "scored_at", Instant.parse(day.plusDays(1) + "T02:00:00Z"), "run_id", "score-" + day);
    }

    @SafeVarargs
    static void writeLeads(Lake lake, LocalDate day, Map<String, Object>... rows) {
        DeltaTables.replaceRange(SharedSpark.get(), lake, ScoreTables.LEAD_SCORES, "score_date", day, day,
                TestRows.table(ScoreTables.LEAD_SCORES, rows));
    }

    @SafeVarargs
    static void writeOpportunities(Lake lake, LocalDate day, Map<String, Object>... rows) {
        DeltaTables.replaceRange(SharedSpark.get(), lake, ScoreTables.OPPORTUNITY_SCORES, "score_date", day, day,
                TestRows.table(ScoreTables.OPPORTUNITY_SCORES, rows));
    }
}
