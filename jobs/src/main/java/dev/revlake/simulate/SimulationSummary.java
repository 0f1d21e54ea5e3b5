package dev.revlake.simulate;

import dev.revlake.raw.Source;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a simulation run wrote.
 *
 * @param recordsBySource       records written per source (dirty and duplicate records included,
 *                              CSV header rows excluded)
 * @param dirtByKind            injected dirt per kind (every kind present, possibly 0)
 * @param contacts              people simulated
 * @param accounts              companies simulated
 * @param reps                  sales reps (CRM owners)
 * @param opportunitiesCreated  opportunities existing in the CRM at any time (initial load included)
 * @param opportunitiesWon      of those, closed won within the simulated period
 * @param opportunitiesLost     of those, closed lost within the simulated period
 * @param elapsedSeconds        wall-clock duration of the run
 * @param eventsPerSecond       records written per wall-clock second
 */
public record SimulationSummary(Map<Source, Long> recordsBySource, Map<DirtKind, Long> dirtByKind,
                                int contacts, int accounts, int reps, long opportunitiesCreated,
                                long opportunitiesWon, long opportunitiesLost, double elapsedSeconds,
                                double eventsPerSecond) {

    public SimulationSummary {
        EnumMap<Source, Long> sources = new EnumMap<>(Source.class);
        sources.putAll(recordsBySource);
        EnumMap<DirtKind, Long> kinds = new EnumMap<>(DirtKind.class);
        kinds.putAll(dirtByKind);
        recordsBySource = Collections.unmodifiableMap(sources);
        dirtByKind = Collections.unmodifiableMap(kinds);
    }

    /** All records written, all sources. */
    public long totalRecords() {
        return recordsBySource.values().stream().mapToLong(Long::longValue).sum();
    }

    /** All injected dirt, all kinds. */
    public long totalDirt() {
        return dirtByKind.values().stream().mapToLong(Long::longValue).sum();
    }
}
