package dev.outpost.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The reads of the query API. Reports are summed in SQL ({@link #aggregate}): visits grouped by
 * their attributes, pageviews by page, time buckets in the site's zone; the other reads fetch
 * single visits (conversion touches, the rollups' newest visits and their history).
 *
 * <p>Filters arrive as {@link Condition}s over a fixed set of column keys; the SQL text is built
 * only from {@link #COLUMNS}, fixed words and numbers this class computes; every value is bound.
 */
public final class QueryStore {
    /** The operators SQL evaluates; regex matching is left to the caller so both databases agree. */
    public enum Op { IS, IS_NOT, CONTAINS }

    /**
     * One filter on a visit attribute (or, with column {@code "page"}, on a pageview's path).
     * {@code column} is a key of {@link #COLUMNS}; a null among {@code values} stands for "the visit
     * has no value" (e.g. no network).
     */
    public record Condition(String column, Op op, List<String> values) {
        public Condition {
            if (!COLUMNS.containsKey(column) && !column.equals(PAGE)) throw new IllegalArgumentException("not a query column: " + column);
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
            if (values.isEmpty()) throw new IllegalArgumentException("a condition needs at least one value");
            if (op == Op.CONTAINS && values.contains(null)) throw new IllegalArgumentException("contains needs text");
        }
    }

    /** The column key of a pageview's path. */
    public static final String PAGE = "page";

    /** Each visit column key and the only SQL text it becomes, in the order {@link VisitRow#values} holds them. */
    static final Map<String, String> COLUMNS = ordered(
            Map.entry("channel", "s.channel"),
            Map.entry("network", "s.network"),
            Map.entry("source", "s.source"),
            Map.entry("utm_source", "s.utm_source"),
            Map.entry("utm_medium", "s.utm_medium"),
            Map.entry("utm_campaign", "s.utm_campaign"),
            Map.entry("utm_content", "s.utm_content"),
            Map.entry("utm_term", "s.utm_term"),
            // As text, so that every operator compares the same way as the id the report shows.
            Map.entry("post", "CAST(s.post_id AS TEXT)"),
            Map.entry("post_match", "s.post_match"),
            Map.entry("entry_page", "s.entry_path"),
            // The entry event's, copied onto the visit when it starts.
            Map.entry("browser", "s.browser"),
            Map.entry("os", "s.os"),
            Map.entry("device", "s.device"));

    /** Every visit column key a caller may name, in the order {@link VisitRow#values} holds them. */
    public static final List<String> VISIT_COLUMNS = List.copyOf(COLUMNS.keySet());

    @SafeVarargs
    private static Map<String, String> ordered(Map.Entry<String, String>... entries) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries) m.put(e.getKey(), e.getValue());
        return java.util.Collections.unmodifiableMap(m);
    }

    /** How a missing value is shown; grouping maps NULL to it so "(none)" and NULL are one row, as reports show them. */
    public static final String NONE = "(none)";

    /** A visit that bounced: at most one pageview and under this much engaged time. */
    public static final long BOUNCE_ENGAGED_MS = 10_000;

    /** A visit (with at least one pageview) with every attribute reports group by. */
    public record VisitRow(long id, String visitorId, long startedAt, long lastSeen, int pageviews, long engagedMs,
                           String[] values) {
        /** The attribute behind a key of {@link #VISIT_COLUMNS}, as text; null when the visit has none. */
        public String get(String column) {
            int i = VISIT_COLUMNS.indexOf(column);
            if (i < 0) throw new IllegalArgumentException("not a query column: " + column);
            return values[i];
        }

        public boolean bounced() {
            return pageviews <= 1 && engagedMs < BOUNCE_ENGAGED_MS;
        }
    }

    /** A pageview event of a visit. */
    public record PageviewRow(long sessionId, long ts, String path) {}

    /**
     * A grouping key of {@link #aggregate}: a visit column, the page ({@link #PAGE}), or a time
     * bucket. A time bucket is a number per piece of the range: the range is cut where the site's
     * UTC offset changes (and at month starts for months), so inside a piece the bucket is plain
     * arithmetic: {@code (ts + offset) / unit}, plus {@code shift} then {@code / 7} for weeks, or a
     * constant per piece for months.
     */
    public record Key(String column, TimeBuckets time) {
        public static Key column(String column) {
            if (!COLUMNS.containsKey(column) && !column.equals(PAGE)) throw new IllegalArgumentException("not a query column: " + column);
            return new Key(column, null);
        }

        public static Key time(TimeBuckets t) {
            return new Key(null, t);
        }
    }

    /**
     * Time buckets as SQL arithmetic. {@code starts[i]} is where piece i begins (epoch ms; piece 0
     * begins at the range start), {@code offsets[i]} its UTC offset in ms; {@code constants[i]},
     * when set, is the bucket of the whole piece.
     */
    public record TimeBuckets(long unit, boolean week, long[] starts, long[] offsets, long[] constants) {}

    /** One group of {@link #aggregate}: its key texts (NULL shown as {@link #NONE}, buckets as numbers) and sums. */
    public record Group(List<String> key, long visitors, long visits, long pageviews, long bounces, long engagedMs) {}

    private final Jdbi jdbi;
    private final Database.Dialect dialect;
    private final QuerySql querySql;

    public QueryStore(Database db) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
        this.querySql = new QuerySql(dialect);
    }

    public Database.Dialect dialect() {
        return dialect;
    }

    /**
     * Visits of a site that started in [from, to) (epoch ms), had a pageview and meet every visit
     * condition, summed by {@code keys}. Each page condition must hold for one pageview: without
     * {@code byPage} a visit is kept when one of its pageviews in [pageFrom, to) passes them all,
     * and its pageviews are those passing in [from, to); with {@code byPage} the groups are of the
     * passing pageviews in [from, to) (a page key is their path, time keys their time), counting
     * each visit once per group.
     */
    public List<Group> aggregate(long siteId, long from, long to, List<Key> keys, List<Condition> visitConditions,
                                 List<Condition> pageConditions, boolean byPage, long pageFrom) {
        List<Object[]> binds = new ArrayList<>();
        String text = querySql.aggregate(from, to, keys, visitConditions, pageConditions, byPage, pageFrom, binds);
        int width = keys.size();
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(text).bind("site", siteId);
            for (Object[] b : binds) q.bind((String) b[0], (String) b[1]);
            return q.map((rs, ctx) -> {
                List<String> key = new ArrayList<>(width);
                for (int i = 1; i <= width; i++) key.add(rs.getString(i));
                return new Group(key, rs.getLong(width + 1), rs.getLong(width + 2), rs.getLong(width + 3),
                        rs.getLong(width + 4), rs.getLong(width + 5));
            }).list();
        }).stream().filter(g -> g.visits() > 0).toList(); // an aggregate without groups answers one empty row
    }

    /**
     * The visits with a pageview in [from, to) that passes every page condition (all of them on the
     * same pageview, as in {@link #aggregate}). The pageviews' path index answers it.
     */
    public Set<Long> visitsWithPage(long siteId, List<Condition> pageConditions, long from, long to) {
        List<Object[]> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT DISTINCT e.session_id FROM events e WHERE e.site_id = :site"
                + " AND e.name = 'pageview' AND e.session_id IS NOT NULL AND e.ts >= :from AND e.ts < :to");
        for (int c = 0; c < pageConditions.size(); c++) sql.append(" AND ").append(querySql.where(pageConditions.get(c), "p" + c + "_", binds));
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("site", siteId).bind("from", from).bind("to", to);
            for (Object[] b : binds) q.bind((String) b[0], (String) b[1]);
            return q.mapTo(Long.class).collect(java.util.stream.Collectors.toSet());
        });
    }

    /**
     * The distinct values a visit column (or, for {@link #PAGE}, a pageview path) takes in [from,
     * to), NULL included: a regex filter is decided on these in Java and sent back as an IN list.
     */
    public List<String> distinctValues(long siteId, long from, long to, String column) {
        String sql = column.equals(PAGE)
                ? "SELECT DISTINCT path FROM events WHERE site_id = :site AND ts >= :from AND ts < :to AND name = 'pageview'"
                : "SELECT DISTINCT " + Objects.requireNonNull(COLUMNS.get(column), column)
                + " FROM sessions s WHERE s.site_id = :site AND s.started_at >= :from AND s.started_at < :to AND s.pageviews > 0";
        return jdbi.withHandle(h -> h.createQuery(sql).bind("site", siteId).bind("from", from).bind("to", to)
                .map((rs, ctx) -> rs.getString(1)).list());
    }

    private static final String VISIT_SELECT = "SELECT s.id, s.visitor_id, s.started_at, s.last_seen, s.pageviews, s.engaged_ms, "
            + String.join(", ", VISIT_COLUMNS.stream().map(COLUMNS::get).toList()) + " FROM sessions s ";

    /** Visits (with a pageview) of a site that started in [from, to), in start order. */
    public List<VisitRow> visitsStarted(long siteId, long from, long to) {
        return jdbi.withHandle(h -> h.createQuery(VISIT_SELECT
                        + "WHERE s.site_id = :site AND s.started_at >= :from AND s.started_at < :to AND s.pageviews > 0 ORDER BY s.started_at, s.id")
                .bind("site", siteId).bind("from", from).bind("to", to)
                .map((rs, ctx) -> visitRow(rs)).list());
    }

    /** Visits (with a pageview) of a site that started in [from, to) and meet {@code condition}, in no particular order. */
    public List<VisitRow> visitsStarted(long siteId, long from, long to, Condition condition) {
        List<Object[]> binds = new ArrayList<>();
        String where = querySql.where(condition, "c_", binds);
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(VISIT_SELECT + "WHERE s.site_id = :site AND s.started_at >= :from AND s.started_at < :to"
                    + " AND s.pageviews > 0 AND " + where).bind("site", siteId).bind("from", from).bind("to", to);
            for (Object[] b : binds) q.bind((String) b[0], (String) b[1]);
            return q.map((rs, ctx) -> visitRow(rs)).list();
        });
    }

    /** The visits (with a pageview) of a site with these ids, in no particular order. */
    public List<VisitRow> visitsById(long siteId, Collection<Long> ids) {
        List<VisitRow> out = new ArrayList<>();
        jdbi.useHandle(h -> {
            for (List<Long> chunk : InList.chunks(ids)) {
                h.createQuery(VISIT_SELECT + "WHERE s.site_id = :site AND s.id IN (<ids>) AND s.pageviews > 0")
                        .bind("site", siteId).bindList("ids", chunk)
                        .map((rs, ctx) -> visitRow(rs)).forEach(out::add);
            }
        });
        return out;
    }

    /** Visits (with a pageview) of these visitors that started in [from, to), in start order. */
    public List<VisitRow> visitsOf(long siteId, Collection<String> visitors, long from, long to) {
        if (visitors.isEmpty()) return List.of();
        List<VisitRow> out = new ArrayList<>();
        try {
            readVisitsOf(siteId, visitors, from, to, out);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading visits failed: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(VisitRow::startedAt).thenComparingLong(VisitRow::id));
        return out;
    }

    private void readVisitsOf(long siteId, Collection<String> visitors, long from, long to, List<VisitRow> out)
            throws java.sql.SQLException {
        jdbi.<java.sql.SQLException>useHandle(h -> {
            for (List<String> chunk : InList.chunks(visitors)) {
                // Plain JDBC: a list of any length through Jdbi's SQL parser cost a millisecond a
                // call. "+s.started_at" keeps SQLite on the (site, visitor) index: without
                // statistics it took the (site, start) index and read the whole period.
                String in = InList.in(dialect, "s.visitor_id", chunk.size());
                try (java.sql.PreparedStatement ps = h.getConnection().prepareStatement(VISIT_SELECT + "WHERE s.site_id = ? AND " + in
                        + " AND +s.started_at >= ? AND +s.started_at < ? AND s.pageviews > 0")) {
                    int p = 0;
                    ps.setLong(++p, siteId);
                    p = InList.bind(ps, p, dialect, chunk);
                    ps.setLong(++p, from);
                    ps.setLong(++p, to);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(visitRow(rs));
                    }
                }
            }
        });
    }

    private static VisitRow visitRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        String[] values = new String[VISIT_COLUMNS.size()];
        for (int i = 0; i < values.length; i++) values[i] = rs.getString(7 + i);
        return new VisitRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5), rs.getLong(6), values);
    }

    /**
     * The pageviews of these visits, by visit (in no particular order). They are looked up by time (events are indexed by
     * site and time, not by visit): from {@code slack} ms before each visit's start to its last
     * event. A pageview stamped earlier still (clocks of two nodes, say) is not found; callers
     * compare the count with the visit's pageviews.
     */
    public Map<Long, List<PageviewRow>> pageviewsOf(long siteId, Collection<VisitRow> visits, long slack) {
        Map<Long, List<PageviewRow>> out = new HashMap<>();
        if (visits.isEmpty()) return out;
        List<VisitRow> sorted = new ArrayList<>(visits);
        sorted.sort(Comparator.comparingLong(VisitRow::startedAt));
        // Overlapping windows are read once: visits of one day make one window.
        List<long[]> windows = new ArrayList<>();
        for (VisitRow v : sorted) {
            long a = v.startedAt() - slack, b = Math.max(v.lastSeen(), v.startedAt()) + 1;
            long[] last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
            if (last != null && a <= last[1]) last[1] = Math.max(last[1], b);
            else windows.add(new long[] {a, b});
        }
        Set<Long> wanted = new java.util.HashSet<>();
        for (VisitRow v : visits) wanted.add(v.id());
        jdbi.useHandle(h -> {
            // One statement for many windows (each preparing costs more than its reading).
            for (int i = 0; i < windows.size(); i += 100) {
                List<long[]> part = windows.subList(i, Math.min(windows.size(), i + 100));
                // Each window names the site itself and there is no ORDER BY: so SQLite reads the
                // windows through the (site, ts) index one by one instead of all the site's events.
                StringBuilder sql = new StringBuilder("SELECT session_id, ts, path FROM events WHERE name = 'pageview'"
                        + " AND session_id IS NOT NULL AND (");
                for (int w = 0; w < part.size(); w++) {
                    sql.append(w == 0 ? "" : " OR ").append("(site_id = :site AND ts >= ").append(part.get(w)[0])
                            .append(" AND ts < ").append(part.get(w)[1]).append(")");
                }
                h.createQuery(sql.append(")").toString()).bind("site", siteId)
                        .map((rs, ctx) -> new PageviewRow(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                        .forEach(p -> {
                            if (wanted.contains(p.sessionId())) out.computeIfAbsent(p.sessionId(), k -> new ArrayList<>()).add(p);
                        });
            }
        });
        return out;
    }

    /**
     * The earliest start among visits that may still go on at {@code now}: started since
     * {@code since}, with an event after {@code openAfter}. Null when there is none.
     */
    public Long earliestOpenVisit(long siteId, long since, long openAfter) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT MIN(started_at) FROM sessions WHERE site_id = :site AND started_at >= :since AND last_seen >= :open""")
                .bind("site", siteId).bind("since", since).bind("open", openAfter)
                .map((rs, ctx) -> {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }).one());
    }

    /** The start of the site's first visit with a pageview; null when it has none. */
    public Long firstVisit(long siteId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT MIN(started_at) FROM sessions WHERE site_id = :site AND pageviews > 0")
                .bind("site", siteId)
                .map((rs, ctx) -> {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }).one());
    }
}
