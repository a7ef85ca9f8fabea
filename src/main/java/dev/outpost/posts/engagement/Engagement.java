package dev.outpost.posts.engagement;

import dev.outpost.attribution.PostUrls;
import dev.outpost.config.EngagementConfig;
import dev.outpost.domain.Post;
import dev.outpost.store.EngagementStore.Snapshot;
import dev.outpost.store.EngagementStore.State;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.PostStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engagement of the owner's posts: comments, shares and likes read from the networks' public APIs on a schedule
 * or on request, or entered by hand for networks without one; and the figures a post's page shows next to its
 * visits and conversions. {@code Outpost} builds one, starts it with the server and closes it with the server.
 */
public final class Engagement implements AutoCloseable {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Map<String, Fetcher> fetchers;
    private final EngagementStore store;
    private final Readings readings;
    private final Scheduler scheduler;
    private final boolean schedule;
    private final Clock clock;

    Engagement(Map<String, Fetcher> fetchers, PostStore posts, EngagementStore store, Clock clock, Duration tick,
               boolean schedule) {
        this.fetchers = Map.copyOf(fetchers);
        this.store = store;
        this.clock = clock;
        this.schedule = schedule;
        this.readings = new Readings(store, Schedule.STANDARD, clock);
        this.scheduler = new Scheduler(this.fetchers, posts, store, readings, clock, tick);
    }

    /** Builds the fetchers and their one HTTP client from the environment; nothing runs until {@link #start}. */
    public static Engagement create(EngagementConfig config, PostStore posts, EngagementStore store, Clock clock) {
        FetchClient client = new FetchClient(FetchClient.Settings.from(config));
        return new Engagement(Fetchers.standard(config, client), posts, store, clock, config.tick(), config.schedule());
    }

    /** Starts the background schedule, unless OUTPOST_ENGAGEMENT_SCHEDULE turned it off. */
    public void start() {
        if (schedule) scheduler.start();
    }

    /** Stops the schedule; fetches in flight are interrupted. */
    @Override
    public void close() {
        scheduler.close();
    }

    Scheduler scheduler() {
        return scheduler;
    }

    // ---------------------------------------------------------------- what the API does

    /** Thrown when a post's counts cannot be fetched at all: the network has no open API, or no key was given. */
    static final class NotFetchable extends Exception {
        NotFetchable(String message) {
            super(message, null, false, false);
        }
    }

    /** Fetches the post's counts now, whatever its schedule says (also after 30 days, also a post marked deleted). */
    Readings.Outcome refresh(Post post) throws NotFetchable, InterruptedException {
        Fetcher f = fetchers.get(post.network());
        if (f == null) {
            String why = post.network().equals(PostUrls.YOUTUBE) ? " needs an API key (OUTPOST_YOUTUBE_API_KEY)"
                    : " has no open API for counts";
            throw new NotFetchable("network: " + post.network() + why + "; enter them with PUT /api/v1/posts/" + post.id()
                    + "/engagement");
        }
        return readings.read(post, f);
    }

    /**
     * Stores counts the owner entered; the fetching schedule is left as it is. {@code PUT /api/v1/posts/{id}/engagement}
     * comes here, and so does the demo traffic generator.
     */
    public void enter(Post post, Counts c) {
        store.add(new Snapshot(post.id(), clock.millis(), c.comments(), c.shares(), c.likes(), "manual"));
    }

    List<Snapshot> history(Post post, int limit) {
        return store.history(post.id(), limit);
    }

    // ---------------------------------------------------------------- views

    /**
     * The fields {@code GET /api/v1/posts/{id}} gains: {@code engagement}, and the ratios that matter where they
     * can be computed (else null): visits per 100 engagements (comments plus shares) and conversions per 100 visits.
     */
    public Map<String, Object> detail(Post post, BigDecimal conversions) {
        Snapshot latest = store.latest(post.id()).orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engagement", view(post, latest));
        long visits = store.visits(post.id());
        Long engagements = latest == null ? null : new Counts(latest.comments(), latest.shares(), latest.likes()).engagements();
        m.put("visits_per_100_engagements", engagements == null || engagements == 0 ? null
                : per100(BigDecimal.valueOf(visits), engagements));
        m.put("conversions_per_100_visits", visits == 0 || conversions == null ? null : per100(conversions, visits));
        return m;
    }

    /** The post's engagement as the API shows it. */
    Map<String, Object> view(Post post) {
        return view(post, store.latest(post.id()).orElse(null));
    }

    private Map<String, Object> view(Post post, Snapshot latest) {
        State state = store.state(post.id()).orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("comments", latest == null ? null : latest.comments());
        m.put("shares", latest == null ? null : latest.shares());
        m.put("likes", latest == null ? null : latest.likes());
        m.put("fetched_at", latest == null ? null : instant(latest.takenAt()));
        m.put("error", state == null ? null : state.lastError());
        m.put("source", latest == null ? null : latest.source());
        m.put("fetchable", fetchers.containsKey(post.network()) && post.networkPostId() != null);
        m.put("next_fetch_at", state == null || state.nextFetchAt() == null ? null : instant(state.nextFetchAt()));
        m.put("deleted", state != null && state.deletedAt() != null);
        return m;
    }

    static Map<String, Object> snapshotView(Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taken_at", instant(s.takenAt()));
        m.put("comments", s.comments());
        m.put("shares", s.shares());
        m.put("likes", s.likes());
        m.put("source", s.source());
        return m;
    }

    private static BigDecimal per100(BigDecimal part, long whole) {
        BigDecimal r = part.multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r; // 100, not 1E+2
    }

    private static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
