package dev.revlake.quality;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.revlake.lake.TableContract;

/**
 * The expectations of one table and the date column that selects the rows a run touched.
 *
 * @param table         the table
 * @param runDateColumn the date column whose value is the run date for the rows a run wrote (a
 *                      partition column where there is one, so only those files are read); null
 *                      for current-state tables that are checked whole
 * @param expectations  what must hold
 */
public record TableExpectations(TableContract table, String runDateColumn, List<Expectation> expectations) {

    public TableExpectations {
        Objects.requireNonNull(table, "table");
        expectations = List.copyOf(expectations);
        if (runDateColumn != null && !table.columns().contains(runDateColumn)) {
            throw new IllegalArgumentException("Invalid run date column: " + runDateColumn + " is not in "
                    + table.name());
        }
        Set<String> names = new HashSet<>();
        for (Expectation e : expectations) {
            for (String c : columnsOf(e)) {
                if (!table.columns().contains(c)) {
                    throw new IllegalArgumentException("Invalid expectation " + e.checkName() + ": column " + c
                            + " is not in " + table.name());
                }
            }
            if (!names.add(e.checkName())) {
                throw new IllegalArgumentException("Duplicate check " + e.checkName() + " on " + table.name());
            }
            if (runDateColumn == null && e instanceof Expectation.VolumeChange) {
                throw new IllegalArgumentException("Invalid volume check on " + table.name()
                        + ": it needs a run date column");
            }
        }
    }

    private static List<String> columnsOf(Expectation e) {
        if (e instanceof Expectation.NotNull n) {
            return n.columns();
        } else if (e instanceof Expectation.UniqueKey u) {
            return u.columns();
        } else if (e instanceof Expectation.ValueRange r) {
            return List.of(r.column());
        } else if (e instanceof Expectation.References r) {
            return List.of(r.column());
        } else if (e instanceof Expectation.Freshness f) {
            return List.of(f.column());
        }
        return List.of();
    }
}
