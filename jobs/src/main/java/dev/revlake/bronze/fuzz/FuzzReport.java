package dev.revlake.bronze.fuzz;

import dev.revlake.raw.Source;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a fuzz run: one row per source, the first problems found (by place and kind, never
 * content) and how often each kind was generated.
 *
 * @param sources    one row per source
 * @param problems   up to 50 problem descriptions
 * @param kindCounts    records (and files) generated per kind
 * @param ingestSeconds wall time of the ingest run(s)
 */
public record FuzzReport(List<SourceRow> sources, List<String> problems, Map<FuzzKind, Long> kindCounts,
                         double ingestSeconds) {

    /**
     * One source's figures.
     *
     * @param source      the source
     * @param tried       records written (a wrong-type file counts as one)
     * @param landed      rows the ingest wrote to the bronze table
     * @param quarantined rows the ingest sent to quarantine
     * @param duplicates  records the ingest counted as duplicates
     * @param missing     expected outcomes not found (must be 0)
     * @param unexpected  outcomes found that were not expected or were wrong (must be 0)
     * @param seconds     wall time of the source's own ingest run; NaN when all sources ran in one
     */
    public record SourceRow(Source source, long tried, long landed, long quarantined, long duplicates, long missing,
                            long unexpected, double seconds) {
    }

    public FuzzReport {
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
        kindCounts = Map.copyOf(kindCounts);
    }

    /** True when nothing is missing and nothing unexpected. */
    public boolean ok() {
        return missing() == 0 && unexpected() == 0;
    }

    public long tried() {
        return sources.stream().mapToLong(SourceRow::tried).sum();
    }

    public long missing() {
        return sources.stream().mapToLong(SourceRow::missing).sum();
    }

    public long unexpected() {
        return sources.stream().mapToLong(SourceRow::unexpected).sum();
    }

    /** The table: source, tried, landed, quarantined, duplicates, missing, unexpected, seconds, plus a total. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format("%-20s %9s %9s %11s %10s %7s %10s %8s%n", "source", "tried",
                "landed", "quarantined", "duplicates", "missing", "unexpected", "seconds"));
        long landed = 0;
        long quarantined = 0;
        long duplicates = 0;
        for (SourceRow r : sources) {
            sb.append(String.format("%-20s %9d %9d %11d %10d %7d %10d %8s%n", r.source().id(), r.tried(), r.landed(),
                    r.quarantined(), r.duplicates(), r.missing(), r.unexpected(),
                    Double.isNaN(r.seconds()) ? "-" : String.format("%.1f", r.seconds())));
            landed += r.landed();
            quarantined += r.quarantined();
            duplicates += r.duplicates();
        }
        sb.append(String.format("%-20s %9d %9d %11d %10d %7d %10d %8.1f%n", "total", tried(), landed, quarantined,
                duplicates, missing(), unexpected(), ingestSeconds));
        return sb.toString();
    }
}
