package dev.outpost.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The few reads the report pages need beside the query API: what is happening right now (the
 * realtime count, whether the snippet has ever sent a pageview) and the engagement of all of a
 * site's posts at once for the dashboard's tables.
 */
public final class LiveStore {
    /** "Right now" on the dashboard: visitors with an event in this window. */
    public static final Duration REALTIME = Duration.ofMinutes(30);

    /** Visits keep their pageview count, so the total never scans the (larger) events table. */
    private static final String PAGEVIEWS_TOTAL = """
            SELECT COALESCE(SUM(pageviews), 0) FROM sessions WHERE site_id = :site
            """;

    /** Events carry the visitor id; the (site_id, ts) index keeps this to the last half hour's rows. */
    private static final String REALTIME_VISITORS = """
            SELECT COUNT(DISTINCT visitor_id) FROM events WHERE site_id = :site AND ts >= :since
            """;

    /**
     * Each post's newest reading with where its fetching stands. Posts never read have no row; the
     * newest is by taken_at, then id (two readings in one millisecond: the later stored).
     */
    private static final String ENGAGEMENT_BY_SITE = """
            SELECT p.id, es.comments, es.shares, es.likes, st.deleted_at, st.last_error
            FROM posts p
            JOIN engagement_snapshots es ON es.post_id = p.id
            LEFT JOIN engagement_state st ON st.post_id = p.id
            WHERE p.site_id = :site
              AND es.id = (SELECT e2.id FROM engagement_snapshots e2 WHERE e2.post_id = p.id
                           ORDER BY e2.taken_at DESC, e2.id DESC LIMIT 1)
            """;

    private final Jdbi jdbi;

    public LiveStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** A post's latest counts (null: the network does not tell) and whether the network says it is gone. */
    public record PostEngagement(long postId, Long comments, Long shares, Long likes, boolean deleted, String lastError) {}

    /**
     * Whether the site has had a pageview yet: the dashboard asks this on every view, and summing
     * all visits for it took half a second at ten million events; this stops at the first visit.
     */
    public boolean hasPageviews(long siteId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM sessions WHERE site_id = :site AND pageviews > 0 LIMIT 1")
                .bind("site", siteId).mapTo(Integer.class).findOne().isPresent());
    }

    /** Every pageview the site has had; 0 until the snippet first reports one. */
    public long pageviewsTotal(long siteId) {
        return jdbi.withHandle(h -> h.createQuery(PAGEVIEWS_TOTAL).bind("site", siteId).mapTo(Long.class).one());
    }

    /** Visitors with an event in the {@link #REALTIME} window before {@code now} (epoch ms). */
    public long realtimeVisitors(long siteId, long now) {
        return jdbi.withHandle(h -> h.createQuery(REALTIME_VISITORS).bind("site", siteId)
                .bind("since", now - REALTIME.toMillis()).mapTo(Long.class).one());
    }

    /** The latest engagement of each of the site's posts that has been read at least once, by post id. */
    public Map<Long, PostEngagement> engagementBySite(long siteId) {
        return jdbi.withHandle(h -> {
            Map<Long, PostEngagement> out = new HashMap<>();
            h.createQuery(ENGAGEMENT_BY_SITE).bind("site", siteId)
                    .map((rs, ctx) -> new PostEngagement(rs.getLong(1), longOrNull(rs, 2), longOrNull(rs, 3),
                            longOrNull(rs, 4), longOrNull(rs, 5) != null, rs.getString(6)))
                    .forEach(e -> out.put(e.postId(), e));
            return out;
        });
    }

    /** A BIGINT that may be NULL: getLong alone would read NULL as 0. */
    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
