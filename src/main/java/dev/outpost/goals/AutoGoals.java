package dev.outpost.goals;

import dev.outpost.domain.Event;
import dev.outpost.store.GoalStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revenue is never invisible: a {@code purchase} event, or any event with revenue, gets an event
 * goal ("Purchase" for {@code purchase}) the first time a node sees it for a site, so the
 * dashboard counts it without anyone adding a goal by hand. Each node asks the database once per
 * site and event name (remembered in {@link #ensured}), off the beacon's thread; a site with
 * {@link #MAX_GOALS} goals gets no more, so beacons cannot fill the goals list.
 */
public final class AutoGoals implements Consumer<Event>, AutoCloseable {
    public static final String PURCHASE = "purchase";
    static final int MAX_GOALS = 50;
    /** Names are many only under abuse; forgetting them costs one more check each. */
    private static final int MAX_REMEMBERED = 10_000;
    private static final Logger log = LoggerFactory.getLogger(AutoGoals.class);

    private final GoalStore goals;
    private final Clock clock;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "auto-goals");
        t.setDaemon(true);
        return t;
    });

    public AutoGoals(GoalStore goals, Clock clock) {
        this.goals = goals;
        this.clock = clock;
    }

    /** Does an event with this name and revenue count as a conversion without a goal made by hand? */
    public static boolean isConversion(String eventName, boolean hasRevenue) {
        return hasRevenue || PURCHASE.equals(eventName);
    }

    /** An accepted beacon: its goal is made in the background, once per node, if it needs one. */
    @Override
    public void accept(Event e) {
        if (!isConversion(e.name(), e.revenueMicros() != null)) return;
        String key = e.siteId() + "\n" + e.name();
        if (ensured.contains(key)) return;
        if (ensured.size() >= MAX_REMEMBERED) ensured.clear();
        if (!ensured.add(key)) return;
        worker.execute(() -> {
            try {
                ensure(e.siteId(), e.name());
            } catch (RuntimeException ex) {
                ensured.remove(key); // the next such beacon tries again
                log.warn("could not make the goal for event '{}' of site {}: {}", e.name(), e.siteId(), ex.getMessage());
            }
        });
    }

    /** Makes the event's goal now unless the site has one; true when the site has one afterwards. */
    public boolean ensure(long siteId, String eventName) {
        return goals.ensureEventGoal(siteId, eventName, names(eventName), MAX_GOALS, clock.millis());
    }

    /** "purchase" → "Purchase", then the event's own name should a path goal hold that name already. */
    static List<String> names(String eventName) {
        List<String> out = new ArrayList<>();
        out.add(eventName.substring(0, 1).toUpperCase(Locale.ROOT) + eventName.substring(1));
        if (!out.get(0).equals(eventName)) out.add(eventName);
        out.add(eventName + " (event)");
        return out;
    }

    /** Waits for goals being made (tests and shutdown). */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
