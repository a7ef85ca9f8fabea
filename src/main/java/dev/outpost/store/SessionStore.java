package dev.outpost.store;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.outpost.attribution.PostMatch;
import dev.outpost.attribution.PostMatcher;
import dev.outpost.attribution.Sessions;
import dev.outpost.attribution.VisitEntry;
import dev.outpost.domain.CandidatePost;
import dev.outpost.domain.Event;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Visits (sessions), kept while events are written: each event joins its visitor's open visit
 * (gap under 30 minutes) or starts a new one, whose source is that entry event's and whose post
 * is matched once, when it starts. The state lives in the database, so nodes sharing it agree.
 *
 * <p>A node remembers the visits it wrote last ({@link #known}), so a visitor's next event needs
 * no lookup. That memory only says "this visit was open then": an event it does not continue is
 * looked up in the database, where another node may have carried the visit on; and the counters
 * are written as additions, never as totals, so two nodes adding to one visit both count. What it
 * cannot see is another node starting a second visit for the same visitor while this one's is
 * still open, which takes both nodes missing each other's open visit at once, as two concurrent
 * transactions could without it.
 */
public final class SessionStore {
    /**
     * What the writer stores on each event: its visit, and the post that brought the visit; and
     * when the visit started, which tells whether rollup rows already counted it.
     */
    public record Assignment(long sessionId, Long postId, String postMatch, long startedAt) {}

    /** Visits remembered: at ~250 bytes each, 100,000 (25 MB) cover minutes of a busy site's visitors. */
    private static final int KNOWN_VISITS = 100_000;

    private final Database.Dialect dialect;
    private final PostMatcher matcher;
    /** Posts by site for matching; a post added on another node is seen within the TTL. */
    private final LoadingCache<Long, List<CandidatePost>> candidates;
    private final Map<Long, Long> forcedReloads = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The visits this node committed last, by visitor: what a lookup would find, as far as this
     * node knows. The least recently used goes first. (A plain map: a Caffeine cache's upkeep on
     * every write cost the writer more than the map; figures in BENCHMARKS.md.)
     */
    private final Map<Key, Known> known = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Known> eldest) {
            return size() > KNOWN_VISITS;
        }
    });
    private final String addToVisit;

    public SessionStore(Database db, Duration inferenceWindow) {
        this.dialect = db.dialect();
        this.addToVisit = "UPDATE sessions SET last_seen = " + (dialect == Database.Dialect.POSTGRES ? "GREATEST" : "MAX")
                + "(last_seen, ?), pageviews = pageviews + ?, events = events + ?, engaged_ms = engaged_ms + ? WHERE id = ?";
        this.matcher = new PostMatcher(inferenceWindow);
        Jdbi jdbi = db.jdbi();
        this.candidates = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).maximumSize(10_000)
                .build(siteId -> jdbi.withHandle(h -> loadCandidates(h, siteId)));
    }

    /**
     * A visit as one batch sees it. The counters hold what this batch adds: for a new visit that
     * is all it has; for one already stored, the additions the update writes.
     */
    private static final class Visit {
        long id;
        final long siteId;
        final String visitorId;
        final long startedAt;
        long lastSeen;
        Long postId;
        String postMatch;
        int pageviews;
        int events;
        long engagedMs;
        // the entry event, for new visits only
        Event entry;

        Visit(long id, long siteId, String visitorId, long startedAt, long lastSeen) {
            this.id = id;
            this.siteId = siteId;
            this.visitorId = visitorId;
            this.startedAt = startedAt;
            this.lastSeen = lastSeen;
        }

        void add(Event e) {
            lastSeen = Math.max(lastSeen, e.ts());
            events++;
            if ("pageview".equals(e.name())) pageviews++;
            if (e.engagedMs() != null) engagedMs += e.engagedMs();
        }

        Known known() {
            return new Known(id, startedAt, lastSeen, postId, postMatch);
        }
    }

    private record Key(long siteId, String visitorId) {}

    /** What a visit keeps from its start (and when it was last seen, as far as this node knows). */
    private record Known(long id, long startedAt, long lastSeen, Long postId, String postMatch) {
        Visit visit(Key k) {
            Visit v = new Visit(id, k.siteId(), k.visitorId(), startedAt, lastSeen);
            v.postId = postId;
            v.postMatch = postMatch;
            return v;
        }
    }

    /**
     * Assigns every event of a batch to a visit, inside the writer's transaction; the visits are
     * remembered once it commits.
     */
    public List<Assignment> assign(Handle h, List<Event> events) throws SQLException {
        Map<Key, Visit> open = openVisits(h, events);
        List<Visit> created = new ArrayList<>();
        // Every stored visit the batch added to: one that a later event of the batch closed (a new
        // one replaced it in `open`) still needs its additions written.
        Set<Visit> added = new java.util.LinkedHashSet<>();
        List<Visit> perEvent = new ArrayList<>(events.size());
        for (Event e : events) {
            Key k = new Key(e.siteId(), e.visitorId());
            Visit v = open.get(k);
            if (v == null || !Sessions.continues(v.lastSeen, e.ts())) {
                v = new Visit(0, e.siteId(), e.visitorId(), e.ts(), e.ts());
                v.entry = e;
                PostMatch m = matcher.match(entryOf(e), postsFor(e));
                v.postId = m.postId();
                v.postMatch = m.rule();
                open.put(k, v);
                created.add(v);
            }
            v.add(e);
            if (v.entry == null) added.add(v);
            perEvent.add(v);
        }
        insertNew(h, created);
        addToStored(h, added);
        List<Assignment> out = new ArrayList<>(events.size());
        for (Visit v : perEvent) out.add(new Assignment(v.id, v.postId, v.postMatch, v.startedAt));
        Map<Key, Known> latest = new HashMap<>();
        open.forEach((k, v) -> latest.put(k, v.known()));
        h.afterCommit(() -> latest.forEach(this::remember));
        return out;
    }

    /** Keeps the later of two visits of one visitor, as a lookup (latest last_seen) would find it. */
    private void remember(Key k, Known visit) {
        known.merge(k, visit, (was, now) -> now.lastSeen() >= was.lastSeen() ? now : was);
    }

    /**
     * The latest visit of each visitor in the batch that may still be open: the one this node
     * remembers when the visitor's first event of the batch continues it, else the database's.
     */
    private Map<Key, Visit> openVisits(Handle h, List<Event> events) throws SQLException {
        Map<Key, Visit> open = new HashMap<>();
        Set<Key> seen = new HashSet<>();
        List<Event> unknown = new ArrayList<>();
        for (Event e : events) {
            Key k = new Key(e.siteId(), e.visitorId());
            if (seen.add(k)) {
                Known v = known.get(k);
                if (v != null && Sessions.continues(v.lastSeen(), e.ts())) open.put(k, v.visit(k));
            }
            if (!open.containsKey(k)) unknown.add(e);
        }
        if (!unknown.isEmpty()) open.putAll(loadOpen(h, unknown));
        return open;
    }

    /**
     * The site's posts; reloaded at once when a tracked link names a slug we have not seen, so a
     * link shared the minute its post was added (on any node) is matched.
     */
    private List<CandidatePost> postsFor(Event e) {
        List<CandidatePost> posts = candidates.get(e.siteId());
        if (e.trackedSlug() != null && posts.stream().noneMatch(p -> p.slug().equalsIgnoreCase(e.trackedSlug()))) {
            // At most once a second per site, so made-up slugs cannot turn every beacon into a reload.
            long now = System.nanoTime();
            Long last = forcedReloads.get(e.siteId());
            if (last == null || now - last > 1_000_000_000L) {
                forcedReloads.put(e.siteId(), now);
                candidates.invalidate(e.siteId());
                posts = candidates.get(e.siteId());
            }
        }
        return posts;
    }

    private static VisitEntry entryOf(Event e) {
        Map<String, String> params = new HashMap<>();
        if (e.trackedSlug() != null) params.put(PostMatcher.TRACKED_PARAM, e.trackedSlug());
        if (e.utmContent() != null) params.put("utm_content", e.utmContent());
        if (e.utmId() != null) params.put("utm_id", e.utmId());
        String path = e.path();
        int cut = indexOfAny(path, "?#");
        if (cut >= 0) path = path.substring(0, cut);
        return new VisitEntry(e.ts(), e.network(), path, params, e.referrer());
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
    }

    /** The latest stored visit of each of these events' visitors that may still be open. */
    private Map<Key, Visit> loadOpen(Handle h, List<Event> events) throws SQLException {
        Map<Long, Set<String>> visitorsBySite = new LinkedHashMap<>();
        long minTs = Long.MAX_VALUE;
        for (Event e : events) {
            visitorsBySite.computeIfAbsent(e.siteId(), k -> new HashSet<>()).add(e.visitorId());
            minTs = Math.min(minTs, e.ts());
        }
        long since = minTs - Sessions.GAP.toMillis();
        Map<Key, Visit> open = new HashMap<>();
        for (var entry : visitorsBySite.entrySet()) {
            for (List<String> chunk : InList.chunks(entry.getValue())) {
                String sql = "SELECT id, visitor_id, started_at, last_seen, post_id, post_match "
                        + "FROM sessions WHERE site_id = ? AND last_seen >= ? AND " + InList.in(dialect, "visitor_id", chunk.size());
                try (PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
                    ps.setLong(1, entry.getKey());
                    ps.setLong(2, since);
                    InList.bind(ps, 2, dialect, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Key k = new Key(entry.getKey(), rs.getString(2));
                            Visit prev = open.get(k);
                            if (prev != null && prev.lastSeen >= rs.getLong(4)) continue;
                            Visit v = new Visit(rs.getLong(1), entry.getKey(), k.visitorId(), rs.getLong(3), rs.getLong(4));
                            long post = rs.getLong(5);
                            v.postId = rs.wasNull() ? null : post;
                            v.postMatch = rs.getString(6);
                            open.put(k, v);
                        }
                    }
                }
            }
        }
        return open;
    }

    private static final String INSERT = """
            INSERT INTO sessions (id, site_id, visitor_id, started_at, last_seen, entry_path, channel, network, source,
                utm_source, utm_medium, utm_campaign, utm_content, utm_term, post_id, post_match, pageviews, events, engaged_ms,
                browser, os, device)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private void insertNew(Handle h, List<Visit> created) throws SQLException {
        if (created.isEmpty()) return;
        long[] ids = newIds(h, created.size());
        try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT)) {
            for (int n = 0; n < created.size(); n++) {
                Visit v = created.get(n);
                v.id = ids[n];
                Event e = v.entry;
                int i = 0;
                ps.setLong(++i, v.id);
                ps.setLong(++i, v.siteId);
                ps.setString(++i, v.visitorId);
                ps.setLong(++i, v.startedAt);
                ps.setLong(++i, v.lastSeen);
                ps.setString(++i, e.path());
                ps.setString(++i, e.channel());
                ps.setString(++i, e.network());
                ps.setString(++i, e.source());
                ps.setString(++i, e.utmSource());
                ps.setString(++i, e.utmMedium());
                ps.setString(++i, e.utmCampaign());
                ps.setString(++i, e.utmContent());
                ps.setString(++i, e.utmTerm());
                if (v.postId == null) ps.setNull(++i, Types.BIGINT);
                else ps.setLong(++i, v.postId);
                ps.setString(++i, v.postMatch);
                ps.setInt(++i, v.pageviews);
                ps.setInt(++i, v.events);
                ps.setLong(++i, v.engagedMs);
                // The entry event's User-Agent parts: reports group visits by them.
                ps.setString(++i, e.browser());
                ps.setString(++i, e.os());
                ps.setString(++i, e.device());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Ids for new visits, taken before the insert so one batched insert can store them all.
     * PostgreSQL hands them out from the identity sequence; SQLite has one writer at a time,
     * inside this transaction, so the next ids after the largest are ours.
     */
    private long[] newIds(Handle h, int n) throws SQLException {
        long[] ids = new long[n];
        if (dialect == Database.Dialect.POSTGRES) {
            try (PreparedStatement ps = h.getConnection().prepareStatement(
                    "SELECT nextval(pg_get_serial_sequence('sessions', 'id')) FROM generate_series(1, ?)")) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    for (int i = 0; rs.next(); i++) ids[i] = rs.getLong(1);
                }
            }
        } else {
            long max;
            try (PreparedStatement ps = h.getConnection().prepareStatement("SELECT COALESCE(MAX(id), 0) FROM sessions");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                max = rs.getLong(1);
            }
            for (int i = 0; i < n; i++) ids[i] = max + 1 + i;
        }
        return ids;
    }

    /** Adds to stored visits what the batch brought; additions, so another node's add to the same visit counts too. */
    private void addToStored(Handle h, Iterable<Visit> visits) throws SQLException {
        try (PreparedStatement ps = h.getConnection().prepareStatement(addToVisit)) {
            boolean any = false;
            for (Visit v : visits) {
                ps.setLong(1, v.lastSeen);
                ps.setInt(2, v.pageviews);
                ps.setInt(3, v.events);
                ps.setLong(4, v.engagedMs);
                ps.setLong(5, v.id);
                ps.addBatch();
                any = true;
            }
            if (any) ps.executeBatch();
        }
    }

    private static List<CandidatePost> loadCandidates(Handle h, long siteId) {
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
