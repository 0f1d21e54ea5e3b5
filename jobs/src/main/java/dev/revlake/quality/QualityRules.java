package dev.revlake.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.types.StructField;

import dev.revlake.bronze.BronzeTables;
import dev.revlake.gold.GoldTables;
import dev.revlake.lake.TableContract;
import dev.revlake.quality.Expectation.Freshness;
import dev.revlake.quality.Expectation.NotNull;
import dev.revlake.quality.Expectation.QuarantineRate;
import dev.revlake.quality.Expectation.References;
import dev.revlake.quality.Expectation.UniqueKey;
import dev.revlake.quality.Expectation.ValueRange;
import dev.revlake.quality.Expectation.VolumeChange;
import dev.revlake.raw.RawField;
import dev.revlake.raw.Source;
import dev.revlake.score.ScoreTables;
import dev.revlake.silver.SilverTables;

/**
 * The declared expectations of every checked table, by stage: the one place to read or change
 * them. Not-null columns and unique keys come from the {@link TableContract}s, ranges from the raw
 * contract's non-negative fields and the score contracts; volume, freshness and quarantine limits
 * were chosen from the simulator's measured variation (docs/quality.md).
 */
public final class QualityRules {

    /** Web page views drop about 70-75% on weekends against a weekday median; 85% leaves margin. */
    public static final double PAGEVIEW_MAX_DROP = 0.85;
    /** Below this 7-day median a volume check is skipped: small counts swing by chance. */
    public static final long MIN_MEDIAN_ROWS = 50;
    /** The daily opportunity snapshot hardly moves (measured: never below its 7-day median). */
    public static final double SNAPSHOT_MAX_DROP = 0.5;
    /** Bursty or sparse sources (newsletters on Tuesdays, no rep activity on weekends): warn only. */
    public static final double SPARSE_MAX_DROP = 0.9;
    /** Quarantine above 5% of a source's records of a day stops the run (measured at most 1.4%). */
    public static final double MAX_QUARANTINE_RATE = 0.05;
    /** Fewer quarantined records than this never fail the rate: one bad record in a tiny file would. */
    public static final long MIN_QUARANTINED_ROWS = 20;

    private static final Map<Stage, List<TableExpectations>> RULES = Map.of(
            Stage.BRONZE, bronze(),
            Stage.SILVER, silver(),
            Stage.GOLD, gold(),
            Stage.SCORES, scores());

    private QualityRules() {
    }

    /** The expectations checked after a stage, one entry per table. */
    public static List<TableExpectations> forStage(Stage stage) {
        return RULES.get(stage);
    }

    /** Every non-nullable column of a contract. */
    static List<String> requiredColumns(TableContract contract) {
        List<String> columns = new ArrayList<>();
        for (StructField f : contract.schema().fields()) {
            if (!f.nullable()) {
                columns.add(f.name());
            }
        }
        return columns;
    }

    private static List<Expectation> contractExpectations(TableContract t) {
        List<Expectation> e = new ArrayList<>();
        e.add(new NotNull(requiredColumns(t), Severity.ERROR));
        e.add(new UniqueKey(t.keyColumns(), Severity.ERROR));
        return e;
    }

    private static List<TableExpectations> bronze() {
        List<TableExpectations> all = new ArrayList<>();
        for (Source s : Source.values()) {
            TableContract t = BronzeTables.forSource(s);
            List<Expectation> e = contractExpectations(t);
            for (RawField f : s.fields()) {
                if (f.nonNegative()) {
                    e.add(new ValueRange(f.name(), 0.0, null, Severity.ERROR));
                }
            }
            if (s == Source.WEB_PAGEVIEWS) {
                e.add(new Freshness(s.recordTimeField(), 2, Severity.ERROR));
                e.add(new VolumeChange(PAGEVIEW_MAX_DROP, MIN_MEDIAN_ROWS, Severity.ERROR));
            } else if (s == Source.CRM_OPPORTUNITIES) {
                e.add(new Freshness(s.recordTimeField(), 7, Severity.WARN));
                e.add(new VolumeChange(SNAPSHOT_MAX_DROP, MIN_MEDIAN_ROWS, Severity.ERROR));
            } else {
                e.add(new Freshness(s.recordTimeField(), 7, Severity.WARN));
                e.add(new VolumeChange(SPARSE_MAX_DROP, MIN_MEDIAN_ROWS, Severity.WARN));
            }
            e.add(new QuarantineRate(s.id(), MAX_QUARANTINE_RATE, MIN_QUARANTINED_ROWS, Severity.ERROR));
            all.add(new TableExpectations(t, BronzeTables.DELIVERY_DATE, e));
        }
        return List.copyOf(all);
    }

