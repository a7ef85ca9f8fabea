package dev.outpost.store;

import dev.outpost.domain.Goal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/** The reads attribution needs: events that reached a goal, and the visits that came before. */
public final class ConversionStore {
    /** An event that reached a goal. */
    public record Conversion(long ts, String visitorId, String goal, Long revenueMicros, String currency) {}

    /** A visit with at least one pageview: a touch that may earn credit. */
    public record Visit(String visitorId, long startedAt, String channel, String network, Long postId, String postMatch) {}

    private final Jdbi jdbi;

    public ConversionStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Past this many distinct path prefixes SQL narrows to pageviews only (SQLite's expression depth is 1000). */
    static final int MAX_PREFIXES = 50;

    /**
     * Events of a site in [from, to) that reached one of the goals. SQL narrows by name and path
     * prefix; {@link Goal#matches} decides. An event reaching several goals counts once, for the first.
     */
    public List<Conversion> conversions(long siteId, long from, long to, List<Goal> goals) {
        if (goals.isEmpty()) return List.of();
        Set<String> names = new LinkedHashSet<>();
        Set<String> prefixes = new TreeSet<>();
        for (Goal g : goals) {
            if (g.isEventGoal()) names.add(g.eventName());
            else prefixes.add(literalPrefix(g.pathPattern()));
        }
        List<String> likes = new ArrayList<>();
        String covering = null; // a prefix that covers every later one in sorted order
        for (String p : prefixes) {
            if (covering != null && p.startsWith(covering)) continue;
            covering = p;
            likes.add(like(p));
        }
        boolean anyPageview = likes.size() > MAX_PREFIXES;
        StringBuilder where = new StringBuilder("(1 = 0");
        if (!names.isEmpty()) where.append(" OR name IN (<names>)");
        if (anyPageview) {
            where.append(" OR name = 'pageview'");
        } else {
            // Not ESCAPE '\': Jdbi's SQL parser reads that backslash as escaping the quote, so every
            // later :p was swallowed into one long literal and left unbound.
            for (int i = 0; i < likes.size(); i++) where.append(" OR (name = 'pageview' AND path LIKE :p").append(i).append(" ESCAPE '!')");
        }
        where.append(')');
        String sql = "SELECT ts, visitor_id, name, path, revenue_micros, revenue_currency FROM events "
                + "WHERE site_id = :site AND ts >= :from AND ts < :to AND " + where + " ORDER BY ts";
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql).bind("site", siteId).bind("from", from).bind("to", to);
            if (!names.isEmpty()) q.bindList("names", List.copyOf(names));
            if (!anyPageview) for (int i = 0; i < likes.size(); i++) q.bind("p" + i, likes.get(i));
            List<Conversion> out = new ArrayList<>();
            q.map((rs, ctx) -> {
                String name = rs.getString("name"), path = rs.getString("path");
                for (Goal g : goals) {
                    if (g.matches(name, path)) {
                        long rev = rs.getLong("revenue_micros");
                        boolean none = rs.wasNull();
                        Long revenue = none ? g.valueMicros() : Long.valueOf(rev);
                        String currency = none ? g.currency() : rs.getString("revenue_currency");
                        return new Conversion(rs.getLong("ts"), rs.getString("visitor_id"), g.name(), revenue, currency);
                    }
                }
                return null;
            }).forEach(c -> {
                if (c != null) out.add(c);
            });
            return out;
        });
    }

    /**
     * Visits with pageviews of these visitors that started in [from, to], in time order. The "+"s
     * keep SQLite on the (site, visitor) index; without them it read every visit of the period (or
     * of the site, to skip sorting).
     */
    public List<Visit> visits(long siteId, Collection<String> visitors, long from, long to) {
        if (visitors.isEmpty()) return List.of();
        List<Visit> out = new ArrayList<>();
        for (List<String> chunk : InList.chunks(visitors)) {
            out.addAll(jdbi.withHandle(h -> h.createQuery("""
                            SELECT visitor_id, started_at, channel, network, post_id, post_match FROM sessions
                            WHERE site_id = :site AND +started_at >= :from AND +started_at <= :to AND pageviews > 0
                              AND visitor_id IN (<visitors>)
                            ORDER BY +started_at, id""")
                    .bind("site", siteId).bind("from", from).bind("to", to).bindList("visitors", chunk)
                    .map((rs, ctx) -> {
                        long post = rs.getLong("post_id");
                        Long postId = rs.wasNull() ? null : post;
                        return new Visit(rs.getString("visitor_id"), rs.getLong("started_at"), rs.getString("channel"),
                                rs.getString("network"), postId, rs.getString("post_match"));
                    }).list()));
        }
        out.sort(java.util.Comparator.comparingLong(Visit::startedAt));
        return out;
    }

    /** "/thank-you*" → "/thank-you": the literal part before the first '*'. */
    static String literalPrefix(String pattern) {
        int star = pattern.indexOf('*');
        return star < 0 ? pattern : pattern.substring(0, star);
    }

    /** "/100%_off" → "/100!%!_off%": a LIKE pattern for paths starting with the literal. */
    static String like(String literal) {
        return literal.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
