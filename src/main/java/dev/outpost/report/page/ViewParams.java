package dev.outpost.report.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.attribution.AttributionModel;
import dev.outpost.report.query.Filter;
import dev.outpost.report.query.QueryParser;
import dev.outpost.report.query.ReportQuery;
import dev.outpost.web.ApiError;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a dashboard URL asks for: {@code period} (or {@code from}/{@code to}), {@code model} and the
 * filters {@code f=dimension:op:value}. Everything lives in the URL, so a view can be bookmarked and
 * shared; links to other views are this one with one thing changed.
 *
 * @param days    the period's days in the site's zone
 * @param filters {@code rawFilters} as the query API checked them, in the same order
 */
record ViewParams(Period period, ReportQuery.Days days, AttributionModel model, List<String> rawFilters,
                  List<Filter> filters) {
    static final int MAX_FILTERS = 20;
    static final int MAX_FILTER_LENGTH = 1000;
    /** The query API's own limit on a range. */
    static final int MAX_DAYS = 3660;
    /** "visit:network:is:Reddit": the dimension's two parts, the operator, then the value (which may hold colons). */
    private static final Pattern FILTER = Pattern.compile("([a-z_]+:[a-z_]+):([a-z_]+):(.*)", Pattern.DOTALL);
    private static final Pattern API_FIELD = Pattern.compile("filters\\[(\\d+)]: (.*)", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    ViewParams {
        rawFilters = List.copyOf(rawFilters);
        filters = List.copyOf(filters);
    }

    /** Reads and checks the query string; every refusal is a 400 naming the parameter. */
    static ViewParams parse(Map<String, List<String>> query, LocalDate today) {
        String periodKey = first(query, "period");
        String fromRaw = first(query, "from"), toRaw = first(query, "to");
        Period period;
        if (periodKey == null) {
            period = fromRaw != null || toRaw != null ? Period.CUSTOM : Period.DEFAULT;
        } else {
            period = Period.byKey(periodKey);
            if (period == null) {
                throw PageError.badRequest("period: unknown period '" + shown(periodKey) + "'; use " + Period.known());
            }
        }
        ReportQuery.Days days;
        if (period == Period.CUSTOM) {
            LocalDate from = day("from", fromRaw), to = day("to", toRaw);
            if (to.isBefore(from)) throw PageError.badRequest("to: " + to + " is before from (" + from + ")");
            if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                throw PageError.badRequest("from: a custom period is at most " + MAX_DAYS + " days long");
            }
            days = new ReportQuery.Days(from, to);
        } else {
            days = period.resolve(today);
        }

        AttributionModel model = model(query);
        List<String> raw = new ArrayList<>();
        for (String f : query.getOrDefault("f", List.of())) if (!f.isBlank()) raw.add(f);
        return new ViewParams(period, days, model, raw, checkedFilters(raw));
    }

    /** {@code model}: an attribution model's key, the API's default when absent. */
    static AttributionModel model(Map<String, List<String>> query) {
        String key = first(query, "model");
        if (key == null) return AttributionModel.DEFAULT;
        try {
            return AttributionModel.parse(key);
        } catch (IllegalArgumentException e) {
            throw PageError.badRequest("model: " + e.getMessage());
        }
    }

    /**
     * Each filter goes through the query API's own parser, so a page accepts exactly the filters
     * the API does and refuses the rest with its words, naming the {@code f} at fault.
     */
    private static List<Filter> checkedFilters(List<String> raw) {
        if (raw.isEmpty()) return List.of();
        if (raw.size() > MAX_FILTERS) throw PageError.badRequest("f: at most " + MAX_FILTERS + " filters");
        ObjectNode body = JSON.createObjectNode().put("site", "page");
        body.putArray("metrics").add("visitors");
        ArrayNode filters = body.putArray("filters");
        for (String f : raw) {
            if (f.length() > MAX_FILTER_LENGTH) throw PageError.badRequest("f: longer than " + MAX_FILTER_LENGTH + " characters");
            Matcher m = FILTER.matcher(f);
            if (!m.matches()) {
                throw PageError.badRequest("f: '" + shown(f) + "' must be dimension:operator:value, e.g. visit:network:is:Reddit");
            }
            filters.addArray().add(m.group(2)).add(m.group(1)).addArray().add(m.group(3));
        }
        try {
            return QueryParser.parse(body).filters();
        } catch (ApiError e) {
            Matcher m = API_FIELD.matcher(e.getMessage());
            if (!m.matches()) throw PageError.badRequest("f: " + e.getMessage());
            throw PageError.badRequest("f: '" + shown(raw.get(Integer.parseInt(m.group(1)))) + "': " + m.group(2));
        }
    }

    // ---------------------------------------------------------------- links to other views

    /** This view. */
    String query() {
        return query(period, model, rawFilters);
    }

    /** This view with {@code dimension is value} added (once). */
    String withFilter(String dimension, String value) {
        String f = dimension + ":is:" + value;
        if (rawFilters.contains(f)) return query();
        List<String> more = new ArrayList<>(rawFilters);
        more.add(f);
        return query(period, model, more);
    }

    /** This view without its {@code index}-th filter. */
    String withoutFilter(int index) {
        List<String> fewer = new ArrayList<>(rawFilters);
        fewer.remove(index);
        return query(period, model, fewer);
    }

    /** This view over another named period (custom ranges come from the form). */
    String withPeriod(Period other) {
        return query(other, model, rawFilters);
    }

    /** "?period=7d&model=linear&f=...": defaults left out, so the plain dashboard's URL stays plain. */
    private String query(Period p, AttributionModel m, List<String> f) {
        List<String> parts = new ArrayList<>();
        if (p == Period.CUSTOM) {
            parts.add("period=custom");
            parts.add("from=" + days.from());
            parts.add("to=" + days.to());
        } else if (p != Period.DEFAULT) {
            parts.add("period=" + p.key);
        }
        if (m != AttributionModel.DEFAULT) parts.add("model=" + m.key());
        for (String one : f) parts.add("f=" + URLEncoder.encode(one, StandardCharsets.UTF_8));
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    // ---------------------------------------------------------------- reading

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null) return null;
        for (String v : values) if (v != null && !v.isBlank()) return v.strip();
        return null;
    }

    private static LocalDate day(String name, String raw) {
        if (raw == null) throw PageError.badRequest(name + ": is required for a custom period, as a day like 2026-11-25");
        LocalDate d;
        try {
            d = LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw PageError.badRequest(name + ": '" + shown(raw) + "' is not a day like 2026-11-25");
        }
        // Outside these years a day's instant overflows (and no visit happened there anyway).
        if (d.getYear() < 1970 || d.getYear() > 9999) throw PageError.badRequest(name + ": " + d + " is not between 1970 and 9999");
        return d;
    }

    static String shown(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** A form field as typed; empty when the form did not send it. */
    static String form(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A form's text where the API takes JSON (a goal's value and currency); blank is not given. */
    static com.fasterxml.jackson.databind.JsonNode jsonText(String s) {
        return s == null || s.isBlank() ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
    }

    /** The URL's {@code {id}} (a post's, a goal's: {@code what}); a 400 page when it is not a whole number. */
    static long pathId(Context ctx, String what) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw PageError.badRequest("id: '" + shown(raw) + "' is not a " + what + " id (a whole number)");
        }
    }
}
