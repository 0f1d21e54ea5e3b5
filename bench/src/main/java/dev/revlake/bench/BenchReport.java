package dev.revlake.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Everything one {@code revlake bench} run measured: its settings, the machine, one figure per stage,
 * the nightly run's tasks, the side-by-side comparisons and the targets judged on them.
 *
 * @param preset        the preset named on the command line (or {@code custom} when contacts and days
 *                      were both given)
 * @param contacts      simulated contacts
 * @param days          simulated days (the last one is the nightly run's new day)
 * @param seed          simulator seed
 * @param start         first simulated day
 * @param dir           the work folder (raw/, lake/, exports/)
 * @param startedAt     when the run began
 * @param machine       what it ran on
 * @param stages        the timed stages in run order
 * @param nightlyTasks  the nightly DAG's tasks with their seconds
 * @param comparisons   RevLake beside the references
 * @param peakHeapBytes the highest heap use seen over the whole run
 */
public record BenchReport(String preset, int contacts, int days, long seed, LocalDate start, Path dir,
                          Instant startedAt, MachineFacts machine, List<StageFigure> stages,
                          List<TaskFigure> nightlyTasks, List<Comparison> comparisons, long peakHeapBytes) {

    public BenchReport {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(machine, "machine");
        stages = List.copyOf(stages);
        nightlyTasks = List.copyOf(nightlyTasks);
        comparisons = List.copyOf(comparisons);
    }

    /** The targets judged on this run's figures. */
    public List<Target> targets() {
        return Targets.evaluate(this);
    }

    /** The stage of that name, or null. */
    public StageFigure stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** The comparison of that name, or null. */
    public Comparison comparison(String name) {
        return comparisons.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** A copy with one more comparison (how the DuckDB side by side joins a run's figures). */
    public BenchReport with(Comparison comparison) {
        List<Comparison> all = new java.util.ArrayList<>(comparisons);
        all.add(comparison);
        return new BenchReport(preset, contacts, days, seed, start, dir, startedAt, machine, stages, nightlyTasks, all,
                peakHeapBytes);
    }
}
