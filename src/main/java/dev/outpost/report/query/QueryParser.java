package dev.outpost.report.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.attribution.AttributionModel;
import dev.outpost.web.ApiError;
import dev.outpost.web.Days;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request body of {@code POST /api/v1/query} → a {@link ReportQuery}. Every refusal is a 400
 * naming the field and what in it was wrong, before anything touches the database.
 */
public final class QueryParser {
    static final int MAX_LIMIT = 10_000;
    static final int MAX_DAYS = 3660;
    /** Matching is linear in the pattern's length too (RE2/J); a short pattern keeps it cheap. */
    static final int MAX_PATTERN = 200;
    /**
     * Each value of a filter is one more term in the SQL; SQLite refuses an expression deeper than
     * 1000, so 1,200 {@code contains} values were a 500. These caps keep every query far below that.
     */
    static final int MAX_FILTERS = 20;
    static final int MAX_FILTER_VALUES = 100;
    private static final Set<String> FIELDS = Set.of("site", "metrics", "date_range", "dimensions", "filters",
            "attribution", "order_by", "limit", "page", "include", "currency");
    private static final Pattern LAST_DAYS = Pattern.compile("([1-9][0-9]{0,3})d");

    private QueryParser() {}

    public static ReportQuery parse(JsonNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw bad(f + ": unknown field; known are " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
        }
        String site = text(body, "site");
        if (site == null || site.isBlank()) throw bad("site: is required, e.g. \"example.com\"");
        List<ReportQuery.Column> columns = metrics(body.get("metrics"));
        List<Dimension> dimensions = dimensions(body.get("dimensions"));
        List<Filter> filters = filters(body.get("filters"));
        List<Metric> metrics = engineMetrics(columns);
        checkPostMetrics(columns, dimensions); // first: it names the asked metric, not one it is made of
        checkCombinations(metrics, dimensions, filters);
        return new ReportQuery(site.strip(), metrics, dateRange(body.get("date_range")), dimensions, filters,
                attribution(body.get("attribution")), orderBy(body.get("order_by"), columns, dimensions),
                integer(body, "limit", 100, 1, MAX_LIMIT), integer(body, "page", 1, 1, Integer.MAX_VALUE),
                comparison(body.get("include")), currency(body.get("currency")), columns);
    }

    private static List<ReportQuery.Column> metrics(JsonNode n) {
        if (n == null || n.isNull()) throw bad("metrics: is required, e.g. [\"visitors\"]");
        List<ReportQuery.Column> out = new ArrayList<>();
        for (String key : strings(n, "metrics")) {
            Metric m = Metric.byKey(key);
            PostMetric p = PostMetric.byKey(key);
            if (m == null && p == null) throw bad("metrics: unknown metric '" + key + "'; known are " + Metric.known());
            ReportQuery.Column c = m != null ? ReportQuery.Column.of(m) : ReportQuery.Column.of(p);
            if (out.contains(c)) throw bad("metrics: '" + key + "' is asked twice");
            out.add(c);
        }
        if (out.isEmpty()) throw bad("metrics: give at least one");
        return out;
    }

    /** The asked metrics the engine counts, then what the asked post metrics are computed from. */
    private static List<Metric> engineMetrics(List<ReportQuery.Column> columns) {
        List<Metric> out = new ArrayList<>();
        for (ReportQuery.Column c : columns) if (c.metric() != null) out.add(c.metric());
        for (ReportQuery.Column c : columns) {
            if (c.post() == null) continue;
            for (Metric m : c.post().inputs()) if (!out.contains(m)) out.add(m);
        }
        return out;
    }

    /**
     * Engagement belongs to posts, not to times, pages or goals: rows must be posts, networks or the site. Conversions
     * per 100 visits needs both, so neither event:page (no conversion credit) nor event:goal (no visits).
     */
    private static void checkPostMetrics(List<ReportQuery.Column> columns, List<Dimension> dimensions) {
        for (ReportQuery.Column c : columns) {
            PostMetric p = c.post();
            if (p == null) continue;
            if (p.needsEngagement()) {
                for (Dimension d : dimensions) {
                    if (!PostMetric.ENGAGEMENT_DIMENSIONS.contains(d)) {
                        throw bad("metrics: " + p.key() + " needs the dimension visit:post or visit:network, or none (engagement"
                                + " is a property of posts, not of " + d.key() + ")");
                    }
                }
            } else if (dimensions.contains(Dimension.PAGE) || dimensions.contains(Dimension.GOAL)) {
                Dimension d = dimensions.contains(Dimension.PAGE) ? Dimension.PAGE : Dimension.GOAL;
                throw bad("metrics: " + p.key() + " cannot be broken down by " + d.key() + " (it divides conversions credited"
                        + " to visits by visits)");
            }
        }
    }

