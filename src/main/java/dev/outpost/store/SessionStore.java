package dev.outpost.store;

import dev.outpost.domain.CandidatePost;
import dev.outpost.domain.Event;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The sessions table (visits), written inside the event writer's transaction: which visits of some
 * visitors may still be open, new visits, and additions to stored ones. Which event joins which
 * visit is decided in {@code ingest.Visits}.
 */
public final class SessionStore {
    /** A stored visit as far as joining events to it needs. */
    public record Stored(long id, String visitorId, long startedAt, long lastSeen, Long postId, String postMatch) {}

    /** A visit to insert: its entry event (site, visitor, start, source, User-Agent) and what the batch counted. */
    public record NewVisit(long id, long lastSeen, Event entry, Long postId, String postMatch, int pageviews, int events,
                           long engagedMs) {}

    /** What a batch adds to a stored visit. */
    public record Addition(long id, long lastSeen, int pageviews, int events, long engagedMs) {}

    private final Database.Dialect dialect;
    private final Jdbi jdbi;
    private final String addToVisit;

    public SessionStore(Database db) {
        this.dialect = db.dialect();
        this.jdbi = db.jdbi();
        this.addToVisit = "UPDATE sessions SET last_seen = " + dialect.greatest("last_seen", "?")
                + ", pageviews = pageviews + ?, events = events + ?, engaged_ms = engaged_ms + ? WHERE id = ?";
    }

    /** The visits of these visitors of one site seen at or after {@code since}, latest or not. */
    public List<Stored> latestSince(Handle h, long siteId, Collection<String> visitors, long since) throws SQLException {
        List<Stored> out = new ArrayList<>();
        for (List<String> chunk : InList.chunks(visitors)) {
            String sql = "SELECT id, visitor_id, started_at, last_seen, post_id, post_match "
                    + "FROM sessions WHERE site_id = ? AND last_seen >= ? AND " + InList.in(dialect, "visitor_id", chunk.size());
            try (PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
                ps.setLong(1, siteId);
                ps.setLong(2, since);
                InList.bind(ps, 2, dialect, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long post = rs.getLong(5);
                        Long postId = rs.wasNull() ? null : post;
                        out.add(new Stored(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), postId, rs.getString(6)));
                    }
                }
            }
        }
        return out;
    }

    /** Ids for new visits, taken before the insert so one batched insert can store them all. */
    public long[] newIds(Handle h, int n) throws SQLException {
        return dialect.newIds(h, "sessions", n);
    }

    private static final String INSERT = """
            INSERT INTO sessions (id, site_id, visitor_id, started_at, last_seen, entry_path, channel, network, source,
                utm_source, utm_medium, utm_campaign, utm_content, utm_term, post_id, post_match, pageviews, events, engaged_ms,
                browser, os, device)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    public void insert(Handle h, List<NewVisit> visits) throws SQLException {
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT)) {
            for (NewVisit v : visits) {
                Event e = v.entry();
                int i = 0;
                ps.setLong(++i, v.id());
                ps.setLong(++i, e.siteId());
                ps.setString(++i, e.visitorId());
                ps.setLong(++i, e.ts());
                ps.setLong(++i, v.lastSeen());
                ps.setString(++i, e.path());
                i = EventStore.bindSource(ps, i, e);
                i = EventStore.bindPost(ps, i, v.postId(), v.postMatch());
                ps.setInt(++i, v.pageviews());
                ps.setInt(++i, v.events());
                ps.setLong(++i, v.engagedMs());
                // The entry event's User-Agent parts: reports group visits by them.
                ps.setString(++i, e.browser());
                ps.setString(++i, e.os());
                ps.setString(++i, e.device());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Adds to stored visits what the batch brought; additions, so another node's add to the same visit counts too. */
    public void add(Handle h, List<Addition> additions) throws SQLException {
        if (additions.isEmpty()) return;
        try (PreparedStatement ps = h.getConnection().prepareStatement(addToVisit)) {
            for (Addition a : additions) {
                ps.setLong(1, a.lastSeen());
                ps.setInt(2, a.pageviews());
                ps.setInt(3, a.events());
                ps.setLong(4, a.engagedMs());
                ps.setLong(5, a.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A site's posts with their landing paths, as the post matcher takes them; read outside the writer's transaction. */
    public List<CandidatePost> candidatePosts(long siteId) {
        return jdbi.withHandle(h -> candidatePosts(h, siteId));
    }

    private static List<CandidatePost> candidatePosts(Handle h, long siteId) {
        Map<Long, Set<String>> paths = new HashMap<>();
        h.createQuery("SELECT t.post_id, t.path FROM post_targets t JOIN posts p ON p.id = t.post_id WHERE p.site_id = :s")
                .bind("s", siteId)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .forEach(e -> paths.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
        return h.createQuery("SELECT id, slug, network, network_post_id, url, published_at FROM posts WHERE site_id = :s")
                .bind("s", siteId)
                .map((rs, ctx) -> new CandidatePost(rs.getLong("id"), rs.getString("slug"), rs.getString("network"),
                        rs.getString("network_post_id"), rs.getString("url"),
                        Set.copyOf(paths.getOrDefault(rs.getLong("id"), Set.of())), rs.getLong("published_at")))
                .list();
    }
}
