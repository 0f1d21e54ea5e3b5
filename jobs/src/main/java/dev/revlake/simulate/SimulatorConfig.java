package dev.revlake.simulate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to simulate and where to write it.
 *
 * @param contacts number of people (buyers) in the simulated market, {@code >= 1}
 * @param days     number of simulated days, 1..3660
 * @param start    first simulated day (the initial CRM load lands in its {@code dt} folder)
 * @param seed     random seed; the same config and seed produce byte-identical output
 * @param rawDir   landing zone root: files go to {@code rawDir/<source>/dt=YYYY-MM-DD/}
 * @param truthDir where the hidden truth (probabilities, outcomes, dirt manifest) is written
 * @param dirtRate share of records that receive injected dirt, 0..0.5
 */
public record SimulatorConfig(int contacts, int days, LocalDate start, long seed, Path rawDir,
                              Path truthDir, double dirtRate) {

    /** Dirt rate used when the caller has no opinion: about one record in a hundred. */
    public static final double DEFAULT_DIRT_RATE = 0.01;

    public SimulatorConfig {
        if (contacts < 1) {
            throw new IllegalArgumentException("Invalid contacts: " + contacts + " (must be >= 1)");
        }
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("Invalid days: " + days + " (must be between 1 and 3660)");
        }
        Objects.requireNonNull(start, "start must not be null");
        Objects.requireNonNull(rawDir, "rawDir must not be null");
        Objects.requireNonNull(truthDir, "truthDir must not be null");
        if (!(dirtRate >= 0.0 && dirtRate <= 0.5)) {
            throw new IllegalArgumentException("Invalid dirtRate: " + dirtRate + " (must be between 0 and 0.5)");
        }
        if (rawDir.toAbsolutePath().normalize().equals(truthDir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("Invalid truthDir: " + truthDir
                    + " (must differ from rawDir, or the truth would land in the raw zone)");
        }
    }
}
