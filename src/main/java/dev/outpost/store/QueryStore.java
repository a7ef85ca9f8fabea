package dev.outpost.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The reads of the JSON query API: visits with every attribute a report groups or filters by, and
 * the pageviews inside them. Filters arrive as {@link Condition}s over a fixed set of column keys;
 * the SQL text is built only from {@link #COLUMNS} and fixed words, every value is bound.
 */
public final class QueryStore {
    /** The operators SQL evaluates; regex matching is left to the caller so both databases agree. */
    public enum Op { IS, IS_NOT, CONTAINS }

    /**
     * One filter on a visit attribute. {@code column} is a key of {@link #COLUMNS}; a null among
     * {@code values} stands for "the visit has no value" (e.g. no network).
     */
    public record Condition(String column, Op op, List<String> values) {
        public Condition {
            if (!COLUMNS.containsKey(column)) throw new IllegalArgumentException("not a query column: " + column);
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
            if (values.isEmpty()) throw new IllegalArgumentException("a condition needs at least one value");
            if (op == Op.CONTAINS && values.contains(null)) throw new IllegalArgumentException("contains needs text");
        }
    }

    /** A visit (with at least one pageview) and its entry event's browser, OS and device. */
    public record VisitRow(long id, String visitorId, long startedAt, String entryPage, String channel, String network,
                           String source, String utmSource, String utmMedium, String utmCampaign, String utmContent,
                           String utmTerm, Long postId, String postMatch, int pageviews, long engagedMs,
                           String browser, String os, String device) {
        /** The attribute behind a key of {@link #COLUMNS}, as text; null when the visit has none. */
        public String get(String column) {
            return switch (column) {
                case "channel" -> channel;
                case "network" -> network;
                case "source" -> source;
                case "utm_source" -> utmSource;
                case "utm_medium" -> utmMedium;
                case "utm_campaign" -> utmCampaign;
                case "utm_content" -> utmContent;
                case "utm_term" -> utmTerm;
                case "post" -> postId == null ? null : postId.toString();
                case "post_match" -> postMatch;
                case "entry_page" -> entryPage;
                case "browser" -> browser;
                case "os" -> os;
                case "device" -> device;
                default -> throw new IllegalArgumentException("not a query column: " + column);
            };
        }
    }

    /** A pageview event of a visit. */
    public record PageviewRow(long sessionId, long ts, String path) {}

    /**
     * The entry event's attribute: sessions do not store the User-Agent's parts, so read them from
     * the visit's first event. The event's ts equals the visit's start, which lets the lookup use
     * the (site_id, ts) index instead of scanning for the session id.
     */
    private static String entry(String column) {
        return "(SELECT e." + column + " FROM events e WHERE e.site_id = s.site_id AND e.ts = s.started_at"
                + " AND e.session_id = s.id ORDER BY e.id LIMIT 1)";
    }

    /** Every column key a caller may name, and the only SQL text it becomes. */
    static final Map<String, String> COLUMNS = Map.ofEntries(
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
            Map.entry("browser", entry("browser")),
            Map.entry("os", entry("os")),
            Map.entry("device", entry("device")));

    private static final int IN_CHUNK = 500;

    private final Jdbi jdbi;
    private final Database.Dialect dialect;

    public QueryStore(Database db) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
    }

    /**
     * Visits of a site that started in [from, to) (epoch ms), had a pageview and meet every
     * condition; only those of {@code visitors} when that is not null. In start order.
     */
    public List<VisitRow> visits(long siteId, long from, long to, List<Condition> conditions, Collection<String> visitors) {
        if (visitors == null) return visitsChunk(siteId, from, to, conditions, null);
        List<String> all = new ArrayList<>(visitors);
        List<VisitRow> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.addAll(visitsChunk(siteId, from, to, conditions, all.subList(i, Math.min(all.size(), i + IN_CHUNK))));
        }
        out.sort(java.util.Comparator.comparingLong(VisitRow::startedAt).thenComparingLong(VisitRow::id));
        return out;
    }

    private List<VisitRow> visitsChunk(long siteId, long from, long to, List<Condition> conditions, List<String> visitors) {
        if (visitors != null && visitors.isEmpty()) return List.of();
        StringBuilder sql = new StringBuilder("""
                SELECT s.id, s.visitor_id, s.started_at, s.entry_path, s.channel, s.network, s.source, s.utm_source,
                       s.utm_medium, s.utm_campaign, s.utm_content, s.utm_term, s.post_id, s.post_match, s.pageviews,
                       s.engaged_ms,\s""");
        sql.append(COLUMNS.get("browser")).append(" AS browser, ")
                .append(COLUMNS.get("os")).append(" AS os, ")
                .append(COLUMNS.get("device")).append(" AS device")
                .append(" FROM sessions s WHERE s.site_id = :site AND s.started_at >= :from AND s.started_at < :to")
                .append(" AND s.pageviews > 0");
        if (visitors != null) sql.append(" AND s.visitor_id IN (<visitors>)");
        List<Object[]> binds = new ArrayList<>(); // {name, value}
        for (int c = 0; c < conditions.size(); c++) {
            sql.append(" AND ").append(where(conditions.get(c), "c" + c + "_", binds));
        }
        sql.append(" ORDER BY s.started_at, s.id");
        return jdbi.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("site", siteId).bind("from", from).bind("to", to);
            if (visitors != null) q.bindList("visitors", visitors);
            for (Object[] b : binds) q.bind((String) b[0], (String) b[1]);
            return q.map((rs, ctx) -> {
                long post = rs.getLong("post_id");
                Long postId = rs.wasNull() ? null : post;
                return new VisitRow(rs.getLong("id"), rs.getString("visitor_id"), rs.getLong("started_at"),
                        rs.getString("entry_path"), rs.getString("channel"), rs.getString("network"),
                        rs.getString("source"), rs.getString("utm_source"), rs.getString("utm_medium"),
                        rs.getString("utm_campaign"), rs.getString("utm_content"), rs.getString("utm_term"),
                        postId, rs.getString("post_match"), rs.getInt("pageviews"), rs.getLong("engaged_ms"),
                        rs.getString("browser"), rs.getString("os"), rs.getString("device"));
            }).list();
        });
    }

    /** One condition as SQL over a whitelisted column, its values added to {@code binds}. */
    private String where(Condition c, String prefix, List<Object[]> binds) {
        String col = Objects.requireNonNull(COLUMNS.get(c.column()));
        List<String> texts = new ArrayList<>();
        boolean none = false;
        for (String v : c.values()) {
            if (v == null) none = true;
            else texts.add(v);
        }
        List<String> names = new ArrayList<>();
        for (String t : texts) {
            String name = prefix + names.size();
            names.add(":" + name);
            binds.add(new Object[] {name, t});
        }
        return switch (c.op()) {
            case IS -> {
                List<String> parts = new ArrayList<>();
                if (!names.isEmpty()) parts.add(col + " IN (" + String.join(", ", names) + ")");
                if (none) parts.add(col + " IS NULL");
                yield "(" + String.join(" OR ", parts) + ")";
            }
            case IS_NOT -> {
                // A visit without the attribute is "not x", unless "no value" is among the exclusions.
                List<String> parts = new ArrayList<>();
                parts.add(none ? col + " IS NOT NULL" : col + " IS NULL");
                String notIn = names.isEmpty() ? null : col + " NOT IN (" + String.join(", ", names) + ")";
                yield none ? "(" + parts.get(0) + (notIn == null ? "" : " AND " + notIn) + ")"
                        : "(" + parts.get(0) + " OR " + notIn + ")";
            }
            case CONTAINS -> {
                // instr/strpos: a plain, case-sensitive substring test with no LIKE wildcards to
                // escape, and the same answer on both databases (SQLite's LIKE ignores ASCII case).
                String fn = dialect == Database.Dialect.SQLITE ? "instr" : "strpos";
                List<String> parts = new ArrayList<>();
                for (String n : names) parts.add(fn + "(" + col + ", " + n + ") > 0");
                yield "(" + String.join(" OR ", parts) + ")";
            }
        };
    }

    /** Pageview events of a site in [from, to) that belong to a visit, in time order. */
    public List<PageviewRow> pageviews(long siteId, long from, long to) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT session_id, ts, path FROM events
                        WHERE site_id = :site AND ts >= :from AND ts < :to AND name = 'pageview' AND session_id IS NOT NULL
                        ORDER BY ts, id""")
                .bind("site", siteId).bind("from", from).bind("to", to)
                .map((rs, ctx) -> new PageviewRow(rs.getLong("session_id"), rs.getLong("ts"), rs.getString("path")))
                .list());
    }
}
