package dev.revlake.score;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import dev.revlake.gold.GoldTables;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.models.training.TrainingSettings;
import dev.revlake.testing.TestFiles;
import dev.revlake.testing.TestRows;
import dev.revlake.train.ModelRunOutcome;
import dev.revlake.train.ModelTrainingJob;
import dev.revlake.train.TrainConfig;

/**
 * Small synthetic gold feature tables with a learnable signal, and real champions trained on
 * them: the scoring tests run the actual models, not stand-ins.
 */
public final class ScoringFixtures {

    /** First snapshot date of the synthetic tables. */
    static final LocalDate START = LocalDate.of(2026, 1, 1);
    /** Days of snapshots: enough for the 60-day maturity of the opportunity labels. */
    static final int DAYS = 90;
    /** Last snapshot date. */
    static final LocalDate LAST = START.plusDays(DAYS - 1L);

    private static Path built;

    private ScoringFixtures() {
    }

    /**
     * A lake of its own at {@code target} holding both feature tables and the trained champions:
     * built once per test JVM (training takes a while) and copied for each caller, so test classes
     * never see each other's writes.
     */
    public static synchronized Lake copy(SparkSession spark, Path target) throws IOException {
        if (built == null) {
            Path dir = Files.createTempDirectory("revlake-scoring-fixture");
            build(spark, new Lake(dir.toString()));
            built = dir;
        }
        TestFiles.copyTree(built, target);
        return new Lake(target.toString());
    }

    /** Writes both feature tables and trains the three champions into {@code lake}. */
    static List<ModelRunOutcome> build(SparkSession spark, Lake lake) {
        write(spark, lake, GoldTables.LEAD_FEATURES, leadRows());
        write(spark, lake, GoldTables.OPPORTUNITY_FEATURES, opportunityRows());
        TrainingSettings small = new TrainingSettings(0.2, 0.2, 3, 1, 20, 42L);
        List<ModelRunOutcome> outcomes = ModelTrainingJob.run(spark,
                new TrainConfig(lake, TrainConfig.ALL_MODELS, 5_000, small, null, "fixture-train"));
        for (ModelRunOutcome o : outcomes) {
            if (o.refusal() != null) {
                throw new IllegalStateException("fixture model " + o.modelName() + " refused: " + o.refusal());
            }
        }
        return outcomes;
    }

    static void write(SparkSession spark, Lake lake, TableContract table, List<Map<String, Object>> rows) {
        DeltaTables.replaceRange(spark, lake, table, "snapshot_date", START, LAST, TestRows.of(table.schema(), rows));
    }

    /** 30 leads every day; engaged leads (even ids) convert more often. */
    static List<Map<String, Object>> leadRows() {
        SplittableRandom random = new SplittableRandom(3);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = START.plusDays(day);
            for (int lead = 0; lead < 30; lead++) {
                boolean engaged = lead % 2 == 0;
                Map<String, Object> r = defaults(GoldTables.LEAD_FEATURES, random);
                r.put("snapshot_date", date);
                r.put("contact_id", "L" + lead);
                r.put("owner_id", lead % 5 == 0 ? null : "rep" + (lead % 3));
                r.put("lead_source", "Web");
                r.put("first_touch_channel", lead % 4 == 0 ? null : "paid_search");
                r.put("lead_created_date", START.minusDays(10));
                r.put("days_since_created", day + 10);
                r.put("engagement_score", engaged ? 20.0 + random.nextInt(30) : random.nextInt(5) * 1.0);
                r.put("pricing_page_views_7d", engaged ? (long) random.nextInt(2, 6) : 0L);
                r.put("label_matures_on", date.plusDays(30));
                boolean matured = !date.plusDays(30).isAfter(LAST);
                boolean converted = random.nextDouble() < (engaged ? 0.6 : 0.05);
                r.put("converted_within_30d", matured ? converted : null);
                r.put("converted_date", matured && converted ? date.plusDays(5) : null);
                rows.add(r);
            }
        }
        return rows;
    }

    /** 40 deals every day; late-stage deals with activity win more and close sooner. */
    static List<Map<String, Object>> opportunityRows() {
        SplittableRandom random = new SplittableRandom(5);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = START.plusDays(day);
            for (int deal = 0; deal < 40; deal++) {
                boolean strong = deal % 2 == 0;
                Map<String, Object> r = defaults(GoldTables.OPPORTUNITY_FEATURES, random);
                r.put("snapshot_date", date);
                r.put("opportunity_id", "O" + deal);
                r.put("account_id", "A" + deal);
                r.put("owner_id", "rep" + (deal % 3));
                r.put("segment", deal % 4 == 0 ? "enterprise" : "smb");
                r.put("stage", strong ? "proposal" : "discovery");
                r.put("stage_order", strong ? 3 : 2);
                r.put("stage_probability_percent", strong ? 50 : 20);
                r.put("amount_usd", new BigDecimal(10_000 + deal * 1_000).setScale(2));
                r.put("close_date", date.plusDays(20));
                r.put("days_until_close_date", 20);
                r.put("is_past_due", false);
                r.put("created_date", START.minusDays(5));
                r.put("age_days", day + 5);
                r.put("sales_activities_14d", strong ? (long) random.nextInt(4, 10) : (long) random.nextInt(0, 2));
                r.put("owner_win_rate", null);
                boolean matured = !date.plusDays(60).isAfter(LAST);
                boolean won = random.nextDouble() < (strong ? 0.7 : 0.15);
                int daysToClose = strong ? random.nextInt(5, 25) : random.nextInt(20, 60);
                r.put("is_won", matured ? won : null);
                r.put("closed_at", matured ? date.plusDays(daysToClose).atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant() : null);
                r.put("days_to_close", matured ? daysToClose : null);
                rows.add(r);
            }
        }
        return rows;
    }

    /** A row with a plausible value in every non-null column of a contract. */
    private static Map<String, Object> defaults(TableContract table, SplittableRandom random) {
        Map<String, Object> r = new HashMap<>();
        for (StructField f : table.schema().fields()) {
            if (f.nullable()) {
                continue;
            }
            Object v;
            if (f.dataType() instanceof LongType) {
                v = (long) random.nextInt(3);
            } else if (f.dataType() instanceof IntegerType) {
                v = random.nextInt(3);
            } else if (f.dataType() instanceof DoubleType) {
                v = (double) random.nextInt(3);
            } else if (f.dataType() instanceof BooleanType) {
                v = random.nextBoolean();
            } else if (f.dataType() instanceof DateType) {
                v = START;
            } else if (f.dataType() instanceof DecimalType) {
                v = BigDecimal.ONE.setScale(2);
            } else if (f.dataType() instanceof StringType) {
                v = random.nextBoolean() ? "a" : "b";
            } else {
                throw new IllegalStateException("no default for " + f);
            }
            r.put(f.name(), v);
        }
        r.put("lead_status", "open");
        r.put("segment", "smb");
        return r;
    }
}