    private static List<Dimension> dimensions(JsonNode n) {
        List<Dimension> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        for (String key : strings(n, "dimensions")) {
            Dimension d = Dimension.byKey(key);
            if (d == null) throw bad("dimensions: unknown dimension '" + key + "'; known are " + Dimension.known());
            if (out.contains(d)) throw bad("dimensions: '" + key + "' is asked twice");
            out.add(d);
        }
        return out;
    }

    private static List<Filter> filters(JsonNode n) {
        List<Filter> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (!n.isArray()) throw bad("filters: must be a list of [operator, dimension, [values]]");
        if (n.size() > MAX_FILTERS) throw bad("filters: at most " + MAX_FILTERS + " filters");
        for (int i = 0; i < n.size(); i++) {
            String field = "filters[" + i + "]";
            JsonNode f = n.get(i);
            if (!f.isArray() || f.size() != 3 || !f.get(0).isTextual() || !f.get(1).isTextual() || !f.get(2).isArray()) {
                throw bad(field + ": must be [operator, dimension, [values]], e.g. [\"is\",\"visit:channel\",[\"social\"]]");
            }
            Filter.Op op = Filter.Op.byKey(f.get(0).textValue());
            if (op == null) throw bad(field + ": unknown operator '" + f.get(0).textValue() + "'; known are is, is_not, contains, matches");
            Dimension d = Dimension.byKey(f.get(1).textValue());
            if (d == null) throw bad(field + ": unknown dimension '" + f.get(1).textValue() + "'; known are " + Dimension.known());
            if (d.kind() == Dimension.Kind.TIME) throw bad(field + ": " + d.key() + " cannot be filtered; narrow date_range instead");
            if (f.get(2).size() > MAX_FILTER_VALUES) throw bad(field + ": at most " + MAX_FILTER_VALUES + " values");
            List<String> values = new ArrayList<>();
            for (JsonNode v : f.get(2)) {
                if (!v.isTextual() || v.textValue().isEmpty()) throw bad(field + ": values must be non-empty strings");
                // "(none)" is how a missing value is shown; is / is_not accept it back.
                boolean none = Dimension.NONE.equals(v.textValue()) && (op == Filter.Op.IS || op == Filter.Op.IS_NOT);
                values.add(none ? null : v.textValue());
            }
            if (values.isEmpty()) throw bad(field + ": give at least one value");
            com.google.re2j.Pattern pattern = null;
            if (op == Filter.Op.MATCHES) {
                if (values.size() != 1) throw bad(field + ": matches takes exactly one pattern");
                String p = values.get(0);
                if (p.length() > MAX_PATTERN) throw bad(field + ": pattern longer than " + MAX_PATTERN + " characters");
                try {
                    pattern = Regex.compile(p);
                } catch (IllegalArgumentException e) {
                    throw bad(field + ": invalid regular expression: " + e.getMessage());
                }
            }
            out.add(new Filter(op, d, values, pattern));
        }
        return out;
    }

    /** What cannot be counted together: a pageview has no conversion credit, a conversion no bounce. */
    private static void checkCombinations(List<Metric> metrics, List<Dimension> dimensions, List<Filter> filters) {
        boolean page = dimensions.contains(Dimension.PAGE), goal = dimensions.contains(Dimension.GOAL);
        if (page && goal) throw bad("dimensions: event:page and event:goal cannot be combined");
        for (Metric m : metrics) {
            if (page && m.needsConversions()) {
                throw bad("metrics: " + m.key() + " cannot be broken down by event:page (conversions are credited to visits)");
            }
            if (goal && (m == Metric.VISITS || m == Metric.PAGEVIEWS || m == Metric.BOUNCE_RATE || m == Metric.VISIT_DURATION)) {
                throw bad("metrics: " + m.key() + " cannot be broken down by event:goal");
            }
        }
    }

