package dev.revlake.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.lake.AtOnce;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;
import dev.revlake.lake.TableContract;
import dev.revlake.ops.OpsTables;

/**
 * Evaluates the expectations of one stage's tables for a run date and appends one row per check
 * to {@code ops_quality_checks}.
 *
 * <p>Each table is read once: one aggregation over the rows of the run date and the 7 days before
 * it (a filter on the table's partition column, so production-sized tables are read only for those
 * dates) yields the null counts, distinct keys, out-of-range counts, latest dates and the daily row
 * counts of the volume check. Referential checks add a join of the run date's distinct ids with the
 * referenced table's keys; the quarantine rate a count of one partition of {@code bronze_quarantine}.
 * Up to {@value #TABLES_AT_ONCE} tables are checked at once; the results keep the rules' order.
 */
public final class QualityCheckJob {

    private static final Logger LOG = LoggerFactory.getLogger(QualityCheckJob.class);

    /** Days before the run date that the volume check's median and the freshness check look at. */
    public static final int HISTORY_DAYS = 7;

    /** Tables of a stage checked at once. */
    static final int TABLES_AT_ONCE = 4;

    /**
     * What to check.
     *
     * @param lake    the lake
     * @param stage   whose tables
     * @param runDate the logical date whose rows are checked
     * @param runId   recorded with every check row
     */
    public record Config(Lake lake, Stage stage, LocalDate runDate, String runId) {
        public Config {
            Objects.requireNonNull(lake, "lake");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(runDate, "runDate");
            if (runId == null || runId.isBlank()) {
                throw new IllegalArgumentException("Invalid run id: " + runId);
            }
        }

        /** A config with a fresh run id. */
        public static Config of(Lake lake, Stage stage, LocalDate runDate) {
            return new Config(lake, stage, runDate, "quality-" + UUID.randomUUID());
        }
    }

    /**
     * The checks of one run.
     *
     * @param runId   the run
     * @param results every check, in rule order
     */
    public record Report(String runId, List<CheckResult> results) {
        public Report {
            results = List.copyOf(results);
        }

        /** The failed error-severity checks: non-empty means the gate stops the pipeline. */
        public List<CheckResult> gateFailures() {
            return results.stream().filter(CheckResult::isGateFailure).toList();
        }
    }

    private QualityCheckJob() {
    }

    /** A count over the window: 0, not null, when the window has no rows (a table quiet for a week). */
    private static Column total(Column ones) {
        return coalesce(sum(ones), lit(0L));
    }

    /** Evaluates the stage's expectations, appends them to {@code ops_quality_checks} and returns them. */
    public static Report run(SparkSession spark, Config config) {
        Lake lake = config.lake();
        Function<TableContract, Dataset<Row>> tables = t -> DeltaTables.exists(spark, lake, t)
                ? DeltaTables.read(spark, lake, t) : null;
        // A table's checks are a few small Spark jobs that leave cores idle between them; several
        // tables at once took about 2 s off a gate at 100,000 contacts (docs/performance.md).
        List<CheckResult> all = new ArrayList<>();
        AtOnce.map("quality-" + config.stage().id(), TABLES_AT_ONCE, QualityRules.forStage(config.stage()), t -> {
            Dataset<Row> rows = tables.apply(t.table());
            long version = rows == null ? -1 : DeltaTables.version(spark, lake, t.table());
            List<CheckResult> results = transform(rows, t, config.runDate(), tables);
            LOG.info("quality stage={} table={} version={} run_date={} checks={} failed={} warned={} skipped={}",
                    config.stage().id(), t.table().name(), version, config.runDate(), results.size(),
                    countStatus(results, CheckResult.FAILED), countStatus(results, CheckResult.WARNED),
                    countStatus(results, CheckResult.SKIPPED));
            return results;
        }, t -> "Quality check of " + t.table().name()).forEach(all::addAll);
        append(spark, config, all);
        return new Report(config.runId(), all);
    }

