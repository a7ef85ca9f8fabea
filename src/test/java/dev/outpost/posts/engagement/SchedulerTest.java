package dev.outpost.posts.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.PostStore;
import dev.outpost.store.SiteStore;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The schedule on a real database, with fetchers that answer what each test needs. */
class SchedulerTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static Database db;
    private static PostStore posts;
    private static EngagementStore store;
    private static Site site;
    private static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void open() {
        db = Database.open(TestDatabases.freshUrl());
        posts = new PostStore(db);
        store = new EngagementStore(db);
        site = new SiteStore(db).create("sched.example", "Sched", "UTC", List.of(), 0);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** A fetcher for one made-up network per test, so tests never see each other's posts. */
    static final class StubFetcher implements Fetcher {
        final String network;
        final Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile FetchException failure;
        volatile CountDownLatch gate;

        StubFetcher(String network) {
            this.network = network;
        }

        @Override
        public String network() {
            return network;
        }

        @Override
        public String host(Post post) {
            return network.toLowerCase() + ".example";
        }

        @Override
        public Counts fetch(Post post) throws FetchException, InterruptedException {
            int n = calls.computeIfAbsent(post.id(), k -> new AtomicInteger()).incrementAndGet();
            CountDownLatch g = gate;
            if (g != null) g.await();
            if (failure != null) throw failure;
            return new Counts((long) n, 2L * n, 10L * n);
        }

        int calls(Post p) {
            AtomicInteger n = calls.get(p.id());
            return n == null ? 0 : n.get();
        }

        int total() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    private static Post post(String network, Instant published) {
        int n = SEQ.incrementAndGet();
        return posts.insert(List.of(new Post.Draft(site.id(), network, "id" + n, "https://" + network.toLowerCase()
                + ".example/p/" + n, null, published.toEpochMilli(), null, null,
                List.of(new Post.Target("https://sched.example/", "/")))), 0).get(0);
    }

    private static Engagement engagement(MutableClock clock, Fetcher... fetchers) {
        Map<String, Fetcher> map = new java.util.LinkedHashMap<>();
        for (Fetcher f : fetchers) map.put(f.network(), f);
        return new Engagement(map, posts, store, clock, Duration.ofHours(1), false);
    }

    private static void tick(Engagement e) throws Exception {
        for (Future<?> f : e.scheduler().tick()) f.get(10, TimeUnit.SECONDS);
    }

    private static int snapshots(Post p) {
        return store.history(p.id(), 1_000).size();
    }

    @Test
    void fetchesANewPostAtOnceThenHourlyThenDailyAndStopsAfterThirtyDays() throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(60));
        StubFetcher f = new StubFetcher("Hourly");
        Post p = post("Hourly", T0);
        try (Engagement e = engagement(clock, f)) {
            tick(e);
            assertThat(f.calls(p)).isEqualTo(1);
            assertThat(store.state(p.id()).orElseThrow().nextFetchAt()).isEqualTo(T0.plusSeconds(60 + 3600).toEpochMilli());

            clock.advance(Duration.ofMinutes(30));
            tick(e);
            assertThat(f.calls(p)).isEqualTo(1); // not due yet

            clock.advance(Duration.ofMinutes(31));
            tick(e);
            assertThat(f.calls(p)).isEqualTo(2);

            clock.set(T0.plus(Duration.ofDays(3)));
            tick(e);
            assertThat(f.calls(p)).isEqualTo(3);
            assertThat(store.state(p.id()).orElseThrow().nextFetchAt()).isEqualTo(T0.plus(Duration.ofDays(4)).toEpochMilli());

            clock.set(T0.plus(Duration.ofDays(29)).plus(Duration.ofHours(12)));
            tick(e);
            assertThat(store.state(p.id()).orElseThrow().nextFetchAt()).isEqualTo(T0.plus(Duration.ofDays(30)).toEpochMilli());

            clock.set(T0.plus(Duration.ofDays(30)));
            tick(e);
            assertThat(f.calls(p)).isEqualTo(5);
            assertThat(store.state(p.id()).orElseThrow().nextFetchAt()).isNull();

            clock.set(T0.plus(Duration.ofDays(60)));
            tick(e);
            assertThat(f.calls(p)).isEqualTo(5);
            assertThat(snapshots(p)).isEqualTo(5);
            assertThat(store.latest(p.id()).orElseThrow().comments()).isEqualTo(5L);
        }
    }

    @Test
    void anOldPostGetsOneReadingAndAPostNotYetPublishedWaits() throws Exception {
        MutableClock clock = new MutableClock(T0);
        StubFetcher f = new StubFetcher("Ages");
        Post old = post("Ages", T0.minus(Duration.ofDays(400)));
        Post future = post("Ages", T0.plus(Duration.ofDays(1)));
        try (Engagement e = engagement(clock, f)) {
            tick(e);
            assertThat(f.calls(old)).isEqualTo(1);
            assertThat(store.state(old.id()).orElseThrow().nextFetchAt()).isNull();
            assertThat(f.calls(future)).isZero();
            clock.set(T0.plus(Duration.ofDays(1)));
            tick(e);
            assertThat(f.calls(future)).isEqualTo(1);
        }
    }

    @Test
    void aFailingPostRecordsItsErrorAndNextRetryAndRecoversCleanly() throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(60));
        StubFetcher f = new StubFetcher("Flaky");
        Post p = post("Flaky", T0);
        try (Engagement e = engagement(clock, f)) {
            f.failure = FetchException.retry("flaky.example answered 500 (3 tries)");
            tick(e);
            EngagementStore.State s = store.state(p.id()).orElseThrow();
            assertThat(s.failures()).isEqualTo(1);
            assertThat(s.lastError()).isEqualTo("flaky.example answered 500 (3 tries)");
            long now = clock.millis();
            assertThat(s.nextFetchAt()).isBetween(now + 4 * 60_000, now + 6 * 60_000);

            clock.advance(Duration.ofMinutes(7));
            tick(e);
            assertThat(store.state(p.id()).orElseThrow().failures()).isEqualTo(2);
            assertThat(store.state(p.id()).orElseThrow().nextFetchAt()).isGreaterThan(clock.millis() + 7 * 60_000);

            f.failure = null;
            clock.advance(Duration.ofMinutes(15));
            tick(e);
            s = store.state(p.id()).orElseThrow();
            assertThat(s.failures()).isZero();
            assertThat(s.lastError()).isNull();
            assertThat(s.lastReadAt()).isEqualTo(clock.millis());
            assertThat(snapshots(p)).isEqualTo(1);
        }
    }

    @Test
    void aDeletedPostIsMarkedAndNeverFetchedAgainOnItsOwn() throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(60));
        StubFetcher f = new StubFetcher("Vanish");
        Post p = post("Vanish", T0);
        try (Engagement e = engagement(clock, f)) {
            f.failure = FetchException.gone("vanish.example answered 410: no such post");
            tick(e);
            EngagementStore.State s = store.state(p.id()).orElseThrow();
            assertThat(s.deletedAt()).isEqualTo(clock.millis());
            assertThat(s.nextFetchAt()).isNull();
            assertThat(s.lastError()).contains("410");
            for (int day = 1; day <= 3; day++) {
                clock.advance(Duration.ofDays(1));
                tick(e);
            }
            assertThat(f.calls(p)).isEqualTo(1);
        }
    }

    @Test
    void oneNetworksOutageNeverStallsAnother() throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(60));
        StubFetcher stuck = new StubFetcher("Stuck");
        StubFetcher fine = new StubFetcher("Fine");
        stuck.gate = new CountDownLatch(1); // hangs like a host that never answers
        Post hanging = post("Stuck", T0);
        Post healthy = post("Fine", T0);
        try (Engagement e = engagement(clock, stuck, fine)) {
            List<Future<?>> first = e.scheduler().tick();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // Wait until the healthy network's work of this tick is wholly done, not just called.
            while (first.stream().noneMatch(Future::isDone) && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(fine.calls(healthy)).isEqualTo(1);

            // The next tick still serves the healthy network and leaves the busy one alone.
            clock.advance(Duration.ofHours(2));
            List<Future<?>> second = e.scheduler().tick();
            assertThat(second).hasSize(1);
            second.get(0).get(10, TimeUnit.SECONDS);
            assertThat(fine.calls(healthy)).isEqualTo(2);
            assertThat(stuck.calls(hanging)).isEqualTo(1);

            stuck.gate.countDown();
            for (Future<?> f : first) f.get(10, TimeUnit.SECONDS);
            assertThat(snapshots(hanging)).isEqualTo(1);
        }
    }

    @Test
    void afterAHostFailsTheRestOfItsBatchWaitsWithoutCountingAFailure() throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(60));
        StubFetcher f = new StubFetcher("Outage");
        Post a = post("Outage", T0);
        Post b = post("Outage", T0);
        try (Engagement e = engagement(clock, f)) {
            f.failure = FetchException.retry("outage.example: could not connect (3 tries)");
            tick(e);
            assertThat(f.total()).isEqualTo(1);
            Post skipped = f.calls(a) == 1 ? b : a;
            EngagementStore.State s = store.state(skipped.id()).orElseThrow();
            assertThat(s.failures()).isZero();
            assertThat(s.lastError()).isNull();
            assertThat(s.nextFetchAt()).isEqualTo(clock.instant().plus(Scheduler.HOST_PAUSE).toEpochMilli());
        }
    }

    @Test
    void workPerTickIsBoundedByTheBatchSize() throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(60));
        StubFetcher f = new StubFetcher("Busy");
        for (int i = 0; i < Scheduler.BATCH + 5; i++) post("Busy", T0);
        try (Engagement e = engagement(clock, f)) {
            tick(e);
            assertThat(f.total()).isEqualTo(Scheduler.BATCH);
            tick(e);
            assertThat(f.total()).isEqualTo(Scheduler.BATCH + 5);
        }
    }

    @Test
    void twoNodesOnOneDatabaseFetchEachDuePostOnce() throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(60));
        StubFetcher f = new StubFetcher("Shared");
        for (int i = 0; i < 10; i++) post("Shared", T0);
        try (Engagement one = engagement(clock, f); Engagement two = engagement(clock, f)) {
            List<Future<?>> all = new java.util.ArrayList<>(one.scheduler().tick());
            all.addAll(two.scheduler().tick());
            for (Future<?> x : all) x.get(10, TimeUnit.SECONDS);
            assertThat(f.total()).isEqualTo(10);
            assertThat(f.calls.values()).allMatch(n -> n.get() == 1);
        }
    }

    @Test
    void stopsItsThreadsWhenClosed() throws Exception {
        MutableClock clock = new MutableClock(T0.plusSeconds(60));
        StubFetcher f = new StubFetcher("Closing");
        f.gate = new CountDownLatch(1); // a fetch in flight when the server stops
        post("Closing", T0);
        Engagement e = new Engagement(Map.of("Closing", f), posts, store, clock, Duration.ofMillis(50), true);
        e.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (f.total() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(f.total()).isEqualTo(1);
        assertThat(threads("engagement-closing")).isNotEmpty();
        long start = System.nanoTime();
        e.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(threadsGone("engagement-closing")).isTrue();
        assertThat(threadsGone("engagement-tick")).isTrue();
    }

    static List<Thread> threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).toList();
    }

    /** A terminated pool's last thread may take a moment to end after the pool says it is done. */
    static boolean threadsGone(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!threads(name).isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        return threads(name).isEmpty();
    }
}
