package dev.revlake.simulate;

import java.time.LocalDate;

/** Called once per simulated day, after that day's files are closed, so a CLI can show progress. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (dayIndex, date, recordsSoFar) -> { };

    /**
     * @param dayIndex     0-based index of the day just finished
     * @param date         its date
     * @param recordsSoFar records written to the raw zone so far, all sources
     */
    void dayFinished(int dayIndex, LocalDate date, long recordsSoFar);
}
