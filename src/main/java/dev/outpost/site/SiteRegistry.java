package dev.outpost.site;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.outpost.domain.Site;
import dev.outpost.store.SiteStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Sites by domain for the hot ingest path. The database is the truth (several nodes may share it);
 * this node keeps what it read for a few seconds, so a site added on another node counts here
 * within {@link #TTL}.
 */
public final class SiteRegistry {
    static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration KEEP_KNOWN = Duration.ofDays(365);

    private final SiteStore store;
    private final LoadingCache<String, Optional<Site>> byDomain;

    public SiteRegistry(SiteStore store) {
        this.store = store;
        // A known site is reloaded in the background and served meanwhile: beacons never wait on
        // the database, and while it is away (each try waits out the pool's 30 s) they are still
        // accepted. An unknown domain is looked up again after the TTL.
        this.byDomain = Caffeine.newBuilder().maximumSize(10_000)
                .refreshAfterWrite(TTL)
                .expireAfter(Expiry.writing((String d, Optional<Site> s) -> s.isPresent() ? KEEP_KNOWN : TTL))
                .executor(Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "site-refresh");
                    t.setDaemon(true);
                    return t;
                }))
                .build(store::byDomain);
    }

    /** The site a beacon names (domain spelled any way {@link Domains#normalise} accepts). */
    public Optional<Site> find(String domain) {
        String d = Domains.normalise(domain);
        return d == null ? Optional.empty() : byDomain.get(d);
    }

    public Site create(String domain, String name, String timezone, List<String> aliases, long now) {
        Site s = store.create(domain, name, timezone, aliases, now);
        byDomain.invalidate(domain);
        return s;
    }

    /** Changes name, time zone and aliases; this node sees the change at once, others within {@link #TTL}. */
    public Optional<Site> update(Site site, String name, String timezone, List<String> aliases) {
        Optional<Site> s = store.update(site.id(), name, timezone, aliases);
        byDomain.invalidate(site.domain());
        return s;
    }

    /** Deletes the site and all it holds; false when it was already gone. */
    public boolean delete(Site site) {
        boolean gone = store.delete(site.id());
        byDomain.invalidate(site.domain());
        return gone;
    }

    public List<Site> list() {
        return store.list();
    }
}
