package dev.revlake.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.revlake.raw.Source;
import dev.revlake.simulate.DirtKind;
import dev.revlake.simulate.SimulationSummary;
import dev.revlake.simulate.Simulator;
import dev.revlake.simulate.SimulatorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code revlake simulate}: write a realistic B2B company's raw landing files. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a B2B company (Sales 2.0 funnel) and write its raw landing files, the hidden"
                + " truth and a dirt manifest.")
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    CompanyOptions company;

    @Option(names = "--raw", paramLabel = "DIR", defaultValue = "demo/raw",
            description = "Landing zone to write (default: ${DEFAULT-VALUE}).")
    Path raw;

    @Option(names = "--truth", paramLabel = "DIR",
            description = "Where the hidden truth goes (default: a 'truth' folder beside --raw).")
    Path truth;

    @Option(names = "--dirt-rate", paramLabel = "R", defaultValue = "0.01",
            description = "Share of records with injected real-world dirt, 0..0.5 (default: ${DEFAULT-VALUE}).")
    double dirtRate;

    @Override
    public Integer call() {
        SimulationSummary summary = simulate(company.config(raw, truth, dirtRate));
        printSummary(summary);
        return 0;
    }

    static SimulationSummary simulate(SimulatorConfig config) {
        System.out.printf("simulate  %,d contacts × %d days from %s (seed %d, dirt rate %.3f) → %s%n",
                config.contacts(), config.days(), config.start(), config.seed(), config.dirtRate(),
                config.rawDir().toAbsolutePath().normalize());
        int every = Math.max(1, config.days() / 6);
        return new Simulator(config).run((day, date, records) -> {
            if ((day + 1) % every == 0 || day + 1 == config.days()) {
                System.out.printf("  day %3d/%d  %s  %,d records%n", day + 1, config.days(), date, records);
            }
        });
    }

    static void printSummary(SimulationSummary s) {
        System.out.printf("simulated %,d records in %.1f s (%,.0f records/s): %,d contacts, %,d accounts, %d reps,"
                        + " %,d opportunities (%,d won, %,d lost)%n", s.totalRecords(), s.elapsedSeconds(),
                s.eventsPerSecond(), s.contacts(), s.accounts(), s.reps(), s.opportunitiesCreated(),
                s.opportunitiesWon(), s.opportunitiesLost());
        StringBuilder bySource = new StringBuilder("  records:");
        for (Map.Entry<Source, Long> e : s.recordsBySource().entrySet()) {
            bySource.append(String.format(" %s %,d;", e.getKey().id(), e.getValue()));
        }
        System.out.println(bySource);
        StringBuilder dirt = new StringBuilder("  injected dirt:");
        for (Map.Entry<DirtKind, Long> e : s.dirtByKind().entrySet()) {
            dirt.append(String.format(" %s %,d;", e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue()));
        }
        System.out.println(dirt);
    }
}
