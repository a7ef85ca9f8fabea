package dev.outpost.store;

import dev.outpost.domain.DropKey;
import dev.outpost.domain.Event;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The events table: batched inserts from the writer, and the export stream. */
public final class EventStore {
    private static final String INSERT = """
            INSERT INTO events (site_id, ts, name, host, path, title, referrer, referrer_host, channel, network, source,
                utm_source, utm_medium, utm_campaign, utm_content, utm_term, click_id, browser, os, device, screen_width,
                visitor_id, props, revenue_micros, revenue_currency, engaged_ms, scroll_depth, session_id, post_id, post_match)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private static final String ADD_DROPS = """
            INSERT INTO drops (site_id, day, reason, count) VALUES (:site, :day, :reason, :n)
            ON CONFLICT (site_id, day, reason) DO UPDATE SET count = drops.count + excluded.count
            """;

    private final Jdbi jdbi;
    private final SessionStore sessions;
    private final boolean postgres;

    public EventStore(Database db, SessionStore sessions) {
        this.jdbi = db.jdbi();
        this.postgres = db.dialect() == Database.Dialect.POSTGRES;
        this.sessions = sessions;
    }

    /** One transaction for a whole batch: all of it is stored, or none and the writer retries. */
    public void insert(List<Event> events, Map<DropKey, Long> drops) {
        try {
            insertOrThrow(events, drops);
        } catch (SQLException e) {
            throw new IllegalStateException("storing " + events.size() + " events failed: " + e.getMessage(), e);
        }
    }

    private void insertOrThrow(List<Event> events, Map<DropKey, Long> drops) throws SQLException {
        jdbi.<SQLException>useTransaction(h -> {
            insertEvents(h, events);
            if (!drops.isEmpty()) {
                PreparedBatch batch = h.prepareBatch(ADD_DROPS);
                drops.forEach((k, n) -> batch.bind("site", k.siteId()).bind("day", k.day().toString())
                        .bind("reason", k.reason().label()).bind("n", n).add());
                batch.execute();
            }
        });
    }

    private void insertEvents(Handle h, List<Event> events) throws SQLException {
        if (events.isEmpty()) return;
        List<SessionStore.Assignment> visits = sessions.assign(h, events);
        // Plain JDBC on the hot path: binding 30 columns by reflection cost more than the insert.
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT)) {
            for (int n = 0; n < events.size(); n++) {
                bind(ps, events.get(n), visits.get(n));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // Tell the rollups how far back this batch changed what they count: the visits' starts (or
        // an event's time, when stamped before its visit began). One statement per site.
        Map<Long, Long> oldest = new java.util.HashMap<>();
        for (int n = 0; n < events.size(); n++) {
            long t = Math.min(visits.get(n).startedAt(), events.get(n).ts());
            oldest.merge(events.get(n).siteId(), t, Math::min);
        }
        RollupStore.visitsChanged(h, oldest);
    }

    /**
     * Stores a server-side conversion once per idempotency key, in one transaction with the key:
     * false (and nothing written) when the key was seen before.
     */
    public boolean insertConversion(Event event, String idempotencyKey) {
        try {
            return jdbi.<Boolean, SQLException>inTransaction(h -> {
                int added = h.createUpdate("""
                                INSERT INTO conversion_keys (site_id, idem_key, event_ts) VALUES (:site, :key, :ts)
                                ON CONFLICT (site_id, idem_key) DO NOTHING""")
                        .bind("site", event.siteId()).bind("key", idempotencyKey).bind("ts", event.ts()).execute();
                if (added == 0) return false;
                insertEvents(h, List.of(event));
                return true;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("storing a conversion failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Event e, SessionStore.Assignment visit) throws SQLException {
        int i = 0;
        ps.setLong(++i, e.siteId());
        ps.setLong(++i, e.ts());
        ps.setString(++i, e.name());
        ps.setString(++i, e.host());
        ps.setString(++i, e.path());
        ps.setString(++i, e.title());
        ps.setString(++i, e.referrer());
        ps.setString(++i, e.referrerHost());
        ps.setString(++i, e.channel());
        ps.setString(++i, e.network());
        ps.setString(++i, e.source());
        ps.setString(++i, e.utmSource());
        ps.setString(++i, e.utmMedium());
        ps.setString(++i, e.utmCampaign());
        ps.setString(++i, e.utmContent());
        ps.setString(++i, e.utmTerm());
        ps.setString(++i, e.clickId());
        ps.setString(++i, e.browser());
        ps.setString(++i, e.os());
        ps.setString(++i, e.device());
        setInt(ps, ++i, e.screenWidth());
        ps.setString(++i, e.visitorId());
        ps.setString(++i, e.propsJson());
        if (e.revenueMicros() == null) ps.setNull(++i, Types.BIGINT);
        else ps.setLong(++i, e.revenueMicros());
        ps.setString(++i, e.revenueCurrency());
        setInt(ps, ++i, e.engagedMs());
        setInt(ps, ++i, e.scrollDepth());
        ps.setLong(++i, visit.sessionId());
        if (visit.postId() == null) ps.setNull(++i, Types.BIGINT);
        else ps.setLong(++i, visit.postId());
        ps.setString(++i, visit.postMatch());
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER);
        else ps.setInt(i, v);
    }

    /** Drop counts of one site for days in [fromDay, toDay], as reason → count. */
    public Map<String, Long> drops(long siteId, String fromDay, String toDay) {
        return jdbi.withHandle(h -> {
            Map<String, Long> out = new java.util.TreeMap<>();
            h.createQuery("SELECT reason, SUM(count) FROM drops WHERE site_id = :s AND day >= :f AND day <= :t GROUP BY reason")
                    .bind("s", siteId).bind("f", fromDay).bind("t", toDay)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    /** A stored event row, as the export writes it. */
    public interface RowVisitor {
        void row(ResultSet rs) throws SQLException;
    }

    /** Streams a site's events with from <= ts < to (epoch ms) in time order, without loading them all. */
    public void export(long siteId, long from, long to, RowVisitor visitor) {
        jdbi.useHandle(h -> {
            // PostgreSQL streams only inside a transaction with a fetch size; SQLite streams anyway,
            // and must not: its transactions take the write lock.
            if (postgres) h.begin();
            try {
                h.createQuery("SELECT * FROM events WHERE site_id = :s AND ts >= :f AND ts < :t ORDER BY ts, id")
                        .bind("s", siteId).bind("f", from).bind("t", to)
                        .setFetchSize(1000)
                        .scanResultSet((supplier, ctx) -> {
                            ResultSet rs = supplier.get();
                            while (rs.next()) visitor.row(rs);
                            return null;
                        });
            } finally {
                if (postgres) h.rollback();
            }
        });
    }
}
