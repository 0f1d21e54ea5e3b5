package dev.revlake.simulate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Measures simulator throughput: {@code SimulatorBench <contacts> <days> [outputDir]}. Prints
 * records/second. Output goes to a temporary directory unless one is given.
 */
public final class SimulatorBench {

    private SimulatorBench() {
    }

    public static void main(String[] args) throws Exception {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("revlake-bench");
        SimulatorConfig config = new SimulatorConfig(contacts, days, LocalDate.of(2026, 1, 1), 42L,
                base.resolve("raw"), base.resolve("truth"), SimulatorConfig.DEFAULT_DIRT_RATE);
        SimulationSummary s = new Simulator(config).run((day, date, records) -> {
            if ((day + 1) % 30 == 0) {
                System.out.printf(Locale.ROOT, "day %d (%s): %,d records%n", day + 1, date, records);
            }
        });
        System.out.printf(Locale.ROOT, "%,d contacts x %d days: %,d records in %.1f s = %,.0f records/s%n",
                contacts, days, s.totalRecords(), s.elapsedSeconds(), s.eventsPerSecond());
        System.out.println("records by source: " + s.recordsBySource());
        System.out.println("opportunities created/won/lost: " + s.opportunitiesCreated() + "/"
                + s.opportunitiesWon() + "/" + s.opportunitiesLost() + "; dirt: " + s.dirtByKind());
        System.out.println("output: " + base);
    }
}
