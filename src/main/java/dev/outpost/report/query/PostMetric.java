package dev.outpost.report.query;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Metrics of posts, computed after the engine has counted a query's rows: the posts' engagement on their networks
 * (their latest reading, a property of the post, not of the date range) and the ratios that matter. Engagement
 * needs rows that are posts, networks or the site (dimension {@code visit:post}, {@code visit:network} or none).
 *
 * <p>{@code engagements} is comments plus shares: people who answered or passed the post on. Likes are left out on
 * purpose: a like costs nothing and says little about whether the post will bring anyone.
 */
public enum PostMetric {
    COMMENTS("comments"),
    SHARES("shares"),
    LIKES("likes"),
    ENGAGEMENTS("engagements"),
    VISITS_PER_100_ENGAGEMENTS("visits_per_100_engagements"),
    CONVERSIONS_PER_100_VISITS("conversions_per_100_visits");

    /** The dimensions engagement can be shown by; no dimension (the site's total) is fine too. */
    static final List<Dimension> ENGAGEMENT_DIMENSIONS = List.of(Dimension.POST, Dimension.NETWORK);

    private final String key;

    PostMetric(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** True for the metrics made of the posts' counts; conversions per 100 visits is made of the rows' own figures. */
    public boolean needsEngagement() {
        return this != CONVERSIONS_PER_100_VISITS;
    }

    /**
     * What the engine must count for this metric. Visits for all: the rows of a query are those with visits, and
     * the ratios divide by them or into them.
     */
    List<Metric> inputs() {
        return this == CONVERSIONS_PER_100_VISITS ? List.of(Metric.VISITS, Metric.CONVERSIONS) : List.of(Metric.VISITS);
    }

    public static PostMetric byKey(String key) {
        for (PostMetric m : values()) if (m.key.equals(key)) return m;
        return null;
    }

    public static String known() {
        return Arrays.stream(values()).map(PostMetric::key).collect(Collectors.joining(", "));
    }
}
