package dev.revlake.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.revlake.simulate.SimulatorConfig;
import picocli.CommandLine.Option;

/** The simulated company's size, history and seed, shared by {@code simulate} and {@code demo}. */
final class CompanyOptions {

    @Option(names = "--contacts", paramLabel = "N", defaultValue = "5000",
            description = "People in the market (default: ${DEFAULT-VALUE}).")
    int contacts;

    // 120 days: deal labels need 60 days to mature (OpportunityWinModel), so a shorter history
    // leaves the opportunity models nothing to train on.
    @Option(names = "--days", paramLabel = "D", defaultValue = "120",
            description = "Days of history (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD",
            description = "First simulated day (default: so that the last day is yesterday).")
    LocalDate start;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The simulator settings; truth defaults to a {@code truth} folder beside the raw zone. */
    SimulatorConfig config(Path raw, Path truth, double dirtRate) {
        LocalDate first = start != null ? start : LocalDate.now(ZoneOffset.UTC).minusDays(days);
        Path truthDir = truth != null ? truth : raw.toAbsolutePath().normalize().resolveSibling("truth");
        return new SimulatorConfig(contacts, days, first, seed, raw, truthDir, dirtRate);
    }
}
