package dev.outpost.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Engagement of posts on their networks: the readings of their counts (engagement_snapshots, a time series: every
 * reading is kept) and where each post's automatic fetching stands (engagement_state). The due list and the
 * claim on a due post live here, in the database, so that several nodes never fetch the same post twice.
 */
public final class EngagementStore {
    private static final String SNAPSHOT_COLUMNS = "post_id, taken_at, comments, shares, likes, source";

    private static final String INSERT_SNAPSHOT = """
            INSERT INTO engagement_snapshots (post_id, taken_at, comments, shares, likes, source)
            VALUES (:post, :takenAt, :comments, :shares, :likes, :source)
            """;

    private static final String UPSERT_STATE = """
            INSERT INTO engagement_state (post_id, next_fetch_at, failures, last_error, last_error_at, last_read_at, deleted_at)
            VALUES (:post, :next, :failures, :error, :errorAt, :readAt, :deletedAt)
            ON CONFLICT (post_id) DO UPDATE SET next_fetch_at = excluded.next_fetch_at, failures = excluded.failures,
                last_error = excluded.last_error, last_error_at = excluded.last_error_at,
                last_read_at = excluded.last_read_at, deleted_at = excluded.deleted_at
            """;

    /** Posts of the network with an id, published, and not yet known here: due at once. */
    private static final String ENROL = """
            INSERT INTO engagement_state (post_id, next_fetch_at, failures)
            SELECT p.id, :now, 0 FROM posts p
            WHERE p.network = :network AND p.network_post_id IS NOT NULL AND p.published_at <= :now
              AND NOT EXISTS (SELECT 1 FROM engagement_state s WHERE s.post_id = p.id)
            ON CONFLICT (post_id) DO NOTHING
            """;

    private static final String DUE = """
            SELECT s.post_id, s.next_fetch_at FROM engagement_state s JOIN posts p ON p.id = s.post_id
            WHERE p.network = :network AND s.deleted_at IS NULL AND s.next_fetch_at IS NOT NULL AND s.next_fetch_at <= :now
            ORDER BY s.next_fetch_at, s.post_id
            LIMIT :limit
            """;

    private final Jdbi jdbi;

    public EngagementStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** One reading of a post's counts; null counts are ones the network does not tell. source: "fetch" or "manual". */
    public record Snapshot(long postId, long takenAt, Long comments, Long shares, Long likes, String source) {}

    /**
     * Where a post's fetching stands.
     *
     * @param nextFetchAt null: no more automatic fetches (past its window, stopped, or deleted)
     * @param failures    failures in a row since the last good reading
     * @param lastReadAt  the last good fetch, null if none yet
     * @param deletedAt   when the network said the post is gone
     */
    public record State(long postId, Long nextFetchAt, int failures, String lastError, Long lastErrorAt, Long lastReadAt,
                        Long deletedAt) {}

    /** A post due for a fetch, with the due time it was seen with (the claim compares it). */
    public record Due(long postId, long nextFetchAt) {}

    /** Stores a reading and the state after it in one transaction. */
    public void record(Snapshot s, State after) {
        jdbi.useTransaction(h -> {
            insertSnapshot(h, s);
            upsertState(h, after);
        });
    }

    /** Stores a reading entered by hand; the fetching state is left as it is. */
    public void add(Snapshot s) {
        jdbi.useHandle(h -> insertSnapshot(h, s));
    }

    /** The same, inside a caller's transaction (a CSV import stores its posts and their counts together). */
    public static void add(Handle h, Snapshot s) {
        insertSnapshot(h, s);
    }

    public void saveState(State s) {
        jdbi.useHandle(h -> upsertState(h, s));
    }

