package dev.outpost.report.query;

import dev.outpost.attribution.AttributionModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query of the API answered with plain SQL over the visits, their pageviews and a table of
 * conversion credit kept per conversion ({@code credits}, built by {@link AlternativesBench}):
 * the design "plain SQL with the right indexes" (on SQLite) and "a columnar engine" (DuckDB, the
 * same SQL on a copy of those columns) of issue 13, measured beside the present path.
 *
 * <p>A {@code contains} or {@code matches} filter is first resolved to the distinct values it
 * passes (pages: from the pageviews' path index, one index probe per distinct path), then asked
 * as an {@code IN} list, which the path index answers. Answers are shaped as {@link QueryApi}
 * shapes them (same rounding, order and limit), for the metrics visitors, visits, pageviews,
 * bounce_rate and conversions, so the two can be compared row by row.
 */
final class AlternativesSql {
    private static final String NONE = Dimension.NONE;
    private static final String BOUNCE = "CASE WHEN s.pageviews <= 1 AND s.engaged_ms < " + Bucket.BOUNCE_ENGAGED_MS + " THEN 1 ELSE 0 END";

    private final Connection c;
    private final boolean duck;
    private final long site;
    private final ZoneId zone;
    private final Clock clock;

    AlternativesSql(Connection c, boolean duck, long site, ZoneId zone, Clock clock) {
        this.c = c;
        this.duck = duck;
        this.site = site;
        this.zone = zone;
        this.clock = clock;
    }

    /** One row's sums. */
    static final class Row {
        long visitors, visits, pageviews, bounces, creditMicros;
    }

    /** The answer as the API shows it: rows of dimension values and metric texts, and the number of rows before the limit. */
    record Answer(List<List<String>> rows, int totalRows) {}

    Answer answer(ReportQuery q) throws SQLException {
        ReportQuery.Days days = q.dateRange().resolve(LocalDate.now(clock.withZone(zone)));
        long from = days.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long to = days.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return shape(q, sums(q, from, to));
    }

    Map<List<String>, Row> sums(ReportQuery q, long from, long to) throws SQLException {
        List<Filter> visitFilters = new ArrayList<>(), pageFilters = new ArrayList<>();
        for (Filter f : q.filters()) (f.dimension().kind() == Dimension.Kind.PAGE ? pageFilters : visitFilters).add(f);
        List<Dimension> dims = q.dimensions();
        boolean byPage = dims.contains(Dimension.PAGE);
        Map<List<String>, Row> rows = new LinkedHashMap<>();

        // Visits (or, by page, pageviews grouped by visit), one SQL aggregate.
        List<String> binds = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Dimension d : dims) {
            keys.add(switch (d.kind()) {
                case VISIT -> "COALESCE(" + column(d.column(), "s") + ", '" + NONE + "')";
                case PAGE -> "e.path";
                case TIME -> bucket(d, byPage ? "e.ts" : "s.started_at", from, to);
                case GOAL -> throw new IllegalArgumentException("not measured: goals");
            });
        }
        String pageview = duck ? "" : "e.name = 'pageview' AND ";
        StringBuilder sql = new StringBuilder();
        List<String> visitBinds = new ArrayList<>(), pageBinds = new ArrayList<>();
        String visitWhere = "s.site_id = " + site + " AND s.started_at >= " + from + " AND s.started_at < " + to + " AND s.pageviews > 0"
                + conditions(visitFilters, "s", from, to, visitBinds);
        String pageWhere = conditions(pageFilters, "e", from, to, pageBinds);
        if (byPage) {
            sql.append("SELECT ");
            for (int i = 0; i < keys.size(); i++) sql.append("k").append(i).append(", ");
            sql.append("COUNT(DISTINCT visitor_id), COUNT(*), SUM(n), SUM(bounce) FROM (SELECT ");
            for (int i = 0; i < keys.size(); i++) sql.append(keys.get(i)).append(" AS k").append(i).append(", ");
            sql.append("s.visitor_id, COUNT(*) AS n, MAX(").append(BOUNCE).append(") AS bounce FROM events e ")
                    // CROSS JOIN keeps SQLite on the pageviews first: left to choose, SQLite 3.54 went
                    // through the range's visits and, for each, through every matching pageview of the
                    // range (minutes at 1M for two paths).
                    .append(duck ? "JOIN" : "CROSS JOIN").append(" sessions s ON s.id = e.session_id")
                    .append(" WHERE ").append(pageview).append("e.site_id = ").append(site).append(" AND e.ts >= ").append(from)
                    .append(" AND e.ts < ").append(to).append(" AND ").append(visitWhere).append(pageWhere)
                    .append(" GROUP BY ").append(String.join(", ", keys)).append(", s.id, s.visitor_id) x");
            if (!keys.isEmpty()) sql.append(" GROUP BY ").append(kNames(keys.size()));
            binds.addAll(visitBinds);
            binds.addAll(pageBinds);
        } else {
            sql.append("SELECT ");
            for (String k : keys) sql.append(k).append(", ");
            sql.append("COUNT(DISTINCT s.visitor_id), COUNT(*), SUM(").append(pageFilters.isEmpty() ? "s.pageviews" : "pv.n")
                    .append("), SUM(").append(BOUNCE).append(") FROM sessions s");
            if (!pageFilters.isEmpty()) {
                // The visits with a matching pageview, and how many they had in the range.
                sql.append(" JOIN (SELECT e.session_id, SUM(CASE WHEN e.ts >= ").append(from).append(" THEN 1 ELSE 0 END) AS n FROM events e WHERE ")
                        .append(pageview).append("e.site_id = ").append(site).append(" AND e.ts >= ").append(from).append(" AND e.ts < ").append(to)
                        .append(pageWhere).append(" GROUP BY e.session_id) pv ON pv.session_id = s.id");
                binds.addAll(pageBinds);
            }
            sql.append(" WHERE ").append(visitWhere);
            binds.addAll(visitBinds);
            if (!keys.isEmpty()) sql.append(" GROUP BY ").append(String.join(", ", keys));
        }
        query(sql.toString(), binds, dims, rs -> {
            Row r = new Row();
            int w = dims.size();
            r.visitors = rs.getLong(w + 1);
            r.visits = rs.getLong(w + 2);
            r.pageviews = rs.getLong(w + 3);
            r.bounces = rs.getLong(w + 4);
            return r;
        }, rows);

        // Conversions: the kept credit of the conversions in the range, by the credited visit's
        // attributes (or the conversion's time), the visit filters on the credited visit, page
        // filters asking whether the credited visit viewed such a page (back to the lookback).
        if (q.metrics().stream().anyMatch(Metric::needsConversions)) {
            binds.clear();
            binds.add(q.attribution().key());
            List<String> ckeys = new ArrayList<>();
            for (Dimension d : dims) {
                ckeys.add(switch (d.kind()) {
                    case VISIT -> "COALESCE(" + column(d.column(), "c") + ", '" + NONE + "')";
                    case TIME -> bucket(d, "c.conv_ts", from, to);
                    default -> throw new IllegalArgumentException("conversions are not counted by " + d.key());
                });
            }
            StringBuilder cs = new StringBuilder("SELECT ");
            for (String k : ckeys) cs.append(k).append(", ");
            cs.append("SUM(c.share_micros) FROM credits c WHERE c.model = ? AND c.site_id = ").append(site)
                    .append(" AND c.conv_ts >= ").append(from).append(" AND c.conv_ts < ").append(to)
                    .append(conditions(visitFilters, "c", from, to, binds));
            if (!pageFilters.isEmpty()) {
                long lookbackFrom = from - AttributionModel.LOOKBACK.toMillis();
                cs.append(" AND c.visit_id IN (SELECT e.session_id FROM events e WHERE ").append(pageview).append("e.site_id = ").append(site)
                        .append(" AND e.ts >= ").append(lookbackFrom).append(" AND e.ts < ").append(to)
                        .append(conditions(pageFilters, "e", lookbackFrom, to, binds)).append(")");
            }
            if (!ckeys.isEmpty()) cs.append(" GROUP BY ").append(String.join(", ", ckeys));
            Map<List<String>, Row> credit = new LinkedHashMap<>();
            query(cs.toString(), binds, dims, rs -> {
                Row r = new Row();
                r.creditMicros = rs.getLong(dims.size() + 1);
                return r;
            }, credit);
            credit.forEach((k, r) -> rows.computeIfAbsent(k, x -> new Row()).creditMicros += r.creditMicros);
        }
        if (dims.isEmpty()) rows.computeIfAbsent(List.of(), k -> new Row());
        rows.values().removeIf(r -> r.visits == 0 && r.creditMicros == 0 && !dims.isEmpty());
        return rows;
    }

    private interface RowMapper {
        Row map(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<String> binds, List<Dimension> dims, RowMapper m, Map<List<String>, Row> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) ps.setString(i + 1, binds.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> key = new ArrayList<>(dims.size());
                    for (int i = 0; i < dims.size(); i++) {
                        Dimension d = dims.get(i);
                        key.add(d.kind() == Dimension.Kind.TIME ? TimeKeys.label(d, rs.getLong(i + 1)) : rs.getString(i + 1));
                    }
                    Row r = m.map(rs);
                    if (dims.isEmpty() && r.visits == 0 && r.creditMicros == 0) continue; // an aggregate of nothing
                    into.put(key, r);
                }
            }
        }
    }

    private static String kNames(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add("k" + i);
        return String.join(", ", out);
    }

    /** A visit column of {@code sessions} (or the same column copied into {@code credits}). */
    static String column(String key, String alias) {
        return switch (key) {
            case "post" -> "CAST(" + alias + ".post_id AS TEXT)";
            case "entry_page" -> alias + ".entry_path";
            default -> alias + "." + key;
        };
    }

    /** Filters as SQL ANDed on, their values bound; {@code contains}/{@code matches} resolved to the values they pass. */
    private String conditions(List<Filter> filters, String alias, long from, long to, List<String> binds) throws SQLException {
        StringBuilder out = new StringBuilder();
        for (Filter f : filters) {
            boolean page = f.dimension().kind() == Dimension.Kind.PAGE;
            String col = page ? alias + ".path" : column(f.dimension().column(), alias);
            List<String> values = f.values();
            Filter.Op op = f.op();
            if (op == Filter.Op.CONTAINS || op == Filter.Op.MATCHES) {
                values = f.passing(page ? pages() : distinct(f.dimension().column(), from, to), Duration.ofSeconds(5));
                op = Filter.Op.IS;
                if (values.isEmpty()) {
                    out.append(" AND 1 = 0");
                    continue;
                }
            }
            List<String> marks = new ArrayList<>();
            boolean none = false;
            for (String v : values) {
                if (v == null) {
                    none = true;
                } else {
                    marks.add("?");
                    binds.add(v);
                }
            }
            String in = marks.isEmpty() ? null : col + " IN (" + String.join(", ", marks) + ")";
            if (op == Filter.Op.IS) {
                out.append(" AND (").append(in == null ? "" : in).append(none ? (in == null ? "" : " OR ") + col + " IS NULL" : "").append(")");
            } else { // IS_NOT: a visit without the value is "not x", unless "no value" is excluded
                out.append(" AND (").append(none ? col + " IS NOT NULL" + (in == null ? "" : " AND NOT " + in) : col + " IS NULL OR NOT " + in).append(")");
            }
        }
        return out.toString();
    }

    /**
     * The site's distinct pageview paths, from the path index: on SQLite one probe per path (a
     * "skip scan" written as a recursive query), on DuckDB a scan of the path column.
     */
    List<String> pages() throws SQLException {
        String sql = duck ? "SELECT DISTINCT path FROM events WHERE site_id = " + site : """
                WITH RECURSIVE p(path) AS (
                  SELECT (SELECT MIN(path) FROM events WHERE site_id = %1$d AND name = 'pageview')
                  UNION ALL
                  SELECT (SELECT MIN(path) FROM events WHERE site_id = %1$d AND name = 'pageview' AND path > p.path)
                  FROM p WHERE p.path IS NOT NULL)
                SELECT path FROM p WHERE path IS NOT NULL""".formatted(site);
        return strings(sql);
    }

    /** The distinct values of a visit column in the range (NULL included). */
    private List<String> distinct(String key, long from, long to) throws SQLException {
        return strings("SELECT DISTINCT " + column(key, "s") + " FROM sessions s WHERE s.site_id = " + site
                + " AND s.started_at >= " + from + " AND s.started_at < " + to + " AND s.pageviews > 0");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** A time bucket as arithmetic on the site's UTC offset per piece of the range (the engine's own cuts). */
    private String bucket(Dimension d, String ts, long from, long to) {
        var t = TimeKeys.buckets(d, zone, from, to);
        String div = duck ? " // " : " / ";
        StringBuilder b = new StringBuilder(t.starts().length == 1 ? "" : "CASE");
        for (int i = 0; i < t.starts().length; i++) {
            String local = "(" + ts + " + " + t.offsets()[i] + ")";
            String piece = t.constants() != null ? Long.toString(t.constants()[i])
                    : t.week() ? "(" + local + div + t.unit() + " + 3)" + div + "7" : local + div + t.unit();
            if (t.starts().length == 1) return piece;
            boolean last = i == t.starts().length - 1;
            b.append(last ? " ELSE " : " WHEN " + ts + " < " + t.starts()[i + 1] + " THEN ").append(piece);
        }
        return b.append(" END").toString();
    }

    /** Rows as {@link QueryApi} shows them: metric values, its default order, its limit. */
    static Answer shape(ReportQuery q, Map<List<String>, Row> rows) {
        List<Map.Entry<List<String>, Row>> list = new ArrayList<>(rows.entrySet());
        List<Dimension> dims = q.dimensions();
        Comparator<Map.Entry<List<String>, Row>> order = (a, b) -> 0;
        for (int i = 0; i < dims.size(); i++) {
            int at = i;
            if (dims.get(i).kind() == Dimension.Kind.TIME) order = order.thenComparing(e -> e.getKey().get(at));
        }
        Metric first = q.metrics().get(0);
        order = order.thenComparing((Map.Entry<List<String>, Row> e) -> new BigDecimal(value(first, e.getValue())), Comparator.reverseOrder());
        for (int i = 0; i < dims.size(); i++) {
            int at = i;
            order = order.thenComparing(e -> e.getKey().get(at));
        }
        list.sort(order);
        List<List<String>> out = new ArrayList<>();
        for (var e : list.subList(0, Math.min(list.size(), q.limit()))) {
            List<String> row = new ArrayList<>(e.getKey());
            for (Metric m : q.metrics()) row.add(value(m, e.getValue()));
            out.add(row);
        }
        return new Answer(out, list.size());
    }

    static String value(Metric m, Row r) {
        return switch (m) {
            case VISITORS -> Long.toString(r.visitors);
            case VISITS -> Long.toString(r.visits);
            case PAGEVIEWS -> Long.toString(r.pageviews);
            case BOUNCE_RATE -> r.visits == 0 ? "0"
                    : BigDecimal.valueOf(r.bounces * 100).divide(BigDecimal.valueOf(r.visits), 0, RoundingMode.HALF_UP).toPlainString();
            case CONVERSIONS -> Bucket.plain(BigDecimal.valueOf(r.creditMicros, 6)).toPlainString();
            default -> throw new IllegalArgumentException("not measured: " + m.key());
        };
    }
}
