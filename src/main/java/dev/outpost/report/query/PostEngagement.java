package dev.outpost.report.query;

import dev.outpost.store.EngagementStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The engagement behind one query's rows: each registered post's latest reading, narrowed by the query's filters on
 * {@code visit:post} and {@code visit:network}. A row's counts are its post's, or the sum over its network's posts,
 * or over all the site's posts; a count no post knows stays null, never 0 (Hacker News has no shares).
 */
final class PostEngagement {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A row's counts; engagements are comments plus shares (likes stay out). */
    record Totals(Long comments, Long shares, Long likes) {
        static final Totals UNKNOWN = new Totals(null, null, null);

        Long engagements() {
            if (comments == null && shares == null) return null;
            return (comments == null ? 0 : comments) + (shares == null ? 0 : shares);
        }
    }

    private final List<EngagementStore.Latest> posts;

    private PostEngagement(List<EngagementStore.Latest> posts) {
        this.posts = posts;
    }

    static final PostEngagement NONE = new PostEngagement(List.of());

    /** The site's posts that pass the filters on posts and networks; other filters narrow visits, not posts. */
    static PostEngagement from(List<EngagementStore.Latest> all, List<Filter> filters) {
        List<EngagementStore.Latest> kept = new ArrayList<>();
        for (EngagementStore.Latest p : all) {
            boolean in = true;
            for (Filter f : filters) {
                if (f.dimension() == Dimension.POST) in &= f.test(Long.toString(p.postId()));
                if (f.dimension() == Dimension.NETWORK) in &= f.test(p.network());
            }
            if (in) kept.add(p);
        }
        return new PostEngagement(kept);
    }

    /** The counts of the row {@code key} of a query by {@code dimensions} (visit:post, visit:network, or none). */
    Totals row(List<Dimension> dimensions, List<String> key) {
        int post = dimensions.indexOf(Dimension.POST), network = dimensions.indexOf(Dimension.NETWORK);
        if (post >= 0) {
            String id = key.get(post);
            return sum(p -> Long.toString(p.postId()).equals(id));
        }
        if (network >= 0) {
            String name = key.get(network);
            return sum(p -> name.equals(p.network()));
        }
        return sum(p -> true);
    }

    private Totals sum(java.util.function.Predicate<EngagementStore.Latest> which) {
        Long comments = null, shares = null, likes = null;
        for (EngagementStore.Latest p : posts) {
            if (!which.test(p)) continue;
            comments = add(comments, p.comments());
            shares = add(shares, p.shares());
            likes = add(likes, p.likes());
        }
        return new Totals(comments, shares, likes);
    }

    private static Long add(Long sum, Long value) {
        if (value == null) return sum;
        return sum == null ? value : sum + value;
    }

    /** {@code part} per 100 of {@code whole}, to two places (33.33, 50, 0.5); null when there is no whole. */
    static BigDecimal per100(BigDecimal part, Long whole) {
        if (whole == null || whole == 0 || part == null) return null;
        BigDecimal r = part.multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }
}
