package dev.outpost.report.query;

import dev.outpost.attribution.Sessions;
import dev.outpost.domain.Site;
import dev.outpost.store.QueryStore.PageviewRow;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RollupStore;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each site's rollup rows: its visits summed per day, dimension value and "previous visit",
 * so a report over many days adds up a few rows per day instead of reading every visit.
 *
 * <p><b>What a row is.</b> For each visit and each rollup dimension (the totals, every visit
 * attribute, pages) the visit adds to the row {@code (dim, value, day, day2, prev)}: {@code day}
 * is the visit's start day in the site's zone, {@code prev} the start day of the same visitor's
 * previous visit with the same value ({@code -1}: none). Visits, pageviews, bounces and engaged
 * time simply add up. For pages the row is per visit and path, {@code day2} the day the visit
 * first viewed the path; pageviews of later days add rows of their own.
 *
 * <p><b>Why visitors add up exactly.</b> A visitor with a value counts once in a range of days
 * [D1, D2]: through the first of their visits in the range with that value. That visit is the one
 * whose previous visit with the value started before D1; every later one's previous visit is in
 * the range. So the visitors of a range are the sum over rows in it with {@code prev < D1}, and a
 * day, week or month bucket takes {@code prev} before the bucket's start (or D1, if later). This
 * holds for daily visitor ids and first-party ids alike, which may come back after months.
 * For pages a visit counts in a range when it started in it and viewed the path in it, i.e.
 * {@code D1 <= day} and {@code day2 <= D2}; the argument holds as long as one visitor's visits
 * viewed a path in start order. A visit that breaks that (two overlapping visits of one visitor,
 * a pageview stamped before its visit began, one the builder could not find) marks its row
 * irregular, and a pages report over a range with such a row counts the visits themselves.
 *
 * <p><b>Rows under a filter.</b> The same rows are also made for the visits with one value of
 * one visit attribute ("source is Google"), and for the visits that viewed one page (the page's
 * rows are like a page row, by every dimension: {@code day2} the day the visit first viewed the
 * page, the pageviews those of the page). So a report filtered by a row the owner clicked adds up
 * rows too. Each day keeps them for the day's {@link #KEPT} most frequent values of each
 * attribute and pages with {@link #KEPT_MIN_VISITS} visits or more, so a long tail of referrers
 * or posts, or a small site's few visits, do not multiply the rows; the
 * engine makes the rows of a value's other days on the spot from its visits (a value outside a
 * day's top has few visits that day), which counts the same, as the first visit of a visitor in a
 * range is the same whichever days had rows.
 *
 * <p><b>When rows are built.</b> Every minute, each site's rows are extended to visits that
 * started before {@code W}: 35 minutes ago, or earlier if a visit that started before is still
 * going on, so the visits counted are over. The current day's rows are made anew each time. The
 * query engine counts the visits since then on the spot, with the same {@link RollupRows}.
 *
 * <p><b>Why rows stay right.</b> An event that still reaches a counted visit (the writer was
 * held up, say) makes the writer lower the site's {@code valid_to} in its own transaction: the
 * engine no longer uses the rows of that day and after, and the next run rebuilds them. A run
 * clears {@code dirty_from} before reading and writes only if no counted visit changed since
 * (the writer lowers it in the same statement), so rows never miss a change made while a run
 * read. A site whose time zone changed is rebuilt from scratch.
 */
public final class Rollups implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Rollups.class);
    /** Visits quiet for this long are over: the session gap plus time for the writer to commit. */
    static final long SETTLED = Sessions.GAP.toMillis() + Duration.ofMinutes(5).toMillis();
    /** How far back the builder looks for visits still going on; older ones are rare, and a late event to them is caught. */
    static final long OPEN_LOOKBACK = Duration.ofHours(6).toMillis();
    /**
     * Pageviews may be stamped a little before their visit's start (beacons of one page arrive out
     * of order by milliseconds). One stamped earlier still is missed, and its visit's count of
     * pageviews tells: its day is then counted from the visits.
     */
    static final long VIEW_SLACK = Duration.ofMinutes(1).toMillis();
    /**
     * Rows under a filter are kept for at most this many values of each visit attribute (and
     * pages) a day, the day's most frequent: the rows of a table's top values when the owner
     * clicks one. A value outside them that day has few visits there, which the query engine
     * counts itself.
     */
    static final int KEPT = 25;
    /**
     * ... and only for values with at least this many visits that day: rows of a few visits each
     * would outnumber the visits (a small site's every value), which SQL counts quickly anyway.
     */
    static final int KEPT_MIN_VISITS = 50;

    private final Supplier<List<Site>> sites;
    private final QueryStore store;
    private final RollupStore rollups;
    private final Clock clock;
    private final int kept, keptMinVisits;
    private ScheduledExecutorService timer;

    public Rollups(Supplier<List<Site>> sites, QueryStore store, RollupStore rollups, Clock clock) {
        this(sites, store, rollups, clock, KEPT, KEPT_MIN_VISITS);
    }

    /** Rows that keep other numbers of values a day (tests keep few, so queries mix kept and other days). */
    Rollups(Supplier<List<Site>> sites, QueryStore store, RollupStore rollups, Clock clock, int kept, int keptMinVisits) {
        this.sites = sites;
        this.store = store;
        this.rollups = rollups;
        this.clock = clock;
        this.kept = kept;
        this.keptMinVisits = keptMinVisits;
    }

    /** Builds every site's rows now and then every {@code every}, on a thread of its own. */
    public void start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rollups");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::buildAllQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void buildAllQuietly() {
        for (Site site : sites.get()) {
            try {
                build(site);
            } catch (RuntimeException e) {
                log.warn("rollups of {} not built this time: {}", site.domain(), e.toString());
            }
        }
    }

    /** Extends one site's rows as far as its visits are over; true when they reach that far. */
    public boolean build(Site site) {
        ZoneId zone = ZoneId.of(site.timezone());
        long now = clock.millis();
        long w = now - SETTLED;
        Long open = store.earliestOpenVisit(site.id(), now - OPEN_LOOKBACK, now - SETTLED);
        if (open != null) w = Math.min(w, open);

        RollupStore.State state = rollups.state(site.id());
        if (state == null || !state.timezone().equals(site.timezone())) {
            Long first = store.firstVisit(site.id());
            long start = first == null ? w : dayStart(zone, day(zone, first));
            rollups.restart(site.id(), site.timezone(), null, Math.min(start, w));
            state = rollups.state(site.id());
        } else if (state.validTo() < state.builtTo()) {
            // A late event changed a counted visit: its day and the days after are made again.
            int from = day(zone, state.validTo());
            rollups.restart(site.id(), site.timezone(), from, dayStart(zone, from));
            state = rollups.state(site.id());
        }
        // From the day builtTo falls in (made anew when it was cut short) to the day of W.
        long built = state.builtTo();
        for (int d = day(zone, built); dayStart(zone, d) < w; d++) {
            long from = dayStart(zone, d), to = Math.min(dayStart(zone, d + 1), w);
            if (to <= built) continue;
            rollups.clearDirty(site.id());
            RollupStore.State read = rollups.state(site.id());
            List<RollupStore.Row> rows = rowsOf(site.id(), zone, from, to);
            if (!rollups.replaceDay(site.id(), read, d, rows, to, s -> s.dirtyFrom() < to)) {
                log.info("rollups of {}: a visit changed while {} was summed; next run", site.domain(), LocalDate.ofEpochDay(d));
                return false;
            }
            built = to;
        }
        return true;
    }

    /** The rows of the visits that started in [from, to). */
    List<RollupStore.Row> rowsOf(long siteId, ZoneId zone, long from, long to) {
        List<VisitRow> visits = store.visitsStarted(siteId, from, to);
        if (visits.isEmpty()) return List.of();
        Set<String> visitors = new HashSet<>();
        for (VisitRow v : visits) visitors.add(v.visitorId());
        List<VisitRow> history = store.visitsOf(siteId, visitors, 0, from);
        List<VisitRow> all = new ArrayList<>(visits);
        all.addAll(history);
        Map<Long, List<PageviewRow>> views = store.pageviewsOf(siteId, all, VIEW_SLACK);
        RollupRows rows = new RollupRows(zone, null, RollupRows.topValues(visits, views, kept, keptMinVisits));
        rows.add(visits, history, views);
        return rows.rows();
    }

    static int day(ZoneId zone, long ts) {
        return (int) java.time.Instant.ofEpochMilli(ts).atZone(zone).toLocalDate().toEpochDay();
    }

    /**
     * How far a site's rows can be used: to {@code builtTo}, or while a late event has made some
     * stale, to the start of the day it changed.
     */
    static long reach(RollupStore.State state, ZoneId zone) {
        return state.validTo() < state.builtTo() ? dayStart(zone, day(zone, state.validTo())) : state.builtTo();
    }

    static long dayStart(ZoneId zone, int day) {
        return LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
