package dev.outpost.store;

import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * The few reads the report pages need beside the query API: what is happening right now (the
 * realtime count, whether the snippet has ever sent a pageview).
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

    private final Jdbi jdbi;

    public LiveStore(Database db) {
        this.jdbi = db.jdbi();
    }

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
}