    private static List<TableExpectations> silver() {
        List<Expectation> events = contractExpectations(SilverTables.EVENTS);
        events.add(new Freshness("occurred_at", 2, Severity.WARN));
        events.add(new VolumeChange(SPARSE_MAX_DROP, MIN_MEDIAN_ROWS, Severity.WARN));
        events.add(new References("contact_id", SilverTables.CONTACTS, "contact_id", Severity.WARN));

        List<Expectation> sessions = contractExpectations(SilverTables.SESSIONS);
        sessions.add(new ValueRange("duration_seconds", 0.0, null, Severity.ERROR));
        sessions.add(new ValueRange("page_view_count", 1.0, null, Severity.ERROR));

        List<Expectation> contacts = contractExpectations(SilverTables.CONTACTS);
        contacts.add(new Freshness("updated_at", 7, Severity.WARN));

        List<Expectation> accounts = contractExpectations(SilverTables.ACCOUNTS);
        accounts.add(new ValueRange("employee_count", 0.0, null, Severity.ERROR));

        List<Expectation> opportunities = contractExpectations(SilverTables.OPPORTUNITIES);
        opportunities.add(new ValueRange("amount_usd", 0.0, null, Severity.ERROR));
        opportunities.add(new ValueRange("probability_percent", 0.0, 100.0, Severity.ERROR));
        opportunities.add(new References("account_id", SilverTables.ACCOUNTS, "account_id", Severity.WARN));

        return List.of(
                new TableExpectations(SilverTables.EVENTS, "event_date", events),
                new TableExpectations(SilverTables.SESSIONS, "session_date", sessions),
                new TableExpectations(SilverTables.CONTACTS, null, contacts),
                new TableExpectations(SilverTables.ACCOUNTS, null, accounts),
                new TableExpectations(SilverTables.OPPORTUNITIES, null, opportunities));
    }

    private static List<TableExpectations> gold() {
        List<Expectation> leads = contractExpectations(GoldTables.LEAD_FEATURES);
        leads.add(new References("contact_id", SilverTables.CONTACTS, "contact_id", Severity.ERROR));
        leads.add(new VolumeChange(SNAPSHOT_MAX_DROP, MIN_MEDIAN_ROWS, Severity.WARN));

        List<Expectation> deals = contractExpectations(GoldTables.OPPORTUNITY_FEATURES);
        deals.add(new References("opportunity_id", SilverTables.OPPORTUNITIES, "opportunity_id", Severity.ERROR));

        return List.of(
                new TableExpectations(GoldTables.LEAD_FEATURES, "snapshot_date", leads),
                new TableExpectations(GoldTables.OPPORTUNITY_FEATURES, "snapshot_date", deals),
                new TableExpectations(GoldTables.FUNNEL_DAILY, "funnel_date",
                        contractExpectations(GoldTables.FUNNEL_DAILY)));
    }

    private static List<TableExpectations> scores() {
        List<Expectation> leads = contractExpectations(ScoreTables.LEAD_SCORES);
        leads.add(new ValueRange("score", 1.0, 99.0, Severity.ERROR));
        leads.add(new ValueRange("conversion_probability", 0.0, 1.0, Severity.ERROR));
        leads.add(new References("contact_id", SilverTables.CONTACTS, "contact_id", Severity.ERROR));

        List<Expectation> deals = contractExpectations(ScoreTables.OPPORTUNITY_SCORES);
        deals.add(new ValueRange("win_probability", 0.0, 1.0, Severity.ERROR));
        deals.add(new References("opportunity_id", SilverTables.OPPORTUNITIES, "opportunity_id", Severity.ERROR));

        return List.of(
                new TableExpectations(ScoreTables.LEAD_SCORES, "score_date", leads),
                new TableExpectations(ScoreTables.OPPORTUNITY_SCORES, "score_date", deals));
    }
}