    public Optional<State> state(long postId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT post_id, next_fetch_at, failures, last_error, last_error_at, last_read_at, deleted_at
                        FROM engagement_state WHERE post_id = :post
                        """)
                .bind("post", postId)
                .map((rs, ctx) -> new State(rs.getLong(1), longOrNull(rs, 2), rs.getInt(3), rs.getString(4),
                        longOrNull(rs, 5), longOrNull(rs, 6), longOrNull(rs, 7)))
                .findFirst());
    }

    /** The newest reading, fetched or entered. */
    public Optional<Snapshot> latest(long postId) {
        return history(postId, 1).stream().findFirst();
    }

    /** The readings of a post, newest first. */
    public List<Snapshot> history(long postId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + SNAPSHOT_COLUMNS + " FROM engagement_snapshots WHERE post_id = :post"
                        + " ORDER BY taken_at DESC, id DESC LIMIT :limit")
                .bind("post", postId).bind("limit", limit)
                .map((rs, ctx) -> new Snapshot(rs.getLong(1), rs.getLong(2), longOrNull(rs, 3),
                        longOrNull(rs, 4), longOrNull(rs, 5), rs.getString(6)))
                .list());
    }

    /** Gives the network's new posts a state, due at {@code now}; answers how many. */
    public int enrol(String network, long now) {
        return jdbi.withHandle(h -> h.createUpdate(ENROL).bind("network", network).bind("now", now).execute());
    }

    /** The network's posts due at {@code now}, the longest waiting first. */
    public List<Due> due(String network, long now, int limit) {
        return jdbi.withHandle(h -> h.createQuery(DUE).bind("network", network).bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new Due(rs.getLong(1), rs.getLong(2)))
                .list());
    }

    /**
     * Takes a due post for one fetch: moves its due time to {@code leaseUntil} if it is still what was seen. False
     * when another node (or tick) took it first. Should this node die mid-fetch, the post is due again at the lease's end.
     */
    public boolean claim(Due due, long leaseUntil) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE engagement_state SET next_fetch_at = :lease WHERE post_id = :post AND next_fetch_at = :seen")
                .bind("lease", leaseUntil).bind("post", due.postId()).bind("seen", due.nextFetchAt())
                .execute() == 1);
    }

    /**
     * A post of a site with its newest reading's counts (all null when it has none) and whether the
     * network says it is gone.
     */
    public record Latest(long postId, String network, String title, Long comments, Long shares, Long likes, boolean deleted) {}

    /**
     * Every post of a site with its newest reading, fetched or entered: the query API's engagement
     * metrics and the report pages' engagement columns. The newest is by taken_at, then id (two
     * readings in one millisecond: the later stored).
     */
    public List<Latest> latestBySite(long siteId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id, p.network, p.title, s.comments, s.shares, s.likes, st.deleted_at
                        FROM posts p LEFT JOIN engagement_snapshots s ON s.id = (
                            SELECT n.id FROM engagement_snapshots n WHERE n.post_id = p.id
                            ORDER BY n.taken_at DESC, n.id DESC LIMIT 1)
                        LEFT JOIN engagement_state st ON st.post_id = p.id
                        WHERE p.site_id = :site ORDER BY p.id""")
                .bind("site", siteId)
                .map((rs, ctx) -> new Latest(rs.getLong(1), rs.getString(2), rs.getString(3), longOrNull(rs, 4),
                        longOrNull(rs, 5), longOrNull(rs, 6), longOrNull(rs, 7) != null))
                .list());
    }

    /** Visits (sessions) credited to the post, exact or inferred. */
    public long visits(long postId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE post_id = :post")
                .bind("post", postId).mapTo(Long.class).one());
    }

    private static void insertSnapshot(Handle h, Snapshot s) {
        h.createUpdate(INSERT_SNAPSHOT).bind("post", s.postId()).bind("takenAt", s.takenAt()).bind("comments", s.comments())
                .bind("shares", s.shares()).bind("likes", s.likes()).bind("source", s.source()).execute();
    }

    private static void upsertState(Handle h, State s) {
        h.createUpdate(UPSERT_STATE).bind("post", s.postId()).bind("next", s.nextFetchAt()).bind("failures", s.failures())
                .bind("error", s.lastError()).bind("errorAt", s.lastErrorAt()).bind("readAt", s.lastReadAt())
                .bind("deletedAt", s.deletedAt()).execute();
    }

    /** A BIGINT that may be NULL: getLong alone would read NULL as 0. */
    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
