package dev.revlake.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.cli.RevLakeCli;

class AirflowDagWriterTest {

    private static final Path YAML = Path.of("dags/revlake_dags.yml");
    private static final Path PYTHON = Path.of("airflow/revlake_dags.py");

    private static List<Dag> dags() {
        return DagFiles.load(YAML, c -> RevLakeCli.commandLine().getSubcommands().containsKey(c));
    }

    @Test
    void theCommittedAirflowFileIsWhatTheYamlGenerates() throws IOException {
        assertThat(Files.readString(PYTHON)).as("regenerate with ./revlake dags --airflow > orchestration/"
                + PYTHON).isEqualTo(AirflowDagWriter.write("orchestration/dags/revlake_dags.yml", dags()));
    }

    @Test
    void everyTaskAndDependencyOfTheYamlIsInTheAirflowFile() throws IOException {
        String py = Files.readString(PYTHON);
        for (Dag dag : dags()) {
            assertThat(py).contains("    dag_id=\"" + dag.id() + "\",\n");
            for (DagTask t : dag.tasks()) {
                assertThat(py).contains("    " + t.id() + " = SparkSubmitOperator(\n        task_id=\"" + t.id() + "\",\n");
                assertThat(py).contains("        application_args=[\""
                        + String.join("\", \"", t.applicationArgs()) + "\"],\n");
                if (!t.dependencies().isEmpty()) {
                    assertThat(py).contains("    [" + String.join(", ", t.dependencies()) + "] >> " + t.id() + "\n");
                }
            }
        }
        assertThat(py).contains("\"retry_delay\": timedelta(seconds=300)", "\"start_date\": datetime(2026, 1, 1)");
    }

    @Test
    void theAirflowFileCompilesWithPython(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("revlake_dags.py");
        Files.copy(PYTHON, copy);
        Process p = new ProcessBuilder("python3", "-m", "py_compile", copy.toString()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
