package dev.revlake.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.cli.RevLakeCli;
import picocli.CommandLine;

class DagFilesTest {

    private static final Path SHIPPED = Path.of("dags/revlake_dags.yml");
    private static final Predicate<String> COMMANDS = c -> RevLakeCli.commandLine().getSubcommands().containsKey(c);
    private static final Map<String, String> VARIABLES = Map.of("revlake_lake", "/data/lake", "revlake_raw",
            "/data/raw", "revlake_exports", "/data/exports", "revlake_application_jar", "/opt/revlake.jar");

    @TempDir
    Path dir;

    @Test
    void theShippedDagsParseInDependencyOrder() {
        List<Dag> dags = DagFiles.load(SHIPPED, COMMANDS);
        assertThat(dags).extracting(Dag::id).containsExactly("revlake_nightly", "revlake_weekly_train",
                "revlake_weekly_maintenance", "revlake_backfill");
        Dag nightly = dags.get(0);
        assertThat(nightly.schedule()).isEqualTo("0 2 * * *");
        assertThat(nightly.defaultArgs()).containsEntry("retries", 2).containsEntry("retry_delay_sec", 300)
                .containsEntry("execution_timeout_secs", 3600);
        List<String> order = nightly.executionOrder().stream().map(DagTask::id).toList();
        assertThat(order).hasSize(17).endsWith("check_bronze", "silver", "check_silver", "gold", "check_gold", "score",
                "check_scores", "forecast", "export");
        assertThat(order.subList(0, 8)).allMatch(t -> t.startsWith("ingest_"));
        // The quality gates: each stage's check runs before the next stage reads it.
        assertThat(nightly.task("check_bronze").dependencies()).hasSize(8);
        assertThat(nightly.task("silver").dependencies()).containsExactly("check_bronze");
        assertThat(nightly.task("gold").dependencies()).containsExactly("check_silver");
        assertThat(nightly.task("score").dependencies()).containsExactly("check_gold");
        assertThat(nightly.task("forecast").dependencies()).containsExactly("check_scores");
        assertThat(nightly.task("check_scores").applicationArgs()).containsSequence("--stage", "scores");
        assertThat(nightly.task("score").outlets()).contains("revlake://gold/gold_lead_alerts",
                "revlake://gold/gold_opportunity_scores");
        assertThat(nightly.task("forecast").outlets()).contains("revlake://gold/gold_pipeline_forecast");
        assertThat(dags.get(2).schedule()).isEqualTo("0 4 * * 0"); // Sunday, after the nightly, before training
        assertThat(dags.get(2).task("compact").applicationArgs()).containsExactly("compact", "--lake",
                "{{ var.value.revlake_lake }}", "--vacuum");
        assertThat(dags.get(3).schedule()).isNull();
        // The file's default block lets the eight ingests run side by side.
        assertThat(dags).extracting(Dag::maxActiveTasks).containsOnly(4);
    }

