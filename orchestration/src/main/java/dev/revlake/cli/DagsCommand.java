package dev.revlake.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.revlake.dag.AirflowDagWriter;
import dev.revlake.dag.Dag;
import dev.revlake.dag.DagFiles;
import dev.revlake.dag.DagTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revlake dags}: checks a dag-factory YAML file and lists its DAGs with their tasks in run
 * order, or prints the equivalent plain Airflow DAG file.
 */
@Command(name = "dags", mixinStandardHelpOptions = true,
        description = "Check the DAG specs (dag-factory YAML) and list each DAG's tasks in run order;"
                + " --airflow prints the same DAGs as a plain Airflow DAG file.")
final class DagsCommand implements Callable<Integer> {

    /** The DAG specs shipped with RevLake, relative to the project root. */
    static final String DEFAULT_FILE = "orchestration/dags/revlake_dags.yml";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", paramLabel = "YAML", defaultValue = DEFAULT_FILE,
            description = "The dag-factory YAML file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--airflow", description = "Print the plain Airflow DAG file (Python) instead of the list.")
    boolean airflow;

    /**
     * Reads and checks a DAG file. The default file, when absent from the working directory (the
     * application jar run elsewhere), is the copy built into the jar.
     */
    static List<Dag> load(Path file) {
        java.util.function.Predicate<String> commands = RevLakeCli.commandLine().getSubcommands()::containsKey;
        if (file.equals(Path.of(DEFAULT_FILE)) && !java.nio.file.Files.exists(file)) {
            java.io.InputStream builtIn = DagFiles.class.getResourceAsStream("revlake_dags.yml");
            if (builtIn != null) {
                return DagFiles.load("revlake_dags.yml (built in)", builtIn, commands);
            }
        }
        return DagFiles.load(file, commands);
    }

    @Override
    public Integer call() {
        List<Dag> dags = load(file);
        var out = spec.commandLine().getOut();
        if (airflow) {
            out.print(AirflowDagWriter.write(DEFAULT_FILE, dags));
            out.flush();
            return 0;
        }
        for (Dag dag : dags) {
            out.printf("%s (%s): %s%n", dag.id(), dag.schedule() == null ? "triggered" : dag.schedule(),
                    dag.description());
            for (DagTask t : dag.executionOrder()) {
                out.printf("  %-28s revlake %s%n", t.id(), String.join(" ", t.applicationArgs()));
            }
        }
        out.flush();
        return 0;
    }
}
