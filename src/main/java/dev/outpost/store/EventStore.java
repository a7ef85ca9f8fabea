package dev.outpost.store;

import dev.outpost.ingest.Event;
import dev.outpost.ingest.EventWriter.DropKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The events table: batched inserts from the writer, and the export stream. */
public final class EventStore {
    private static final String INSERT = """
            INSERT INTO events (site_id, ts, name, host, path, title, referrer, referrer_host, channel, network, source,
                utm_source, utm_medium, utm_campaign, utm_content, utm_term, click_id, browser, os, device, screen_width,
                visitor_id, props, revenue_micros, revenue_currency, engaged_ms, scroll_depth)
            VALUES (:siteId, :ts, :name, :host, :path, :title, :referrer, :referrerHost, :channel, :network, :source,
                :utmSource, :utmMedium, :utmCampaign, :utmContent, :utmTerm, :clickId, :browser, :os, :device, :screenWidth,
                :visitorId, :propsJson, :revenueMicros, :revenueCurrency, :engagedMs, :scrollDepth)
            """;

    private static final String ADD_DROPS = """
            INSERT INTO drops (site_id, day, reason, count) VALUES (:site, :day, :reason, :n)
            ON CONFLICT (site_id, day, reason) DO UPDATE SET count = drops.count + excluded.count
            """;

    private final Jdbi jdbi;

    public EventStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** One transaction for a whole batch: all of it is stored, or none and the writer retries. */
    public void insert(List<Event> events, Map<DropKey, Long> drops) {
        jdbi.useTransaction(h -> {
            if (!events.isEmpty()) {
                PreparedBatch batch = h.prepareBatch(INSERT);
                for (Event e : events) batch.bindMethods(e).add();
                batch.execute();
            }
            if (!drops.isEmpty()) {
                PreparedBatch batch = h.prepareBatch(ADD_DROPS);
                drops.forEach((k, n) -> batch.bind("site", k.siteId()).bind("day", k.day().toString())
                        .bind("reason", k.reason().label()).bind("n", n).add());
                batch.execute();
            }
        });
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
            // PostgreSQL streams only inside a transaction with a fetch size; SQLite streams anyway.
            h.begin();
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
                h.rollback();
            }
        });
    }
}
