package dev.outpost.ingest;

import dev.outpost.domain.DropReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node did with each site's beacons in the last {@link #MINUTES} minutes: how many were
 * counted, how many dropped or refused and why, and the last few of each, so an owner testing the
 * snippet sees at once that a page on {@code localhost} was refused as a foreign host. Memory only:
 * a restart forgets it, and another node's beacons are counted there (the drops table keeps the days).
 */
public final class RecentBeacons {
    public static final int MINUTES = 10;
    /** Refused because the page's host is neither the site's domain nor an alias (a 400, not a drop). */
    public static final String FOREIGN_HOST = "foreign_host";
    public static final String COUNTED = "counted";
    private static final int LAST = 8;
    private static final List<String> OUTCOMES = outcomes();

    /** One beacon as the owner is shown it: when, what was done with it, its event and its page. */
    public record Entry(long ts, String outcome, String name, String host, String path) {}

    /** A site's window: counts by outcome (every outcome listed, zeros too) and the latest beacons, newest first. */
    public record Window(Map<String, Long> counts, List<Entry> latest) {}

    private final Map<Long, SiteWindow> sites = new ConcurrentHashMap<>();

    void counted(long siteId, long now, String name, String host, String path) {
        record(siteId, new Entry(now, COUNTED, name, host, path));
    }

    void dropped(long siteId, long now, DropReason reason, String name, String host, String path) {
        record(siteId, new Entry(now, reason.label(), name, host, path));
    }

    void foreignHost(long siteId, long now, String name, String host, String path) {
        record(siteId, new Entry(now, FOREIGN_HOST, name, host, path));
    }

    /** The site's last {@link #MINUTES} minutes before {@code now}. */
    public Window window(long siteId, long now) {
        SiteWindow w = sites.get(siteId);
        if (w == null) return new Window(zeros(), List.of());
        return w.read(now);
    }

    private void record(long siteId, Entry e) {
        sites.computeIfAbsent(siteId, k -> new SiteWindow()).add(e);
    }

    private static Map<String, Long> zeros() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String o : OUTCOMES) m.put(o, 0L);
        return m;
    }

    private static List<String> outcomes() {
        List<String> all = new ArrayList<>();
        all.add(COUNTED);
        all.add(FOREIGN_HOST);
        for (DropReason r : DropReason.values()) all.add(r.label());
        return List.copyOf(all);
    }

    /** Counts per minute in a ring of {@link #MINUTES} slots, and the last {@link #LAST} beacons. */
    private static final class SiteWindow {
        private final long[] minute = new long[MINUTES];
        private final long[][] counts = new long[MINUTES][OUTCOMES.size()];
        private final ArrayDeque<Entry> latest = new ArrayDeque<>(LAST);

        synchronized void add(Entry e) {
            long m = e.ts() / 60_000;
            int slot = (int) (m % MINUTES);
            if (minute[slot] != m) {
                minute[slot] = m;
                java.util.Arrays.fill(counts[slot], 0);
            }
            counts[slot][OUTCOMES.indexOf(e.outcome())]++;
            if (latest.size() == LAST) latest.removeLast();
            latest.addFirst(e);
        }

        synchronized Window read(long now) {
            long m = now / 60_000;
            Map<String, Long> out = zeros();
            for (int slot = 0; slot < MINUTES; slot++) {
                if (minute[slot] <= m - MINUTES || minute[slot] > m) continue;
                for (int i = 0; i < OUTCOMES.size(); i++) out.merge(OUTCOMES.get(i), counts[slot][i], Long::sum);
            }
            long since = (m - MINUTES + 1) * 60_000;
            return new Window(out, latest.stream().filter(e -> e.ts() >= since && e.ts() <= now).toList());
        }
    }
}
