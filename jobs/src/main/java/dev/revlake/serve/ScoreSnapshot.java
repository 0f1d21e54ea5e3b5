package dev.revlake.serve;

import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;

import dev.revlake.export.ScoreChanges;
import dev.revlake.lake.DeltaTables;
import dev.revlake.lake.Lake;

/**
 * An immutable in-memory index of the current score of every lead and opportunity (the row of its
 * latest score_date), as of pinned Delta versions of the two score tables. Requests read one
 * snapshot from start to end, so a reload never mixes two scoring runs in one answer.
 *
 * @param leads         current lead scores
 * @param opportunities current opportunity scores
 * @param loadedAt      when the snapshot was loaded
 */
public record ScoreSnapshot(Table leads, Table opportunities, Instant loadedAt) {

    public ScoreSnapshot {
        Objects.requireNonNull(leads, "leads");
        Objects.requireNonNull(opportunities, "opportunities");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    /**
     * One table's current rows.
     *
     * @param version   the Delta version read
     * @param scoreDate the latest score_date among the rows (ISO), null when there are none
     * @param rows      current rows by id, sorted by id, unmodifiable
     */
    public record Table(long version, String scoreDate, NavigableMap<String, Map<String, Object>> rows) {
        public Table {
            if (version < 0) {
                throw new IllegalArgumentException(String.format("Invalid version: %s", version));
            }
            rows = Collections.unmodifiableNavigableMap(rows);
        }
    }

    /** The table of an entity kind. */
    public Table table(ScoredEntity entity) {
        return entity == ScoredEntity.LEADS ? leads : opportunities;
    }

    /** The Delta versions of both tables as they are now, without loading rows; -1 for a missing table. */
    static long[] currentVersions(SparkSession spark, Lake lake) {
        return new long[] {DeltaTables.version(spark, lake, ScoredEntity.LEADS.view().table()),
            DeltaTables.version(spark, lake, ScoredEntity.OPPORTUNITIES.view().table())};
    }

    /**
     * Loads the current rows of both score tables at the given versions.
     *
     * @throws IllegalStateException when a score table does not exist yet
     */
    static ScoreSnapshot load(SparkSession spark, Lake lake, long[] versions) {
        if (versions[0] < 0 || versions[1] < 0) {
            throw new IllegalStateException("No scores in " + lake.root() + " yet: run revlake score first");
        }
        return new ScoreSnapshot(loadTable(spark, lake, ScoredEntity.LEADS, versions[0]),
                loadTable(spark, lake, ScoredEntity.OPPORTUNITIES, versions[1]), Instant.now());
    }

    /** Loads the current versions of both tables. */
    public static ScoreSnapshot load(SparkSession spark, Lake lake) {
        return load(spark, lake, currentVersions(spark, lake));
    }

    private static Table loadTable(SparkSession spark, Lake lake, ScoredEntity entity, long version) {
        // Everything since "no watermark" is exactly the current row of every entity at the version.
        NavigableMap<String, Map<String, Object>> rows;
        try (ScoreChanges.ChangeSet all = ScoreChanges.since(spark, lake, entity.view(), -1, version)) {
            rows = collect(all.rows(), entity);
        }
        String dateColumn = entity.view().dateColumn();
        // ISO dates sort as text.
        String latest = rows.values().stream().map(r -> (String) r.get(dateColumn)).filter(Objects::nonNull)
                .max(String::compareTo).orElse(null);
        return new Table(version, latest, rows);
    }

    /**
     * Collects rows into a map sorted by id; used for snapshots and change sets alike. Columns are
     * put in the table's order: a change set's join puts the key first, and a client should see
     * the same field order from every endpoint.
     */
    static NavigableMap<String, Map<String, Object>> collect(Dataset<Row> data, ScoredEntity entity) {
        Iterator<Row> rows = data.select(entity.view().table().columns().stream().map(functions::col)
                .toArray(Column[]::new)).toLocalIterator();
        NavigableMap<String, Map<String, Object>> byId = new TreeMap<>();
        while (rows.hasNext()) {
            Map<String, Object> m = RowValues.toMap(rows.next());
            byId.put((String) m.get(entity.idColumn()), m);
        }
        return byId;
    }
}
