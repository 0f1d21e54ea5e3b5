package dev.revlake.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import org.apache.spark.sql.SparkSession;

import dev.revlake.export.ScoreChanges;
import dev.revlake.lake.Lake;

/**
 * Pages through the current rows changed since a Delta version, sorted by id. The change set of a
 * (since, version) pair is computed once with Spark and kept in a small LRU cache, so the second
 * and later pages cost a map look-up; "everything" at the served version comes straight from the
 * snapshot.
 */
final class ChangeFeed {

    /** Default page size. */
    static final int DEFAULT_LIMIT = 500;
    /** Largest page size. */
    static final int MAX_LIMIT = 5000;

    /**
     * One page of a change query.
     *
     * @param since         the query's since, -1 when omitted
     * @param watermark     the Delta version the rows are current at: the next query's since
     * @param rows          rows of this page, by id
     * @param nextPageToken null on the last page
     * @param note          null, or why more rows than the changes are sent
     */
    record Page(long since, long watermark, List<Map<String, Object>> rows, String nextPageToken, String note) {
    }

    private record Key(ScoredEntity entity, long since, long version) {
    }

    private record Changes(NavigableMap<String, Map<String, Object>> rows, String note) {
    }

    private final SparkSession spark;
    private final Lake lake;
    private final Map<Key, Changes> cache;

    ChangeFeed(SparkSession spark, Lake lake, int cacheEntries) {
        this.spark = spark;
        this.lake = lake;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Changes> eldest) {
                return size() > cacheEntries;
            }
        };
    }

    /**
     * A page of changes.
     *
     * @param since     the watermark of a previous answer, or -1 for every current row
     * @param limit     rows per page, 1..{@link #MAX_LIMIT}
     * @param pageToken null for the first page
     */
    Page page(ScoredEntity entity, ScoreSnapshot snapshot, long since, int limit, String pageToken) {
        ScoreSnapshot.Table table = snapshot.table(entity);
        long current = table.version();
        if (since < -1) {
            throw ApiException.badRequest("Invalid since: must be a Delta version from 0 to " + current);
        }
        if (since > current) {
            throw ApiException.badRequest("Invalid since: " + since + " is newer than the current version " + current
                    + " of " + entity.view().table().name());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("Invalid limit: must be a whole number from 1 to " + MAX_LIMIT);
        }
        long version = current;
        String afterId = null;
        if (pageToken != null) {
            PageToken token = PageToken.decode(pageToken);
            if (!token.entity().equals(entity.segment()) || token.since() != since) {
                throw ApiException.badRequest("Invalid page_token: it belongs to another query");
            }
            if (token.version() > current) {
                throw ApiException.badRequest("Invalid page_token");
            }
            version = token.version();
            afterId = token.afterId();
        }
        Changes changes = since == -1 && version == current ? new Changes(table.rows(), null)
                : changes(entity, since, version);
        NavigableMap<String, Map<String, Object>> rest = afterId == null ? changes.rows()
                : changes.rows().tailMap(afterId, false);
        List<Map<String, Object>> rows = new ArrayList<>();
        java.util.Iterator<Map.Entry<String, Map<String, Object>>> it = rest.entrySet().iterator();
        String last = null;
        while (rows.size() < limit && it.hasNext()) {
            Map.Entry<String, Map<String, Object>> e = it.next();
            rows.add(e.getValue());
            last = e.getKey();
        }
        // A token only when rows remain: the last page says so with null, not with an empty page.
        String next = it.hasNext() ? new PageToken(entity.segment(), since, version, last).encode() : null;
        return new Page(since, version, rows, next, changes.note());
    }

    private Changes changes(ScoredEntity entity, long since, long version) {
        Key key = new Key(entity, since, version);
        synchronized (cache) {
            Changes hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        // Computed outside the lock: a slow Spark job must not block pages of other queries. Two
        // concurrent first pages may both compute; they get the same answer.
        Changes computed;
        try (ScoreChanges.ChangeSet set = ScoreChanges.since(spark, lake, entity.view(), since, version)) {
            computed = new Changes(java.util.Collections.unmodifiableNavigableMap(
                    ScoreSnapshot.collect(set.rows(), entity)), set.note());
        }
        synchronized (cache) {
            cache.put(key, computed);
        }
        return computed;
    }
}