    @Test
    void everyTaskIsARevlakeCommandLineThatParsesOnceRendered() {
        for (Dag dag : DagFiles.load(SHIPPED, COMMANDS)) {
            for (DagTask task : dag.tasks()) {
                String[] args = task.applicationArgs().stream()
                        .map(a -> Templates.render(a, LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 1), VARIABLES))
                        .toArray(String[]::new);
                CommandLine cli = RevLakeCli.commandLine();
                CommandLine.ParseResult parsed = cli.parseArgs(args);
                assertThat(parsed.subcommand().commandSpec().name()).as(dag.id() + "." + task.id())
                        .isEqualTo(task.command());
                assertThat(String.join(" ", args)).as(dag.id() + "." + task.id()).doesNotContain("{{");
            }
        }
        DagTask gold = DagFiles.load(SHIPPED, COMMANDS).get(0).task("gold");
        assertThat(gold.applicationArgs().stream()
                .map(a -> Templates.render(a, LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 8), VARIABLES)).toList())
                .containsExactly("gold", "--lake", "/data/lake", "--from", "2026-03-01", "--to", "2026-03-08");
    }

    @Test
    void templatesRenderLikeAirflowAndRefuseTheUnknown() {
        LocalDate ds = LocalDate.of(2026, 3, 1);
        assertThat(Templates.render("{{ macros.ds_add(ds, -7) }}..{{ds}}", ds, ds, Map.of()))
                .isEqualTo("2026-02-22..2026-03-01");
        assertThat(Templates.render("{{ data_interval_start | ds }}", ds, LocalDate.of(2026, 1, 1), Map.of()))
                .isEqualTo("2026-01-01");
        assertThatThrownBy(() -> Templates.render("{{ ts }}", ds, ds, Map.of()))
                .hasMessage("Unknown template {{ ts }} in {{ ts }}");
        assertThatThrownBy(() -> Templates.render("{{ var.value.nope }}", ds, ds, Map.of()))
                .hasMessage("Unknown variable nope in {{ var.value.nope }}");
    }

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("bad.yml");
        Files.writeString(f, yaml);
        return f;
    }

    private static String task(String id, String args, String deps) {
        return "    " + id + ":\n      operator: " + DagFiles.SPARK_SUBMIT_OPERATOR + "\n      java_class: "
                + DagFiles.MAIN_CLASS + "\n      application_args: " + args + "\n"
                + (deps == null ? "" : "      dependencies: " + deps + "\n");
    }

    @Test
    void badFilesAreRefusedNamingFileDagAndTask() throws IOException {
        String head = "default:\n  default_args:\n    retries: 1\nnightly:\n  schedule: \"0 2 * * *\"\n  tasks:\n";
        String ok = task("a", "[silver, \"--from\", \"{{ ds }}\", \"--to\", \"{{ ds }}\"]", null);
        assertThatThrownBy(() -> DagFiles.load(file(head + ok
                + task("b", "[gold, \"--date\", \"{{ ds }}\"]", "[c]")
                + task("c", "[score, \"--date\", \"{{ ds }}\"]", "[b]")), COMMANDS))
                .isInstanceOf(DagSpecException.class).hasMessage("bad.yml, DAG nightly, task b: dependency cycle b -> c -> b");
        assertThatThrownBy(() -> DagFiles.load(file(head + ok + task("b", "[gold, \"--date\", \"{{ ds }}\"]", "[x]")),
                COMMANDS)).hasMessage("bad.yml, DAG nightly, task b: depends on unknown task x");
        assertThatThrownBy(() -> DagFiles.load(file(head + ok.replace(DagFiles.SPARK_SUBMIT_OPERATOR,
                "airflow.operators.bash.BashOperator")), COMMANDS))
                .hasMessageStartingWith("bad.yml, DAG nightly, task a: unknown operator airflow.operators.bash.BashOperator");
        assertThatThrownBy(() -> DagFiles.load(file(head + ok.replace(DagFiles.MAIN_CLASS, "com.example.Job")),
                COMMANDS)).hasMessageStartingWith("bad.yml, DAG nightly, task a: unknown job class com.example.Job");
        assertThatThrownBy(() -> DagFiles.load(file(head + task("a", "[frobnicate]", null)), COMMANDS))
                .hasMessage("bad.yml, DAG nightly, task a: unknown revlake command frobnicate");
        assertThatThrownBy(() -> DagFiles.load(file(head + task("a", "[silver, \"--from\", \"2026-03-01\"]", null)),
                COMMANDS)).hasMessage("bad.yml, DAG nightly, task a: the silver command needs the run date: give it"
                        + " {{ ds }} (e.g. --date \"{{ ds }}\")");
        assertThatThrownBy(() -> DagFiles.load(file(head + task("a", "[score, \"--date\", \"{{ tomorrow_ds }}\"]",
                null)), COMMANDS)).hasMessage("bad.yml, DAG nightly, task a: unknown template {{ tomorrow_ds }}");
        assertThatThrownBy(() -> DagFiles.load(file(head + task("a", "[silver, \"--from\", \"2026-02-30\", \"--to\","
                + " \"{{ ds }}\"]", null)), COMMANDS)).hasMessage("bad.yml, DAG nightly, task a: bad date '2026-02-30'"
                        + " after --from (expected YYYY-MM-DD or a template such as {{ ds }})");
        assertThatThrownBy(() -> DagFiles.load(file(head.replace("retries: 1", "start_date: 2026-13-01") + ok),
                COMMANDS)).hasMessage("bad.yml: bad default_args start_date '2026-13-01' (expected YYYY-MM-DD)");
        assertThatThrownBy(() -> DagFiles.load(file(head.replace("0 2 * * *", "0 2 32 * *") + ok), COMMANDS))
                .hasMessage("bad.yml, DAG nightly: Invalid schedule: '0 2 32 * *' (32 is outside 1..31)");
        assertThatThrownBy(() -> DagFiles.load(file(head.replace("  tasks:", "  max_active_tasks: 0\n  tasks:") + ok),
                COMMANDS)).hasMessage("bad.yml, DAG nightly: has max_active_tasks 0 (a whole number of at least 1)");
        assertThatThrownBy(() -> DagFiles.load(file(head.replace("  tasks:", "  max_active_tasks: two\n  tasks:")
                + ok), COMMANDS)).hasMessage("bad.yml, DAG nightly: has max_active_tasks \"two\" (a whole number of"
                        + " at least 1)");
        assertThatThrownBy(() -> DagFiles.load(file("nightly: [unclosed"), COMMANDS))
                .hasMessageStartingWith("bad.yml: not valid YAML: ");
    }
}
