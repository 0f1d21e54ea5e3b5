package dev.revlake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 9's targets, judged on a run's figures. They are set for the default preset (100,000
 * contacts × 180 days on 2 cores); smaller presets are judged against the same numbers.
 */
public final class Targets {

    /** The nightly run of one new day, all tasks, in seconds. */
    public static final double NIGHTLY_MAX_SECONDS = 120;
    /** Gold lead features: RevLake seconds / DuckDB seconds. */
    public static final double DUCKDB_MAX_RATIO = 2.0;
    /** Ingest rate / bare Jackson rate. */
    public static final double JACKSON_MIN_RATIO = 0.30;
    /** Leads scored per minute. */
    public static final double SCORING_MIN_LEADS_PER_MINUTE = 1_000_000;
    /** Peak heap in bytes (4 GiB). */
    public static final long MAX_PEAK_HEAP_BYTES = 4L << 30;

    private Targets() {
    }

    /** One target per issue target, in the order. */
    public static List<Target> evaluate(BenchReport report) {
        List<Target> targets = new ArrayList<>();
        StageFigure nightly = report.stage(StageFigure.NIGHTLY);
        String nightlyName = "nightly run for one new day (all tasks)";
        String nightlyGoal = String.format(Locale.ROOT, "<= %.0f s", NIGHTLY_MAX_SECONDS);
        targets.add(nightly == null ? Target.notMeasured(nightlyName, nightlyGoal, "no nightly stage in this run")
                : Target.atMost(nightlyName, nightlyGoal, nightly.seconds(), NIGHTLY_MAX_SECONDS,
                        String.format(Locale.ROOT, "%.1f s", nightly.seconds()), ""));

        Comparison duckdb = report.comparison(Comparison.LEAD_FEATURES_VS_DUCKDB);
        String duckdbName = "gold lead features vs DuckDB";
        String duckdbGoal = String.format(Locale.ROOT, "<= %.0fx DuckDB", DUCKDB_MAX_RATIO);
        targets.add(duckdb == null ? Target.notMeasured(duckdbName, duckdbGoal, "not measured in this build")
                : duckdb.resultsDiffer()
                ? Target.notMeasured(duckdbName, duckdbGoal, "the two results differ: " + duckdb.detail())
                : Target.atMost(duckdbName, duckdbGoal, duckdb.ratio(), DUCKDB_MAX_RATIO,
                        String.format(Locale.ROOT, "%.2fx", duckdb.ratio()), duckdb.detail()));

        Comparison jackson = report.comparison(Comparison.INGEST_VS_JACKSON);
        String jacksonName = "ingest vs bare Jackson parse rate";
        String jacksonGoal = String.format(Locale.ROOT, ">= %.0f%%", 100 * JACKSON_MIN_RATIO);
        targets.add(jackson == null ? Target.notMeasured(jacksonName, jacksonGoal, "no JSON Lines files were parsed")
                : Target.atLeast(jacksonName, jacksonGoal, jackson.ratio(), JACKSON_MIN_RATIO,
                        String.format(Locale.ROOT, "%.1f%%", 100 * jackson.ratio()), ""));

        // The rate at volume when the re-score ran; one night's scoring is mostly a fixed cost.
        StageFigure rescore = report.stage(StageFigure.RESCORE_LEADS);
        StageFigure scoring = rescore != null && StageFigure.OK.equals(rescore.status()) ? rescore
                : report.stage(StageFigure.SCORE_LEADS);
        String scoringName = "lead scoring";
        String scoringGoal = String.format(Locale.ROOT, ">= %,.0f leads/min", SCORING_MIN_LEADS_PER_MINUTE);
        if (scoring == null || !StageFigure.OK.equals(scoring.status()) || scoring.seconds() < 0.001) {
            targets.add(Target.notMeasured(scoringName, scoringGoal, scoring == null ? "no scoring stage"
                    : "scoring " + scoring.status() + (scoring.note().isEmpty() ? "" : ": " + scoring.note())));
        } else {
            double perMinute = scoring.rowsOut() / scoring.seconds() * 60;
            targets.add(Target.atLeast(scoringName, scoringGoal, perMinute, SCORING_MIN_LEADS_PER_MINUTE,
                    String.format(Locale.ROOT, "%,.0f leads/min", perMinute),
                    String.format(Locale.ROOT, "%s: %,d leads in %.1f s", scoring.name(), scoring.rowsOut(),
                            scoring.seconds())));
        }

        targets.add(Target.atMost("peak JVM heap", "<= 4 GiB", report.peakHeapBytes(), MAX_PEAK_HEAP_BYTES,
                String.format(Locale.ROOT, "%.0f MiB", report.peakHeapBytes() / (1024.0 * 1024)),
                String.format(Locale.ROOT, "max heap (-Xmx) %.0f MiB", report.machine().maxHeapBytes() / (1024.0 * 1024))));
        return targets;
    }
}
