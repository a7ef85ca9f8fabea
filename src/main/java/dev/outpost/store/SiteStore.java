package dev.outpost.store;

import dev.outpost.domain.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Sites and the hosts that count as each site. */
public final class SiteStore {
    private final Jdbi jdbi;

    public SiteStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Thrown when a domain or alias already belongs to a site. */
    public static final class HostTaken extends RuntimeException {
        public final String host;

        HostTaken(String host) {
            super("host already belongs to a site: " + host);
            this.host = host;
        }
    }

    /** Adds a site with its aliases in one transaction: all of it or nothing. */
    public Site create(String domain, String name, String timezone, List<String> aliases, long now) {
        try {
            return insert(domain, name, timezone, aliases, now);
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            // Another node added the same host between our check and our insert: the unique keys said no.
            if (byDomain(domain).isPresent()) throw new HostTaken(domain);
            throw e;
        }
    }

    private Site insert(String domain, String name, String timezone, List<String> aliases, long now) {
        return jdbi.inTransaction(h -> {
            for (String host : hostsOf(domain, aliases)) {
                if (h.createQuery("SELECT COUNT(*) FROM site_hosts WHERE host = :host").bind("host", host)
                        .mapTo(Integer.class).one() > 0) {
                    throw new HostTaken(host);
                }
            }
            long id = h.createUpdate("INSERT INTO sites (domain, name, timezone, created_at) VALUES (:domain, :name, :tz, :now)")
                    .bind("domain", domain).bind("name", name).bind("tz", timezone).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            for (String host : hostsOf(domain, aliases)) {
                h.createUpdate("INSERT INTO site_hosts (host, site_id, is_alias) VALUES (:host, :id, :alias)")
                        .bind("host", host).bind("id", id).bind("alias", !host.equals(domain)).execute();
            }
            return new Site(id, domain, name, timezone, aliases, now);
        });
    }

    /**
     * Changes a site's name, time zone and aliases in one transaction (its domain stays: it is in every URL and
     * snippet); empty when there is no such site. An alias another site holds is {@link HostTaken}.
     */
    public Optional<Site> update(long id, String name, String timezone, List<String> aliases) {
        try {
            return updateOrThrow(id, name, timezone, aliases);
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            // Another node gave a site one of these hosts between our check and our insert.
            for (String host : aliases) {
                Long owner = jdbi.withHandle(h -> h.createQuery("SELECT site_id FROM site_hosts WHERE host = :host")
                        .bind("host", host).mapTo(Long.class).findOne().orElse(null));
                if (owner != null && owner != id) throw new HostTaken(host);
            }
            throw e;
        }
    }

    private Optional<Site> updateOrThrow(long id, String name, String timezone, List<String> aliases) {
        return jdbi.inTransaction(h -> {
            for (String host : aliases) {
                if (h.createQuery("SELECT COUNT(*) FROM site_hosts WHERE host = :host AND site_id <> :id").bind("host", host)
                        .bind("id", id).mapTo(Integer.class).one() > 0) {
                    throw new HostTaken(host);
                }
            }
            if (h.createUpdate("UPDATE sites SET name = :name, timezone = :tz WHERE id = :id")
                    .bind("name", name).bind("tz", timezone).bind("id", id).execute() == 0) {
                return Optional.<Site>empty();
            }
            h.createUpdate("DELETE FROM site_hosts WHERE site_id = :id AND is_alias").bind("id", id).execute();
            for (String host : aliases) {
                h.createUpdate("INSERT INTO site_hosts (host, site_id, is_alias) VALUES (:host, :id, :alias)")
                        .bind("host", host).bind("id", id).bind("alias", true).execute();
            }
            return load(h, "SELECT id, domain, name, timezone, created_at FROM sites WHERE id = :id", Map.of("id", id))
                    .stream().findFirst();
        });
    }

    /**
     * Deletes a site with everything that belongs to it (events, visits, posts, goals: the schema cascades) in one
     * transaction; false when there was no such site.
     */
    public boolean delete(long id) {
        return jdbi.inTransaction(h -> h.createUpdate("DELETE FROM sites WHERE id = :id").bind("id", id).execute() > 0);
    }

    public List<Site> list() {
        return jdbi.withHandle(h -> load(h, "SELECT id, domain, name, timezone, created_at FROM sites ORDER BY domain", Map.of()));
    }

    public Optional<Site> byDomain(String domain) {
        return jdbi.withHandle(h -> load(h, "SELECT id, domain, name, timezone, created_at FROM sites WHERE domain = :d",
                Map.of("d", domain))).stream().findFirst();
    }

    private static List<String> hostsOf(String domain, List<String> aliases) {
        List<String> hosts = new ArrayList<>();
        hosts.add(domain);
        for (String a : aliases) if (!hosts.contains(a)) hosts.add(a);
        return hosts;
    }

    private record Row(long id, String domain, String name, String timezone, long createdAt) {}

    private static List<Site> load(Handle h, String sql, Map<String, ?> args) {
        List<Row> rows = h.createQuery(sql).bindMap(args)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("domain"), rs.getString("name"),
                        rs.getString("timezone"), rs.getLong("created_at")))
                .list();
        Map<Long, List<String>> aliases = new LinkedHashMap<>();
        h.createQuery("SELECT site_id, host FROM site_hosts WHERE is_alias ORDER BY host")
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .forEach(e -> aliases.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<Site> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Site(r.id, r.domain, r.name, r.timezone, aliases.getOrDefault(r.id, List.of()), r.createdAt));
        }
        return out;
    }
}
