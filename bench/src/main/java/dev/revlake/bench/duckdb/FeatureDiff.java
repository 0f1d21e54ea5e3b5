package dev.revlake.bench.duckdb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Row-for-row comparison of two sets of lead feature rows keyed by (contact_id, snapshot_date):
 * the same keys on both sides, and every column equal, doubles within {@value #RELATIVE_TOLERANCE}
 * relative, nulls equal to nulls. Integers of any width compare by value, so an INTEGER from one
 * engine equals a BIGINT from the other.
 */
final class FeatureDiff {

    /** Largest relative difference of two doubles that still counts as equal. */
    static final double RELATIVE_TOLERANCE = 1e-9;
    /** Mismatches kept as examples. */
    static final int MAX_EXAMPLES = 5;
    /** The pseudo-column counting keys present on the RevLake side only. */
    static final String ONLY_REVLAKE = "(row only in RevLake)";
    /** The pseudo-column counting keys present on the DuckDB side only. */
    static final String ONLY_DUCKDB = "(row only in DuckDB)";
    /** The pseudo-column counting keys present twice on one side. */
    static final String DUPLICATE = "(duplicate key)";

    /** The key of a lead feature row. */
    record Key(String contactId, LocalDate snapshotDate) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = contactId.compareTo(o.contactId);
            return c != 0 ? c : snapshotDate.compareTo(o.snapshotDate);
        }
    }

    /** The rows of one side, values in the order of the compared columns. */
    static final class Side {
        private final Map<Key, Object[]> rows = new LinkedHashMap<>();
        private long duplicates;

        void add(Key key, Object[] values) {
            if (rows.put(key, values) != null) {
                duplicates++;
            }
        }

        int size() {
            return rows.size();
        }

        java.util.Set<Key> keys() {
            return rows.keySet();
        }
    }

    /**
     * What differs.
     *
     * @param rowsCompared        keys present on both sides
     * @param mismatchesByColumn  column (or pseudo-column for missing and duplicate keys) → count, only
     *                            those with a mismatch
     * @param examples            the first few mismatches, by key and column order
     */
    record Outcome(long rowsCompared, Map<String, Long> mismatchesByColumn,
                   List<LeadFeaturesComparison.Mismatch> examples) {
    }

    private FeatureDiff() {
    }

    static Outcome compare(List<String> columns, Side revlake, Side duckdb) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<LeadFeaturesComparison.Mismatch> examples = new ArrayList<>();
        long compared = 0;
        TreeSet<Key> keys = new TreeSet<>(revlake.rows.keySet());
        keys.addAll(duckdb.rows.keySet());
        for (Key key : keys) {
            Object[] a = revlake.rows.get(key);
            Object[] b = duckdb.rows.get(key);
            if (a == null || b == null) {
                String what = a == null ? ONLY_DUCKDB : ONLY_REVLAKE;
                counts.merge(what, 1L, Long::sum);
                example(examples, key, what, a == null ? "missing" : "present", b == null ? "missing" : "present");
                continue;
            }
            compared++;
            for (int i = 0; i < columns.size(); i++) {
                if (!same(a[i], b[i])) {
                    counts.merge(columns.get(i), 1L, Long::sum);
                    example(examples, key, columns.get(i), String.valueOf(a[i]), String.valueOf(b[i]));
                }
            }
        }
        if (revlake.duplicates + duckdb.duplicates > 0) {
            counts.put(DUPLICATE, revlake.duplicates + duckdb.duplicates);
        }
        return new Outcome(compared, counts, List.copyOf(examples));
    }

    private static void example(List<LeadFeaturesComparison.Mismatch> examples, Key key, String column,
                                String revlake, String duckdb) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(new LeadFeaturesComparison.Mismatch(key.contactId(), key.snapshotDate(), column, revlake,
                    duckdb));
        }
    }

    /** Whether two values are equal in the sense of the comparison. */
    static boolean same(Object a, Object b) {
        Object x = normalise(a);
        Object y = normalise(b);
        if (x == null || y == null) {
            return x == y;
        }
        if (x instanceof Double dx && y instanceof Double dy) {
            double scale = Math.max(Math.abs(dx), Math.abs(dy));
            return dx.equals(dy) || Math.abs(dx - dy) <= RELATIVE_TOLERANCE * scale;
        }
        return Objects.equals(x, y);
    }

    /** Integers as Long, other numbers as Double, SQL dates as LocalDate. */
    static Object normalise(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        } else if (v instanceof BigInteger i) {
            return i.bitLength() < 64 ? (Object) i.longValue() : i;
        } else if (v instanceof Float || v instanceof Double) {
            return ((Number) v).doubleValue();
        } else if (v instanceof BigDecimal d) {
            return d.doubleValue();
        } else if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return v;
    }
}