    private static ReportQuery.DateSpec dateRange(JsonNode n) {
        if (n == null || n.isNull()) return ReportQuery.DateSpec.lastDays("30d", 30);
        if (n.isTextual()) {
            String s = n.textValue();
            Matcher m = LAST_DAYS.matcher(s);
            if (m.matches()) {
                int days = Integer.parseInt(m.group(1));
                if (days > MAX_DAYS) throw bad("date_range: at most " + MAX_DAYS + " days");
                return ReportQuery.DateSpec.lastDays(s, days);
            }
            return switch (s) {
                case "day" -> ReportQuery.DateSpec.lastDays(s, 1);
                case "month", "year" -> ReportQuery.DateSpec.toDate(s, s);
                default -> throw bad("date_range: unknown range '" + s
                        + "'; use \"day\", \"7d\", \"30d\" (any N\"d\"), \"month\", \"year\" or [\"2026-11-01\",\"2026-11-25\"]");
            };
        }
        if (n.isArray() && n.size() == 2 && n.get(0).isTextual() && n.get(1).isTextual()) {
            LocalDate from = day(n.get(0).textValue()), to = day(n.get(1).textValue());
            if (from.isAfter(to)) throw bad("date_range: " + from + " is after " + to);
            if (java.time.temporal.ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) throw bad("date_range: at most " + MAX_DAYS + " days");
            return ReportQuery.DateSpec.fixed(from, to);
        }
        throw bad("date_range: must be a name such as \"30d\" or two days [\"2026-11-01\",\"2026-11-25\"]");
    }

    private static LocalDate day(String s) {
        return Days.parse("date_range", s);
    }

    private static AttributionModel attribution(JsonNode n) {
        if (n == null || n.isNull()) return AttributionModel.DEFAULT;
        if (!n.isTextual()) throw bad("attribution: must be a string");
        try {
            return AttributionModel.parse(n.textValue());
        } catch (IllegalArgumentException e) {
            throw bad("attribution: " + e.getMessage());
        }
    }

    private static List<ReportQuery.Order> orderBy(JsonNode n, List<ReportQuery.Column> columns, List<Dimension> dimensions) {
        List<ReportQuery.Order> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (!n.isArray()) throw bad("order_by: must be a list of [name, \"asc\"|\"desc\"]");
        for (JsonNode o : n) {
            if (!o.isArray() || o.size() != 2 || !o.get(0).isTextual() || !o.get(1).isTextual()) {
                throw bad("order_by: each entry must be [name, \"asc\"|\"desc\"]");
            }
            String name = o.get(0).textValue(), dir = o.get(1).textValue();
            if (!dir.equals("asc") && !dir.equals("desc")) throw bad("order_by: direction '" + dir + "' must be asc or desc");
            Metric m = Metric.byKey(name);
            PostMetric p = PostMetric.byKey(name);
            Dimension d = Dimension.byKey(name);
            if (m != null && columns.contains(ReportQuery.Column.of(m))) out.add(new ReportQuery.Order(m, null, dir.equals("desc")));
            else if (p != null && columns.contains(ReportQuery.Column.of(p))) {
                out.add(new ReportQuery.Order(null, null, dir.equals("desc"), p));
            } else if (d != null && dimensions.contains(d)) out.add(new ReportQuery.Order(null, d, dir.equals("desc")));
            else throw bad("order_by: '" + name + "' is not one of the query's metrics or dimensions");
        }
        return out;
    }

    private static boolean comparison(JsonNode n) {
        if (n == null || n.isNull()) return false;
        if (!n.isObject()) throw bad("include: must be an object, e.g. {\"comparison\":\"previous_period\"}");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("comparison")) throw bad("include." + f + ": unknown; known is comparison");
        }
        JsonNode c = n.get("comparison");
        if (c == null || c.isNull()) return false;
        if (!c.isTextual() || !c.textValue().equals("previous_period")) {
            throw bad("include.comparison: must be \"previous_period\"");
        }
        return true;
    }

    private static String currency(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (!n.isTextual() || !n.textValue().matches("[A-Za-z]{3}")) throw bad("currency: must be a 3-letter ISO 4217 code");
        return n.textValue().toUpperCase(Locale.ROOT);
    }

    private static int integer(JsonNode body, String field, int dflt, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return dflt;
        if (!n.canConvertToInt() || !n.isIntegralNumber()) throw bad(field + ": must be a whole number");
        int v = n.intValue();
        if (v < min || v > max) throw bad(field + ": must be between " + min + " and " + max);
        return v;
    }

    private static List<String> strings(JsonNode n, String field) {
        if (!n.isArray()) throw bad(field + ": must be a list of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isTextual()) throw bad(field + ": must be a list of strings");
            out.add(v.textValue());
        }
        return out;
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw bad(field + ": must be a string");
        return n.textValue();
    }

    private static ApiError bad(String message) {
        return ApiError.badRequest(message);
    }
}