    /**
     * The results of a table's expectations for a run date.
     *
     * @param rows   the table's rows, or null when the table does not exist (every check skipped)
     * @param tables other tables by contract (referenced tables, {@code bronze_quarantine}); null
     *               when one does not exist
     */
    public static List<CheckResult> transform(Dataset<Row> rows, TableExpectations t, LocalDate runDate,
                                              Function<TableContract, Dataset<Row>> tables) {
        String name = t.table().name();
        if (rows == null) {
            return t.expectations().stream()
                    .map(e -> CheckResult.skipped(name, e, "table " + name + " does not exist yet")).toList();
        }
        String rd = t.runDateColumn();
        Column isRun = rd == null ? lit(true) : col(rd).equalTo(lit(Date.valueOf(runDate)));
        Dataset<Row> window = rd == null ? rows
                : rows.where(col(rd).between(lit(Date.valueOf(runDate.minusDays(HISTORY_DAYS))),
                        lit(Date.valueOf(runDate))));

        // One aggregation row: named measures, each limited to the run date's rows where that matters.
        Map<String, Column> measures = new LinkedHashMap<>();
        measures.put("rows", total(when(isRun, 1L).otherwise(0L)));
        for (int i = 0; i < t.expectations().size(); i++) {
            Expectation e = t.expectations().get(i);
            if (e instanceof Expectation.NotNull n) {
                for (String c : n.columns()) {
                    measures.put(i + ":null:" + c, total(when(isRun.and(col(c).isNull()), 1L).otherwise(0L)));
                }
            } else if (e instanceof Expectation.UniqueKey u) {
                Column key = struct(u.columns().stream().map(c -> col(c)).toArray(Column[]::new));
                measures.put(i + ":distinct", count_distinct(when(isRun, key)));
            } else if (e instanceof Expectation.ValueRange r) {
                Column v = col(r.column());
                Column outside = lit(false);
                if (r.min() != null) {
                    outside = outside.or(v.lt(lit(r.min())));
                }
                if (r.max() != null) {
                    outside = outside.or(v.gt(lit(r.max())));
                }
                measures.put(i + ":outside", total(when(isRun.and(v.isNotNull()).and(outside), 1L).otherwise(0L)));
            } else if (e instanceof Expectation.Freshness f) {
                measures.put(i + ":latest", max(col(f.column()).cast("date")));
            } else if (e instanceof Expectation.VolumeChange) {
                for (int d = 1; d <= HISTORY_DAYS; d++) {
                    measures.put("day-" + d, total(when(col(rd).equalTo(lit(Date.valueOf(runDate.minusDays(d)))), 1L)
                            .otherwise(0L)));
                }
            }
        }
        List<Column> aggs = measures.entrySet().stream().map(m -> m.getValue().as(m.getKey())).toList();
        Row agg = window.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).head();
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : measures.keySet()) {
            m.put(key, agg.get(agg.fieldIndex(key)));
        }
        long runRows = m.get("rows") == null ? 0L : (Long) m.get("rows");

        List<CheckResult> results = new ArrayList<>();
        String of = rd == null ? " of " + String.format(Locale.ROOT, "%,d", runRows) + " rows"
                : " of " + String.format(Locale.ROOT, "%,d", runRows) + " rows of " + runDate;
        for (int i = 0; i < t.expectations().size(); i++) {
            Expectation e = t.expectations().get(i);
            if (e instanceof Expectation.NotNull n) {
                long nulls = 0;
                List<String> bad = new ArrayList<>();
                for (String c : n.columns()) {
                    long k = (Long) m.get(i + ":null:" + c);
                    nulls += k;
                    if (k > 0) {
                        bad.add(c + " (" + k + ")");
                    }
                }
                results.add(CheckResult.judged(name, e, nulls == 0, nulls, 0.0, nulls == 0
                        ? name + ": no nulls in " + n.columns().size() + " required columns" + of
                        : name + ": " + nulls + " nulls in required columns " + String.join(", ", bad) + of));
            } else if (e instanceof Expectation.UniqueKey u) {
                long duplicates = runRows - (Long) m.get(i + ":distinct");
                results.add(CheckResult.judged(name, e, duplicates == 0, duplicates, 0.0, name + ": " + duplicates
                        + " rows repeat a key (" + String.join(", ", u.columns()) + ")" + of));
            } else if (e instanceof Expectation.ValueRange r) {
                long outside = (Long) m.get(i + ":outside");
                results.add(CheckResult.judged(name, e, outside == 0, outside, 0.0, name + ": " + outside
                        + " values of " + r.column() + " outside " + bound(r.min(), "-inf") + ".."
                        + bound(r.max(), "+inf") + of));
            } else if (e instanceof Expectation.Freshness f) {
                results.add(freshness(name, f, runDate, asDate(m.get(i + ":latest")), rd != null));
            } else if (e instanceof Expectation.VolumeChange v) {
                long[] history = new long[HISTORY_DAYS];
                for (int d = 1; d <= HISTORY_DAYS; d++) {
                    history[d - 1] = (Long) m.get("day-" + d);
                }
                results.add(volume(name, v, runDate, runRows, history));
            } else if (e instanceof Expectation.References r) {
                results.add(references(name, r, window.where(isRun), tables.apply(r.target()), of));
            } else if (e instanceof Expectation.QuarantineRate q) {
                results.add(quarantine(name, q, runDate, runRows, tables.apply(BronzeTables.QUARANTINE)));
            }
        }
        return results;
    }

    /** A date aggregate as a LocalDate, whether or not the session uses Spark's Java 8 date API. */
    private static LocalDate asDate(Object value) {
        return value == null ? null : value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
    }

    static CheckResult freshness(String name, Expectation.Freshness f, LocalDate runDate, LocalDate latest,
                                 boolean windowed) {
        String scope = windowed ? "the " + (HISTORY_DAYS + 1) + " days up to " + runDate : "the table";
        if (latest == null) {
            return CheckResult.judged(name, f, false, null, Double.valueOf(f.maxAgeDays()),
                    name + ": no " + f.column() + " in " + scope + " (limit: " + f.maxAgeDays() + " days old)");
        }
        long age = ChronoUnit.DAYS.between(latest, runDate);
        return CheckResult.judged(name, f, age <= f.maxAgeDays(), age, (double) f.maxAgeDays(), name + ": latest "
                + f.column() + " is " + latest + ", " + age + " days before " + runDate + " (limit: " + f.maxAgeDays()
                + " days)");
    }

    static CheckResult volume(String name, Expectation.VolumeChange v, LocalDate runDate, long rows, long[] history) {
        long daysWithRows = Arrays.stream(history).filter(c -> c > 0).count();
        if (daysWithRows < HISTORY_DAYS) {
            return CheckResult.skipped(name, v, name + " volume for " + runDate + ": " + String.format(Locale.ROOT,
                    "%,d", rows) + " rows; needs " + HISTORY_DAYS + " previous days with rows, found " + daysWithRows);
        }
        long[] sorted = history.clone();
        Arrays.sort(sorted);
        long median = sorted[HISTORY_DAYS / 2];
        if (median < v.minMedianRows()) {
            return CheckResult.skipped(name, v, String.format(Locale.ROOT, "%s volume for %s: %,d rows; the 7-day"
                    + " median of %,d is below the %,d rows needed to judge", name, runDate, rows, median,
                    v.minMedianRows()));
        }
        double change = (rows - median) / (double) median;
        long minimum = (long) Math.ceil(median * (1 - v.maxDropFraction()));
        String message = String.format(Locale.ROOT, "%s volume for %s: %,d rows, %.1f%% %s the 7-day median of %,d"
                        + " (limit: %.0f%% drop)", name, runDate, rows, Math.abs(change) * 100,
                change < 0 ? "below" : "above", median, v.maxDropFraction() * 100);
        return CheckResult.judged(name, v, rows >= minimum, rows, (double) minimum, message);
    }

    private static CheckResult references(String name, Expectation.References r, Dataset<Row> runRows,
                                          Dataset<Row> target, String of) {
        if (target == null) {
            return CheckResult.skipped(name, r, name + ": referenced table " + r.target().name()
                    + " does not exist yet");
        }
        Column id = col(r.column());
        Dataset<Row> ids = runRows.where(id.isNotNull()).select(id.as("_id")).distinct();
        Dataset<Row> keys = target.select(col(r.targetColumn()).as("_key"));
        long orphans = ids.join(keys, ids.col("_id").equalTo(keys.col("_key")), "left_anti").count();
        return CheckResult.judged(name, r, orphans == 0, orphans, 0.0, name + ": " + orphans + " distinct "
                + r.column() + " values not in " + r.target().name() + "." + r.targetColumn() + of);
    }

    private static CheckResult quarantine(String name, Expectation.QuarantineRate q, LocalDate runDate, long rows,
                                          Dataset<Row> quarantine) {
        long quarantined = quarantine == null ? 0 : quarantine
                .where(col(BronzeTables.DELIVERY_DATE).equalTo(lit(Date.valueOf(runDate)))
                        .and(col("source").equalTo(lit(q.source()))))
                .count();
        long total = rows + quarantined;
        double rate = total == 0 ? 0.0 : quarantined / (double) total;
        boolean ok = rate <= q.maxRate() || quarantined < q.minQuarantinedRows();
        return CheckResult.judged(name, q, ok, rate, q.maxRate(), String.format(Locale.ROOT,
                "%s quarantine rate for %s: %,d of %,d records (%.1f%%) (limit: %.1f%% once %,d or more are"
                        + " quarantined)", name, runDate, quarantined, total, rate * 100, q.maxRate() * 100,
                q.minQuarantinedRows()));
    }

    private static String bound(Double b, String open) {
        return b == null ? open : b % 1 == 0 ? String.valueOf(b.longValue()) : String.valueOf(b);
    }

    private static long countStatus(List<CheckResult> results, String status) {
        return results.stream().filter(r -> r.status().equals(status)).count();
    }

    private static void append(SparkSession spark, Config config, List<CheckResult> results) {
        if (results.isEmpty()) {
            return;
        }
        DeltaTables.ensure(spark, config.lake(), OpsTables.QUALITY_CHECKS);
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = results.stream().map(r -> RowFactory.create(config.runId(), now,
                Date.valueOf(config.runDate()), config.stage().id(), r.tableName(), r.checkName(), r.checkType(),
                r.severity().id(), r.status(), r.observedValue(), r.thresholdValue(), r.message())).toList();
        spark.createDataFrame(rows, OpsTables.QUALITY_CHECKS.schema())
                .write().format("delta").mode("append").save(config.lake().path(OpsTables.QUALITY_CHECKS));
        LOG.info("quality stage={} table={} run_date={} rows_out={} failed={}", config.stage().id(),
                OpsTables.QUALITY_CHECKS.name(), config.runDate(), rows.size(),
                countStatus(results, CheckResult.FAILED));
    }
}
