package dev.revlake.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.revlake.models.registry.LocalModelStore;
import dev.revlake.models.registry.ModelRegistry;
import dev.revlake.models.training.TrainingDataException;
import dev.revlake.models.training.TrainingSettings;
import dev.revlake.testing.SharedSpark;

/**
 * Bring-your-own data: a CRM export as CSV with a conversion flag, and a leads file plus a separate
 * list of closed deals (the shape of the Olist marketing funnel).
 */
class UserTableTrainingTest {

    private static final TrainingSettings SETTINGS = new TrainingSettings(0.2, 0.2, 30, 10, 30, 42L);

    @TempDir
    static Path dir;
    private static Path export;
    private final SparkSession spark = SharedSpark.get();

    /** 3,000 leads over 60 days; converts more often with more visits and from paid search; yes/no flag. */
    @BeforeAll
    static void writeExport() throws IOException {
        export = write("crm_export.csv", r -> r);
    }

    private static Path write(String name, UnaryOperator<String> label) throws IOException {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>(List.of("lead_id,created_on,visits,origin,converted"));
        for (int i = 0; i < 3000; i++) {
            int visits = random.nextInt(8);
            String origin = random.nextBoolean() ? "paid_search" : "social";
            double p = 1 / (1 + Math.exp(-(-3.0 + 0.45 * visits + (origin.equals("paid_search") ? 0.8 : 0))));
            lines.add(String.join(",", "L" + i, LocalDate.of(2018, 1, 1).plusDays(i / 50).toString(),
                    Integer.toString(visits), origin, label.apply(random.nextDouble() < p ? "yes" : "no")));
        }
        return Files.write(dir.resolve(name), lines);
    }

    private UserTableTraining.Result train(UserTableTraining.Request request, String registry) {
        return UserTableTraining.run(spark, request, new ModelRegistry(new LocalModelStore(dir.resolve(registry))),
                10_000, SETTINGS, "byo-test");
    }

    @Test
    void trainsOnACsvWithAYesNoLabelAndATimeOrderedSplit() {
        UserTableTraining.Result r = train(new UserTableTraining.Request(export.toString(), "converted", "created_on",
                "lead_id", null, null, "crm_conversion", null), "registry-a");
        assertThat(r.rowsRead()).isEqualTo(3000);
        assertThat(r.rowsWithoutLabel()).isZero();
        assertThat(r.outcome().refusal()).isNull();
        assertThat(r.outcome().version()).isEqualTo("v0001");
        assertThat((Double) r.outcome().row().get("roc_auc")).isGreaterThan(0.7);
        assertThat(r.outcome().row()).containsEntry("rows_train", 1800L).containsEntry("test_from",
                LocalDate.of(2018, 1, 1).plusDays(48));
        assertThat(dir.resolve("registry-a/crm_conversion/champion.json")).exists();
    }

    @Test
    void labelsRowsByAPositivesFileLikeOlistsClosedDeals() throws IOException {
        // Leads without the flag, and a separate list of the leads that became deals.
        List<String> leads = new ArrayList<>();
        List<String> won = new ArrayList<>(List.of("lead_id,won_date"));
        for (String line : Files.readAllLines(export)) {
            leads.add(line.substring(0, line.lastIndexOf(',')));
            if (line.endsWith(",yes")) {
                won.add(line.substring(0, line.indexOf(',')) + ",2018-03-01");
            }
        }
        Path leadsFile = Files.write(dir.resolve("leads.csv"), leads);
        Path deals = Files.write(dir.resolve("deals.csv"), won);
        UserTableTraining.Result r = train(new UserTableTraining.Request(leadsFile.toString(), null, "created_on",
                "lead_id", deals.toString(), null, "olist_like", null), "registry-b");
        UserTableTraining.Result byFlag = train(new UserTableTraining.Request(export.toString(), "converted",
                "created_on", "lead_id", null, null, "same_by_flag", null), "registry-b");
        assertThat(r.outcome().row().get("roc_auc")).isEqualTo(byFlag.outcome().row().get("roc_auc"));
    }

    @Test
    void explainsWhatIsWrongWithTheTable() throws IOException {
        assertThatThrownBy(() -> train(new UserTableTraining.Request(export.toString(), "won", "created_on", "lead_id",
                null, null, "x", null), "registry-c")).isInstanceOf(TrainingDataException.class)
                .hasMessage("Unknown label column: won (the table has: lead_id, created_on, visits, origin,"
                        + " converted)");
        Path allNo = write("all_no.csv", r -> "no");
        UserTableTraining.Result oneClass = train(new UserTableTraining.Request(allNo.toString(), "converted",
                "created_on", "lead_id", null, null, "x", null), "registry-c");
        assertThat(oneClass.outcome().refusal()).isEqualTo("The label has one class: all 3000 rows are negative;"
                + " a model needs both positive and negative examples");
        UserTableTraining.Result few = UserTableTraining.run(spark, new UserTableTraining.Request(export.toString(),
                "converted", "created_on", "lead_id", null, null, "x", null),
                new ModelRegistry(new LocalModelStore(dir.resolve("registry-c"))), 10_000,
                SETTINGS.withMinPositives(1000), "byo-test");
        assertThat(few.outcome().refusal()).startsWith("Too few positive examples to train: ")
                .endsWith("at least 1000 are needed. Wait for more outcomes or lower the minimum.");
        Path maybe = write("maybe.csv", r -> r.equals("yes") ? "maybe" : r);
        assertThatThrownBy(() -> train(new UserTableTraining.Request(maybe.toString(), "converted", "created_on",
                "lead_id", null, null, "x", null), "registry-c")).isInstanceOf(TrainingDataException.class)
                .hasMessage("Invalid label values in column converted: ['maybe'] (use true/false, yes/no or 1/0)");
    }
}
