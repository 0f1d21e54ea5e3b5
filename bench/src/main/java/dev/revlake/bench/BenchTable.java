package dev.revlake.bench;

import java.util.Locale;

/** A bench report as console text: the stage table, the nightly tasks, the comparisons and the targets. */
public final class BenchTable {

    private static final double MIB = 1024.0 * 1024;

    private BenchTable() {
    }

    /** The whole report as lines of text. */
    public static String format(BenchReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "RevLake bench: %s preset, %,d contacts x %d days (seed %d, from %s)%n",
                r.preset(), r.contacts(), r.days(), r.seed(), r.start()));
        MachineFacts m = r.machine();
        b.append(String.format(Locale.ROOT, "machine: %d cores, max heap %.0f MiB, Java %s, %s%s%n", m.cores(),
                m.maxHeapBytes() / MIB, m.javaVersion(), m.os(), m.gitCommit() == null ? "" : ", commit " + m.gitCommit()));
        b.append('\n');
        String row = "%-26s %-8s %9s %13s %13s %12s %9s %9s  %s%n";
        b.append(String.format(Locale.ROOT, row, "stage", "status", "seconds", "rows in", "rows out", "rows/s",
                "heap MiB", "live MiB", "note"));
        for (StageFigure s : r.stages()) {
            b.append(String.format(Locale.ROOT, row, s.name(), s.status(), String.format(Locale.ROOT, "%.1f", s.seconds()),
                    s.rowsIn() < 0 ? "-" : String.format(Locale.ROOT, "%,d", s.rowsIn()),
                    String.format(Locale.ROOT, "%,d", s.rowsOut()),
                    String.format(Locale.ROOT, "%,.0f", s.rowsPerSecond()),
                    String.format(Locale.ROOT, "%.0f", s.peakHeapBytes() / MIB),
                    String.format(Locale.ROOT, "%.0f", s.liveHeapBytes() / MIB), s.note()).stripTrailing()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "peak heap over the run: %.0f MiB of %.0f MiB max (heap MiB: peak in use,"
                + " garbage included; live MiB: most in use right after a collection)%n", r.peakHeapBytes() / MIB,
                m.maxHeapBytes() / MIB));
        if (!r.nightlyTasks().isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nnightly tasks (revlake_nightly):%n"));
            for (TaskFigure t : r.nightlyTasks()) {
                b.append(String.format(Locale.ROOT, "  %-28s %-10s %7.1f s%n", t.taskId(),
                        t.outcome().toLowerCase(Locale.ROOT), t.seconds()));
            }
        }
        b.append(String.format(Locale.ROOT, "%nside by side (same input, same run):%n"));
        if (r.comparisons().isEmpty()) {
            b.append("  none measured\n");
        }
        for (Comparison c : r.comparisons()) {
            b.append(String.format(Locale.ROOT, "  %-32s RevLake %s, %s %s: ratio RevLake/reference %.3g%s%n",
                    c.name(), value(c.revlake(), c.unit()), c.reference(), value(c.referenceValue(), c.unit()),
                    c.ratio(), c.detail().isEmpty() ? "" : " (" + c.detail() + ")"));
        }
        b.append(String.format(Locale.ROOT, "%ntargets (issue 9, set for 100,000 contacts x 180 days on 2 cores):%n"));
        for (Target t : r.targets()) {
            b.append(String.format(Locale.ROOT, "  %-40s %-22s %-20s %-13s %s", t.name(), t.goal(),
                    t.figure().isEmpty() ? "-" : t.figure(), t.verdict().text(), t.note()).stripTrailing()).append('\n');
        }
        return b.toString();
    }

    private static String value(double v, String unit) {
        return Comparison.SECONDS.equals(unit) ? String.format(Locale.ROOT, "%.2f s", v)
                : String.format(Locale.ROOT, "%,.0f %s", v, unit);
    }
}
