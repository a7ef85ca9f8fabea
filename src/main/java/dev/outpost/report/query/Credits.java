package dev.outpost.report.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.outpost.attribution.AttributionModel;
import dev.outpost.domain.Goal;
import dev.outpost.domain.Site;
import dev.outpost.report.Attribution;
import dev.outpost.store.ConversionStore.Conversion;
import dev.outpost.store.GoalStore;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Conversion credit with the visits it goes to, per day. A conversion's credit depends only on
 * the conversion and its visitor's visits in the 30 days before it, so the credit of a day the
 * rollups cover (its visits are over; a late event would have made the rollup state stale and,
 * rebuilt, of a new generation) is computed once and kept, keyed by the site, the rollup
 * generation, the goals and the model; so are its sums per query shape. The part of the range the
 * rollups do not reach yet is credited afresh each time.
 *
 * <p>Kept credit is compact (strings shared, converters as small numbers from {@link #index}) and
 * bounded by the heap: a site with hundreds of thousands of conversions a month fits.
 */
final class Credits {
    /**
     * A share of a conversion, when the credited visit began, and the visits of the visitor that
     * began then (one, unless two nodes started the same visit), in id order.
     */
    record Touched(Conversion conversion, BigDecimal share, long touchStart, List<VisitRow> visits) {}

    /**
     * The credit of a piece of the range (a day, or what the rollups do not reach yet), and its
     * sums per query shape once summed.
     */
    static final class Piece {
        final List<Touched> touched;
        private final Map<String, Object> sums = new ConcurrentHashMap<>();

        Piece(List<Touched> touched) {
            this.touched = List.copyOf(touched);
        }

        @SuppressWarnings("unchecked")
        <T> T sums(String shape, Function<List<Touched>, T> sum) {
            // A bounded number of shapes per piece (filters people click through are many).
            if (sums.size() > MAX_SHAPES) sums.clear();
            return (T) sums.computeIfAbsent(shape, k -> sum.apply(touched));
        }
    }

    private record Key(long siteId, long siteCreated, long generation, long from, long to, AttributionModel model,
                       List<Goal> goals) {}

    static final int MAX_SHAPES = 40;
    /** Roughly what one kept credit costs with its sums, in bytes; the cache takes at most a quarter of the heap. */
    private static final long BYTES_PER_CREDIT = 600;

    private final Attribution attribution;
    private final GoalStore goals;
    private final QueryStore store;
    private final Cache<Key, Piece> cache = Caffeine.newBuilder()
            .maximumWeight(Math.max(100_000, Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_CREDIT))
            .weigher((Key k, Piece v) -> v.touched.size() + 1).build();
    /** Converting visitors as small numbers, so the converters of many days unite in a bit set. */
    private final Map<String, Integer> visitors = new ConcurrentHashMap<>();
    private final AtomicInteger nextVisitor = new AtomicInteger();

    Credits(Attribution attribution, GoalStore goals, QueryStore store) {
        this.attribution = attribution;
        this.goals = goals;
        this.store = store;
    }

    /** Which numbering of visitors is current: it starts over (with nothing kept) when it grows too large. */
    private final AtomicInteger epoch = new AtomicInteger();

    /** A converting visitor's number, the same within one {@link #epoch()}. */
    int index(String visitorId) {
        Integer i = visitors.get(visitorId);
        if (i != null) return i;
        if (visitors.size() > 10_000_000) {
            synchronized (this) {
                if (visitors.size() > 10_000_000) {
                    epoch.incrementAndGet();
                    cache.invalidateAll();
                    visitors.clear();
                    nextVisitor.set(0);
                }
            }
        }
        return visitors.computeIfAbsent(visitorId, k -> nextVisitor.getAndIncrement());
    }

    int epoch() {
        return epoch.get();
    }

    int indexSize() {
        return nextVisitor.get();
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
            long reach = Rollups.reach(state, zone);
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
        Set<String> visitorIds = new HashSet<>();
        long earliest = from;
        for (Attribution.Credit c : credits) {
            visitorIds.add(c.visit().visitorId());
            earliest = Math.min(earliest, c.visit().startedAt());
        }
        // One copy of each text: a day's credit holds the same values again and again.
        Map<String, String> texts = new HashMap<>();
        Function<String, String> shared = s -> s == null ? null : texts.computeIfAbsent(s, k -> k);
        Map<String, List<VisitRow>> byTouch = new HashMap<>();
        for (VisitRow v : store.visitsOf(siteId, visitorIds, earliest, to)) {
            String[] values = new String[v.values().length];
            for (int i = 0; i < values.length; i++) values[i] = shared.apply(v.values()[i]);
            VisitRow compact = new VisitRow(v.id(), shared.apply(v.visitorId()), v.startedAt(), v.lastSeen(), v.pageviews(),
                    v.engagedMs(), values);
            byTouch.computeIfAbsent(key(v.visitorId(), v.startedAt()), k -> new ArrayList<>(1)).add(compact);
        }
        List<Touched> out = new ArrayList<>(credits.size());
        for (Attribution.Credit c : credits) {
            Conversion v = c.conversion();
            Conversion conv = new Conversion(v.ts(), shared.apply(v.visitorId()), shared.apply(v.goal()), v.revenueMicros(),
                    shared.apply(v.currency()));
            out.add(new Touched(conv, c.share(), c.visit().startedAt(),
                    List.copyOf(byTouch.getOrDefault(key(c.visit().visitorId(), c.visit().startedAt()), List.of()))));
        }
        return out;
    }

    static String key(String visitorId, long startedAt) {
        return startedAt + "|" + visitorId;
    }
}
