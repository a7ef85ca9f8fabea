package dev.outpost.ingest;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.outpost.attribution.PostMatch;
import dev.outpost.attribution.PostMatcher;
import dev.outpost.attribution.Sessions;
import dev.outpost.attribution.VisitEntry;
import dev.outpost.domain.CandidatePost;
import dev.outpost.domain.Event;
import dev.outpost.store.EventStore.Assignment;
import dev.outpost.store.SessionStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Visits, built while events are written: each event joins its visitor's open visit (gap under
 * 30 minutes) or starts a new one, whose source is that entry event's and whose post is matched
 * once, when it starts. The state lives in the database ({@link SessionStore}), so nodes sharing
 * it agree.
 *
 * <p>A node remembers the visits it wrote last ({@link #known}), so a visitor's next event needs
 * no lookup. That memory only says "this visit was open then": an event it does not continue is
 * looked up in the database, where another node may have carried the visit on; and the counters
 * are written as additions, never as totals, so two nodes adding to one visit both count. What it
 * cannot see is another node starting a second visit for the same visitor while this one's is
 * still open, which takes both nodes missing each other's open visit at once, as two concurrent
 * transactions could without it.
 */
public final class Visits {
    /** Visits remembered: at ~250 bytes each, 100,000 (25 MB) cover minutes of a busy site's visitors. */
    private static final int KNOWN_VISITS = 100_000;

    private final SessionStore store;
    private final PostMatcher matcher;
    /** Posts by site for matching; a post added on another node is seen within the TTL. */
    private final LoadingCache<Long, List<CandidatePost>> candidates;
    private final Map<Long, Long> forcedReloads = new ConcurrentHashMap<>();
    /**
     * The visits this node committed last, by visitor: what a lookup would find, as far as this
     * node knows. The least recently used goes first. (A plain map: a Caffeine cache's upkeep on
     * every write cost the writer more than the map.)
     */
    private final Map<Key, Known> known = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Known> eldest) {
            return size() > KNOWN_VISITS;
        }
    });

    public Visits(SessionStore store, Duration inferenceWindow) {
        this.store = store;
        this.matcher = new PostMatcher(inferenceWindow);
        this.candidates = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).maximumSize(10_000)
                .build(store::candidatePosts);
    }

    /**
     * A visit as one batch sees it. The counters hold what this batch adds: for a new visit that
     * is all it has; for one already stored, the additions the update writes.
     */
    private static final class Visit {
        long id;
        final long startedAt;
        long lastSeen;
        Long postId;
        String postMatch;
        int pageviews;
        int events;
        long engagedMs;
        // the entry event, for new visits only
        Event entry;

        Visit(long id, long startedAt, long lastSeen, Long postId, String postMatch) {
            this.id = id;
            this.startedAt = startedAt;
            this.lastSeen = lastSeen;
            this.postId = postId;
            this.postMatch = postMatch;
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
        Visit visit() {
            return new Visit(id, startedAt, lastSeen, postId, postMatch);
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
        Set<Visit> added = new LinkedHashSet<>();
        List<Visit> perEvent = new ArrayList<>(events.size());
        for (Event e : events) {
            Key k = new Key(e.siteId(), e.visitorId());
            Visit v = open.get(k);
            if (v == null || !Sessions.continues(v.lastSeen, e.ts())) {
                PostMatch m = matcher.match(entryOf(e), postsFor(e));
                v = new Visit(0, e.ts(), e.ts(), m.postId(), m.rule());
                v.entry = e;
                open.put(k, v);
                created.add(v);
            }
            v.add(e);
            if (v.entry == null) added.add(v);
            perEvent.add(v);
        }
        insertNew(h, created);
        List<SessionStore.Addition> additions = new ArrayList<>(added.size());
        for (Visit v : added) additions.add(new SessionStore.Addition(v.id, v.lastSeen, v.pageviews, v.events, v.engagedMs));
        store.add(h, additions);
        List<Assignment> out = new ArrayList<>(events.size());
        for (Visit v : perEvent) out.add(new Assignment(v.id, v.postId, v.postMatch, v.startedAt));
        Map<Key, Known> latest = new HashMap<>();
        open.forEach((k, v) -> latest.put(k, v.known()));
        h.afterCommit(() -> latest.forEach(this::remember));
        return out;
    }

    private void insertNew(Handle h, List<Visit> created) throws SQLException {
        if (created.isEmpty()) return;
        long[] ids = store.newIds(h, created.size());
        List<SessionStore.NewVisit> rows = new ArrayList<>(created.size());
        for (int n = 0; n < created.size(); n++) {
            Visit v = created.get(n);
            v.id = ids[n];
            rows.add(new SessionStore.NewVisit(v.id, v.lastSeen, v.entry, v.postId, v.postMatch, v.pageviews, v.events,
                    v.engagedMs));
        }
        store.insert(h, rows);
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
        Map<Long, Set<String>> unknownBySite = new LinkedHashMap<>();
        long minTs = Long.MAX_VALUE;
        for (Event e : events) {
            Key k = new Key(e.siteId(), e.visitorId());
            if (seen.add(k)) {
                Known v = known.get(k);
                if (v != null && Sessions.continues(v.lastSeen(), e.ts())) open.put(k, v.visit());
            }
            if (!open.containsKey(k)) {
                unknownBySite.computeIfAbsent(e.siteId(), s -> new HashSet<>()).add(e.visitorId());
                minTs = Math.min(minTs, e.ts());
            }
        }
        long since = minTs - Sessions.GAP.toMillis();
        for (var site : unknownBySite.entrySet()) {
            for (SessionStore.Stored s : store.latestSince(h, site.getKey(), site.getValue(), since)) {
                Key k = new Key(site.getKey(), s.visitorId());
                Visit prev = open.get(k);
                if (prev != null && prev.lastSeen >= s.lastSeen()) continue;
                open.put(k, new Visit(s.id(), s.startedAt(), s.lastSeen(), s.postId(), s.postMatch()));
            }
        }
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
}
