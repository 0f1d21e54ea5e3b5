package dev.revlake.bench;

import java.util.Objects;

/**
 * RevLake beside the tool a user would otherwise pick, measured on the same input in the same run.
 *
 * @param name           what is compared, e.g. {@link #INGEST_VS_JACKSON}
 * @param unit           unit of both values: {@link #SECONDS} (lower is better) or {@link #RECORDS_PER_SECOND}
 * @param revlake        RevLake's figure
 * @param reference      the reference's name, e.g. {@code bare Jackson streaming loop}
 * @param referenceValue the reference's figure
 * @param detail         rows compared, mismatches, threads: what a reader needs to judge the pair
 * @param resultsDiffer  the two sides computed different results (a side by side that checks its
 *                       results), so the ratio measures nothing
 */
public record Comparison(String name, String unit, double revlake, String reference, double referenceValue,
                         String detail, boolean resultsDiffer) {

    /** Unit of wall times. */
    public static final String SECONDS = "seconds";
    /** Unit of rates. */
    public static final String RECORDS_PER_SECOND = "records/s";

    /** The bronze ingest rate beside a bare Jackson parse of the same JSON Lines files. */
    public static final String INGEST_VS_JACKSON = "ingest vs bare Jackson parse";
    /** The gold lead features beside the same features in DuckDB SQL (added by the DuckDB side by side). */
    public static final String LEAD_FEATURES_VS_DUCKDB = "gold lead features vs DuckDB";

    public Comparison {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reference, "reference");
        if (!SECONDS.equals(unit) && !RECORDS_PER_SECOND.equals(unit)) {
            throw new IllegalArgumentException("Invalid comparison unit: " + unit);
        }
        if (!(revlake >= 0) || !(referenceValue > 0)) {
            throw new IllegalArgumentException("Invalid comparison figures for " + name + ": " + revlake + " and "
                    + referenceValue);
        }
        detail = detail == null ? "" : detail;
    }

    /** A pair whose results are not compared, or were equal. */
    public Comparison(String name, String unit, double revlake, String reference, double referenceValue,
                      String detail) {
        this(name, unit, revlake, reference, referenceValue, detail, false);
    }

    /**
     * Two wall times, RevLake's and the reference's; {@code resultsDiffer} when their results were
     * compared and not equal.
     */
    public static Comparison ofSeconds(String name, double revlakeSeconds, String reference, double referenceSeconds,
            String detail, boolean resultsDiffer) {
        return new Comparison(name, SECONDS, revlakeSeconds, reference, referenceSeconds, detail, resultsDiffer);
    }

    /** RevLake / reference. */
    public double ratio() {
        return revlake / referenceValue;
    }
}
