package dev.outpost.store;

import static dev.outpost.store.QueryStore.COLUMNS;
import static dev.outpost.store.QueryStore.NONE;
import static dev.outpost.store.QueryStore.PAGE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.store.QueryStore.Condition;
import dev.outpost.store.QueryStore.Key;
import dev.outpost.store.QueryStore.Op;
import dev.outpost.store.QueryStore.TimeBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SQL text of {@link QueryStore}'s reads that take filters and keys: built only from
 * {@link QueryStore#COLUMNS}, fixed words and numbers computed here; every value is bound (its name
 * and text added to the caller's {@code binds}).
 */
final class QuerySql {
    private static final String BOUNCE = "CASE WHEN s.pageviews <= 1 AND s.engaged_ms < " + QueryStore.BOUNCE_ENGAGED_MS
            + " THEN 1 ELSE 0 END";

    private final Database.Dialect dialect;

    QuerySql(Database.Dialect dialect) {
        this.dialect = dialect;
    }

    /** The statement of {@link QueryStore#aggregate}: columns are its keys, then visitors, visits, pageviews, bounces, engaged ms. */
    String aggregate(long from, long to, List<Key> keys, List<Condition> visitConditions, List<Condition> pageConditions,
                     boolean byPage, long pageFrom, List<Object[]> binds) {
        List<String> visitWhere = new ArrayList<>();
        for (int c = 0; c < visitConditions.size(); c++) visitWhere.add(where(visitConditions.get(c), "v" + c + "_", binds));
        List<String> pageWhere = new ArrayList<>();
        for (int c = 0; c < pageConditions.size(); c++) pageWhere.add(where(pageConditions.get(c), "p" + c + "_", binds));

        List<String> keySql = new ArrayList<>();
        for (Key k : keys) {
            if (k.time() != null) keySql.add(timeBucket(k.time(), byPage ? "e.ts" : "s.started_at"));
            else if (k.column().equals(PAGE)) keySql.add("e.path");
            else keySql.add("COALESCE(" + COLUMNS.get(k.column()) + ", '" + NONE + "')");
        }
        StringBuilder visits = new StringBuilder("s.site_id = :site AND s.started_at >= :from AND s.started_at < :to AND s.pageviews > 0");
        for (String w : visitWhere) visits.append(" AND ").append(w);

        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < keySql.size(); i++) sql.append("k").append(i).append(", ");
        String groupBy = keySql.isEmpty() ? "" : " GROUP BY " + String.join(", ", kNames(keySql.size()));
        if (byPage) {
            // Pageviews first grouped by visit, so a visit's bounce and time count once per group.
            sql.append("COUNT(DISTINCT visitor_id), COUNT(*), SUM(n), SUM(bounce), SUM(engaged_ms) FROM (SELECT ");
            for (int i = 0; i < keySql.size(); i++) sql.append(keySql.get(i)).append(" AS k").append(i).append(", ");
            sql.append("s.visitor_id, COUNT(*) AS n, MAX(").append(BOUNCE).append(") AS bounce, MAX(s.engaged_ms) AS engaged_ms")
                    // CROSS JOIN keeps SQLite on the pageviews first (it chose the visits and scanned every
                    // pageview for each: 2 minutes at 1M events); PostgreSQL plans it as the inner join it is.
                    .append(" FROM events e CROSS JOIN sessions s")
                    .append(" WHERE s.id = e.session_id AND e.site_id = :site AND e.ts >= :from AND e.ts < :to AND e.name = 'pageview' AND ")
                    .append(visits);
            for (String w : pageWhere) sql.append(" AND ").append(w);
            sql.append(" GROUP BY ");
            for (int i = 0; i < keySql.size(); i++) sql.append(keySql.get(i)).append(", ");
            sql.append("s.id, s.visitor_id) x").append(groupBy);
        } else {
            String pv = pageWhere.isEmpty() ? "s.pageviews" : "pv.n";
            sql.setLength(0);
            sql.append("SELECT ");
            for (int i = 0; i < keySql.size(); i++) sql.append(keySql.get(i)).append(" AS k").append(i).append(", ");
            sql.append("COUNT(DISTINCT s.visitor_id), COUNT(*), SUM(").append(pv).append("), SUM(").append(BOUNCE)
                    .append("), SUM(s.engaged_ms) FROM sessions s");
            if (!pageWhere.isEmpty()) {
                sql.append(" JOIN (SELECT session_id, SUM(CASE WHEN ts >= :from THEN 1 ELSE 0 END) AS n FROM events")
                        .append(" WHERE site_id = :site AND ts >= :pageFrom AND ts < :to AND name = 'pageview' AND session_id IS NOT NULL");
                for (String w : pageWhere) sql.append(" AND ").append(w.replace("e.path", "path"));
                sql.append(" GROUP BY session_id) pv ON pv.session_id = s.id");
            }
            sql.append(" WHERE ").append(visits).append(groupBy);
        }
        // The times go into the text, not as parameters: PostgreSQL then plans for this range (a
        // plan cached for any range joined a month of pageviews to visits one by one).
        return sql.toString().replace(":pageFrom", Long.toString(pageFrom)).replace(":from", Long.toString(from))
                .replace(":to", Long.toString(to));
    }

/** A time bucket of {@code ts} (SQL) as arithmetic: one piece per UTC offset (and month). */
static String timeBucket(TimeBuckets t, String ts) {
        if (t.starts().length == 1) return piece(t, ts, 0);
        StringBuilder b = new StringBuilder("CASE");
        for (int i = 0; i < t.starts().length; i++) {
            boolean last = i == t.starts().length - 1;
            b.append(last ? " ELSE " : " WHEN " + ts + " < " + t.starts()[i + 1] + " THEN ").append(piece(t, ts, i));
        }
        return b.append(" END").toString();
    }

    private static String piece(TimeBuckets t, String ts, int i) {
        if (t.constants() != null) return Long.toString(t.constants()[i]);
        String local = "(" + ts + " + " + t.offsets()[i] + ")";
        // Monday-based weeks: day 0 (1970-01-01) was a Thursday.
        return t.week() ? "(" + local + " / " + t.unit() + " + 3) / 7" : local + " / " + t.unit();
    }

    private static List<String> kNames(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add("k" + i);
        return out;
    }

    /** Past this many values a condition's list is bound as one JSON array. */
    static final int MAX_LISTED = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String json(List<String> texts) {
        try {
            return JSON.writeValueAsString(texts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    /** One condition as SQL over a whitelisted column, its values added to {@code binds}. */
    String where(Condition c, String prefix, List<Object[]> binds) {
        String col = c.column().equals(PAGE) ? "e.path" : Objects.requireNonNull(COLUMNS.get(c.column()));
        List<String> texts = new ArrayList<>();
        boolean none = false;
        for (String v : c.values()) {
            if (v == null) none = true;
            else texts.add(v);
        }
        List<String> names = new ArrayList<>();
        String fn = dialect == Database.Dialect.SQLITE ? "instr" : "strpos";
        if (texts.size() > MAX_LISTED) {
            // A matches filter on a big site's pages can pick tens of thousands of values, past the
            // bind variables a statement may have (PostgreSQL: 65535), and a long OR of contains
            // tests passes SQLite's expression depth (1000): the values go as one JSON array.
            binds.add(new Object[] {prefix + "json", json(texts)});
            String list = dialect == Database.Dialect.SQLITE ? "SELECT value AS v FROM json_each(:" + prefix + "json)"
                    : "SELECT jsonb_array_elements_text(CAST(:" + prefix + "json AS jsonb)) AS v";
            if (c.op() == Op.CONTAINS) return "EXISTS (SELECT 1 FROM (" + list + ") t WHERE " + fn + "(" + col + ", t.v) > 0)";
            names.add(list);
        } else {
            for (String t : texts) {
                String name = prefix + names.size();
                names.add(":" + name);
                binds.add(new Object[] {name, t});
            }
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
                List<String> parts = new ArrayList<>();
                for (String n : names) parts.add(fn + "(" + col + ", " + n + ") > 0");
                yield "(" + String.join(" OR ", parts) + ")";
            }
        };
    }
}
