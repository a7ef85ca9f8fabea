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

    /**
     * What an event stores of its visit: the visit, and the post that brought it; and when the
     * visit started, which tells whether rollup rows already counted it.
     */
    public record Assignment(long sessionId, Long postId, String postMatch, long startedAt) {}

    private final Jdbi jdbi;
    private final Database.Dialect dialect;

    public EventStore(Database db) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
    }

    /** Inserts a batch, each event with its visit, inside the writer's transaction. */
    public void insert(Handle h, List<Event> events, List<Assignment> visits) throws SQLException {
        // Plain JDBC on the hot path: binding 30 columns by reflection cost more than the insert.
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT)) {
            for (int n = 0; n < events.size(); n++) {
                bind(ps, events.get(n), visits.get(n));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Adds drop counts, inside the writer's transaction. */
    public void addDrops(Handle h, Map<DropKey, Long> drops) {
        if (drops.isEmpty()) return;
        PreparedBatch batch = h.prepareBatch(ADD_DROPS);
        drops.forEach((k, n) -> batch.bind("site", k.siteId()).bind("day", k.day().toString())
                .bind("reason", k.reason().label()).bind("n", n).add());
        batch.execute();
    }

    /** Records a server-side conversion's idempotency key: false when the key was seen before. */
    public boolean claimConversionKey(Handle h, Event event, String idempotencyKey) {
        return h.createUpdate("""
                        INSERT INTO conversion_keys (site_id, idem_key, event_ts) VALUES (:site, :key, :ts)
                        ON CONFLICT (site_id, idem_key) DO NOTHING""")
                .bind("site", event.siteId()).bind("key", idempotencyKey).bind("ts", event.ts()).execute() > 0;
    }

    private static void bind(PreparedStatement ps, Event e, Assignment visit) throws SQLException {
        int i = 0;
        ps.setLong(++i, e.siteId());
        ps.setLong(++i, e.ts());
        ps.setString(++i, e.name());
        ps.setString(++i, e.host());
        ps.setString(++i, e.path());
        ps.setString(++i, e.title());
        ps.setString(++i, e.referrer());
        ps.setString(++i, e.referrerHost());
        i = bindSource(ps, i, e);
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
        bindPost(ps, i, visit.postId(), visit.postMatch());
    }

    /**
     * The source columns an event and the visit it starts both store, in their order (channel,
     * network, source, utm_source .. utm_term) after parameter {@code i}; returns the last bound.
     */
    static int bindSource(PreparedStatement ps, int i, Event e) throws SQLException {
        ps.setString(++i, e.channel());
        ps.setString(++i, e.network());
        ps.setString(++i, e.source());
        ps.setString(++i, e.utmSource());
        ps.setString(++i, e.utmMedium());
        ps.setString(++i, e.utmCampaign());
        ps.setString(++i, e.utmContent());
        ps.setString(++i, e.utmTerm());
        return i;
    }

    /** post_id and post_match, as events and visits both store them; returns the last parameter bound. */
    static int bindPost(PreparedStatement ps, int i, Long postId, String postMatch) throws SQLException {
        if (postId == null) ps.setNull(++i, Types.BIGINT);
        else ps.setLong(++i, postId);
        ps.setString(++i, postMatch);
        return i;
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
            boolean inTransaction = dialect.streamsOnlyInTransaction;
            if (inTransaction) h.begin();
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
                if (inTransaction) h.rollback();
            }
        });
    }
}
