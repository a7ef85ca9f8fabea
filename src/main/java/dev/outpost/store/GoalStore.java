package dev.outpost.store;

import dev.outpost.domain.Goal;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Goals per site. */
public final class GoalStore {
    private final Jdbi jdbi;

    public GoalStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Thrown when the site already has a goal of that name. */
    public static final class NameTaken extends RuntimeException {
        NameTaken(String name) {
            super(name, null, false, false);
        }
    }

    public Goal create(long siteId, String name, String eventName, String pathPattern, Long valueMicros, String currency, long now) {
        if (byName(siteId, name).isPresent()) throw new NameTaken(name);
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO goals (site_id, name, event_name, path_pattern, value_micros, currency, created_at)
                        VALUES (:site, :name, :event, :path, :value, :currency, :now)""")
                .bind("site", siteId).bind("name", name).bind("event", eventName).bind("path", pathPattern)
                .bind("value", valueMicros).bind("currency", currency).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Goal(id, siteId, name, eventName, pathPattern, valueMicros, currency);
    }

    /**
     * Makes an event goal for {@code eventName} under the first free name of {@code names}, unless
     * the site has a goal for that event already or holds {@code maxGoals} goals; true when the
     * site has a goal for the event afterwards. Nodes racing to make it make one: UNIQUE (site_id,
     * name) turns the second insert into nothing.
     */
    public boolean ensureEventGoal(long siteId, String eventName, List<String> names, int maxGoals, long now) {
        return jdbi.withHandle(h -> {
            for (String name : names) {
                h.createUpdate("""
                                INSERT INTO goals (site_id, name, event_name, created_at)
                                SELECT :site, :name, :event, :now
                                WHERE NOT EXISTS (SELECT 1 FROM goals WHERE site_id = :site AND event_name = :event)
                                  AND (SELECT COUNT(*) FROM goals WHERE site_id = :site) < :max
                                ON CONFLICT (site_id, name) DO NOTHING""")
                        .bind("site", siteId).bind("name", name).bind("event", eventName).bind("now", now).bind("max", maxGoals)
                        .execute();
                boolean has = h.createQuery("SELECT COUNT(*) FROM goals WHERE site_id = :site AND event_name = :event")
                        .bind("site", siteId).bind("event", eventName).mapTo(Long.class).one() > 0;
                if (has) return true;
            }
            return false;
        });
    }

    public List<Goal> list(long siteId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE site_id = :site ORDER BY name").bind("site", siteId)
                .map((rs, ctx) -> row(rs)).list());
    }

    public Optional<Goal> byName(long siteId, String name) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE site_id = :site AND name = :name")
                .bind("site", siteId).bind("name", name).map((rs, ctx) -> row(rs)).findOne());
    }

    public Optional<Goal> byId(long id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /** Changes a goal's name, rule and value; empty when there is no such goal. */
    public Optional<Goal> update(Goal g) {
        Optional<Goal> same = byName(g.siteId(), g.name());
        if (same.isPresent() && same.get().id() != g.id()) throw new NameTaken(g.name());
        int n = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE goals SET name = :name, event_name = :event, path_pattern = :path, value_micros = :value,
                        currency = :currency WHERE id = :id""")
                .bind("name", g.name()).bind("event", g.eventName()).bind("path", g.pathPattern())
                .bind("value", g.valueMicros()).bind("currency", g.currency()).bind("id", g.id()).execute());
        return n == 0 ? Optional.empty() : Optional.of(g);
    }

    public boolean delete(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM goals WHERE id = :id").bind("id", id).execute()) > 0;
    }

    private static final String SELECT = "SELECT id, site_id, name, event_name, path_pattern, value_micros, currency FROM goals";

    private static Goal row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long v = rs.getLong("value_micros");
        Long value = rs.wasNull() ? null : v;
        return new Goal(rs.getLong("id"), rs.getLong("site_id"), rs.getString("name"), rs.getString("event_name"),
                rs.getString("path_pattern"), value, rs.getString("currency"));
    }
}
