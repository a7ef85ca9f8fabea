package dev.outpost.report.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.outpost.attribution.AttributionModel;
import dev.outpost.goals.Goal;
import dev.outpost.report.Attribution;
import dev.outpost.site.Site;
import dev.outpost.store.GoalStore;
import dev.outpost.store.QueryStore;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.store.RollupStore;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conversion credit with the visits it goes to, per day. A conversion's credit depends only on
 * the conversion and its visitor's visits in the 30 days before it, so the credit of a day the
 * rollups cover (its visits are over; a late event would have made the rollup state stale and,
 * rebuilt, of a new generation) is computed once and kept, keyed by the site, the rollup
 * generation, the goals and the model. The part of the range the rollups do not reach yet is
 * credited afresh each time.
 */
final class Credits {
    /** A share of a conversion and the visits of its visitor that began at the credited visit's time (usually one). */
    record Touched(Attribution.Credit credit, List<VisitRow> visits) {}

    /**
     * The credit of a piece of the range (a day, or what the rollups do not reach yet), and its
     * sums per query shape once summed: a day kept in the cache is summed once per shape.
     */
    static final class Piece {
        final List<Touched> touched;
        private final Map<String, Object> sums = new java.util.concurrent.ConcurrentHashMap<>();

        Piece(List<Touched> touched) {
            this.touched = List.copyOf(touched);
        }

        @SuppressWarnings("unchecked")
        <T> T sums(String shape, java.util.function.Function<List<Touched>, T> sum) {
            return (T) sums.computeIfAbsent(shape, k -> sum.apply(touched));
        }
    }

    private record Key(long siteId, long siteCreated, long generation, long from, long to, AttributionModel model,
                       List<Goal> goals) {}

    private final Attribution attribution;
    private final GoalStore goals;
    private final QueryStore store;
    private final Cache<Key, Piece> cache = Caffeine.newBuilder()
            .maximumWeight(400_000).weigher((Key k, Piece v) -> v.touched.size() + 1).build();

    Credits(Attribution attribution, GoalStore goals, QueryStore store) {
        this.attribution = attribution;
        this.goals = goals;
        this.store = store;
    }

    /**
     * The credit for conversions in [from, to). {@code state} is the site's rollup state (null:
     * none, nothing is kept); days before its reach come from the cache.
     */
    List<Piece> credits(Site site, ZoneId zone, long from, long to, AttributionModel model, RollupStore.State state) {
        List<Piece> out = new ArrayList<>();
        long cached = from;
        if (goals != null && state != null && state.timezone().equals(site.timezone())) {
            List<Goal> siteGoals = goals.list(site.id());
            boolean stale = state.validTo() < state.builtTo();
            long reach = stale ? Rollups.dayStart(zone, Rollups.day(zone, state.validTo())) : state.builtTo();
            for (int d = Rollups.day(zone, from); cached < Math.min(to, reach); d++) {
                long end = Math.min(Math.min(Rollups.dayStart(zone, d + 1), to), reach);
                long start = cached;
                Key key = new Key(site.id(), site.createdAt(), state.generation(), start, end, model, siteGoals);
                out.add(cache.get(key, k -> new Piece(compute(site.id(), start, end, model))));
                cached = end;
            }
        }
        if (cached < to) out.add(new Piece(compute(site.id(), cached, to, model)));
        return out;
    }

    private List<Touched> compute(long siteId, long from, long to, AttributionModel model) {
        List<Attribution.Credit> credits = attribution.credits(siteId, from, to, model);
        if (credits.isEmpty()) return List.of();
        Set<String> visitors = new HashSet<>();
        long earliest = from;
        for (Attribution.Credit c : credits) {
            visitors.add(c.visit().visitorId());
            earliest = Math.min(earliest, c.visit().startedAt());
        }
        Map<String, List<VisitRow>> byTouch = new HashMap<>();
        for (VisitRow v : store.visitsOf(siteId, visitors, earliest, to)) {
            byTouch.computeIfAbsent(key(v.visitorId(), v.startedAt()), k -> new ArrayList<>()).add(v);
        }
        List<Touched> out = new ArrayList<>(credits.size());
        for (Attribution.Credit c : credits) {
            out.add(new Touched(c, byTouch.getOrDefault(key(c.visit().visitorId(), c.visit().startedAt()), List.of())));
        }
        return out;
    }

    static String key(String visitorId, long startedAt) {
        return startedAt + "|" + visitorId;
    }
}
