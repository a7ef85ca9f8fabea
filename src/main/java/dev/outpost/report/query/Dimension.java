package dev.outpost.report.query;

import dev.outpost.store.QueryStore;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a query can group and filter by. Visit dimensions are the visit's entry attributes (its
 * source, post, landing page, the entry event's browser); event dimensions are per pageview
 * (page) or per conversion (goal); time dimensions are buckets in the site's time zone.
 */
public enum Dimension {
    CHANNEL("channel"),
    NETWORK("network"),
    SOURCE("source"),
    POST("post"),
    POST_MATCH("post_match"),
    UTM_SOURCE("utm_source"),
    UTM_MEDIUM("utm_medium"),
    UTM_CAMPAIGN("utm_campaign"),
    UTM_CONTENT("utm_content"),
    UTM_TERM("utm_term"),
    ENTRY_PAGE("entry_page"),
    BROWSER("browser"),
    OS("os"),
    DEVICE("device"),
    PAGE("event:page", Kind.PAGE, null),
    GOAL("event:goal", Kind.GOAL, null),
    HOUR("time:hour", Kind.TIME, null),
    DAY("time:day", Kind.TIME, null),
    WEEK("time:week", Kind.TIME, null),
    MONTH("time:month", Kind.TIME, null);

    public enum Kind { VISIT, PAGE, GOAL, TIME }

    /** How a missing value (a visit without a network, say) is shown and filtered for: as the store groups it. */
    public static final String NONE = QueryStore.NONE;

    private final String key;
    private final Kind kind;
    private final String column;

    /** A visit dimension: its key is "visit:" and its {@code QueryStore} column key. */
    Dimension(String column) {
        this("visit:" + column, Kind.VISIT, column);
    }

    Dimension(String key, Kind kind, String column) {
        this.key = key;
        this.kind = kind;
        this.column = column;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The {@code QueryStore} column key of a visit dimension; null for the others. */
    public String column() {
        return column;
    }

    public static Dimension byKey(String key) {
        for (Dimension d : values()) if (d.key.equals(key)) return d;
        return null;
    }

    public static String known() {
        return Arrays.stream(values()).map(Dimension::key).collect(Collectors.joining(", "));
    }
}
