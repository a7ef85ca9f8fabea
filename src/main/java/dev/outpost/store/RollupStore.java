package dev.outpost.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The rollup tables: {@code rollup_state} (how far a site's rows reach) and {@code rollup_rows}
 * (visits summed by dimension value and day). What the rows mean, and why adding them up gives the
 * same figures as counting the visits, is in {@code dev.outpost.report.query.Rollups}.
 */
public final class RollupStore {
    /** "No time yet" and "no limit" for the state's instants. */
    public static final long NEVER = Long.MAX_VALUE;

    /**
     * Where a site's rows stand. Rows count the visits started before {@code builtTo}, in days of
     * {@code timezone}; when {@code validTo} is lower, a late event changed a visit that started
     * then, and rows from that day on are stale.
     */
    public record State(long siteId, String timezone, long builtTo, long validTo, long dirtyFrom, long generation) {}

    /** One rollup row (see the migration V6 for the columns). */
    public record Row(String dim, String value, int day, int day2, int prev, long visitors, long visits, long pageviews,
                      long bounces, long engagedMs, long irregular) {}

    /** A sum of rows: a value of the dimension, and a bucket (a day number) or 0 without time. */
    public record Sum(String value, long bucket, long visitors, long visits, long pageviews, long bounces, long engagedMs,
                      long irregular) {}

    /** The sums of one read, and the state they were read with (the same statement, so they agree). */
    public record Sums(long builtTo, long validTo, List<Sum> sums) {}

    private final Jdbi jdbi;
    private final Database.Dialect dialect;

    public RollupStore(Database db) {
        this.jdbi = db.jdbi();
        this.dialect = db.dialect();
    }

    /**
     * Called by the writer in its transaction, once per batch: for each site, the earliest start of
     * a visit the batch changed. Always an UPDATE (it takes the row lock on PostgreSQL even when
     * nothing changes), so it waits for a builder committing rows and then sees how far they reach.
     */
    public static void visitsChanged(Handle h, Map<Long, Long> earliestBySite) throws SQLException {
        if (earliestBySite.isEmpty()) return;
        try (PreparedStatement ps = h.getConnection().prepareStatement("""
                UPDATE rollup_state SET
                    dirty_from = CASE WHEN ? < dirty_from THEN ? ELSE dirty_from END,
                    valid_to = CASE WHEN ? < built_to AND ? < valid_to THEN ? ELSE valid_to END
                WHERE site_id = ?""")) {
            for (var e : earliestBySite.entrySet()) {
                long t = e.getValue();
                for (int i = 1; i <= 5; i++) ps.setLong(i, t);
                ps.setLong(6, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public State state(long siteId) {
        return jdbi.withHandle(h -> state(h, siteId, false));
    }

    private State state(Handle h, long siteId, boolean lock) {
        String sql = "SELECT site_id, timezone, built_to, valid_to, dirty_from, generation FROM rollup_state WHERE site_id = :site"
                + (lock && dialect == Database.Dialect.POSTGRES ? " FOR UPDATE" : "");
        return h.createQuery(sql).bind("site", siteId)
                .map((rs, ctx) -> new State(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)))
                .findOne().orElse(null);
    }

    /**
     * Starts (or restarts) a site's rows: deletes rows of days from {@code fromDay} on (all when it
     * is null) and sets the state to reach {@code builtTo} in {@code timezone}, with nothing stale.
     * On PostgreSQL it first waits for writer transactions in flight: a writer that began before the
     * state row existed did not report its changes.
     */
    public void restart(long siteId, String timezone, Integer fromDay, long builtTo) {
        jdbi.useTransaction(h -> {
            if (dialect == Database.Dialect.POSTGRES) h.execute("LOCK TABLE sessions IN SHARE MODE");
            if (fromDay == null) h.execute("DELETE FROM rollup_rows WHERE site_id = ?", siteId);
            else h.execute("DELETE FROM rollup_rows WHERE site_id = ? AND day >= ?", siteId, fromDay);
            long generation = h.createQuery("SELECT COALESCE(MAX(generation), 0) FROM rollup_state WHERE site_id = ?")
                    .bind(0, siteId).mapTo(Long.class).one() + 1;
            h.execute("DELETE FROM rollup_state WHERE site_id = ?", siteId);
            h.execute("INSERT INTO rollup_state (site_id, timezone, built_to, valid_to, dirty_from, generation) VALUES (?, ?, ?, ?, ?, ?)",
                    siteId, timezone, builtTo, NEVER, NEVER, generation);
        });
    }

    /** Forgets the writer's changes so far: a build reads after this and checks before it writes. */
    public void clearDirty(long siteId) {
        jdbi.useTransaction(h -> h.execute("UPDATE rollup_state SET dirty_from = ? WHERE site_id = ?", NEVER, siteId));
    }

    /**
     * Replaces the rows of one day with {@code rows} and moves {@code built_to} to {@code builtTo},
     * unless the state changed since {@code expected} was read or {@code stale} says the writer
     * changed a visit the rows were made from: then nothing is written and the answer is false.
     */
    public boolean replaceDay(long siteId, State expected, int day, List<Row> rows, long builtTo, Predicate<State> stale) {
        try {
            return replaceDayOrThrow(siteId, expected, day, rows, builtTo, stale);
        } catch (SQLException e) {
            throw new IllegalStateException("storing rollup rows failed: " + e.getMessage(), e);
        }
    }

    private boolean replaceDayOrThrow(long siteId, State expected, int day, List<Row> rows, long builtTo, Predicate<State> stale)
            throws SQLException {
        return jdbi.<Boolean, SQLException>inTransaction(h -> {
            State now = state(h, siteId, true);
            if (now == null || !now.timezone().equals(expected.timezone()) || now.builtTo() != expected.builtTo()
                    || now.validTo() != expected.validTo() || stale.test(now)) {
                return false;
            }
            h.execute("DELETE FROM rollup_rows WHERE site_id = ? AND day = ?", siteId, day);
            insert(h, siteId, rows);
            h.execute("UPDATE rollup_state SET built_to = ? WHERE site_id = ?", builtTo, siteId);
            return true;
        });
    }

    private static void insert(Handle h, long siteId, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement ps = h.getConnection().prepareStatement("""
                INSERT INTO rollup_rows (site_id, dim, value, day, day2, prev, visitors, visits, pageviews, bounces, engaged_ms, irregular)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Row r : rows) {
                int i = 0;
                ps.setLong(++i, siteId);
                ps.setString(++i, r.dim());
                ps.setString(++i, r.value());
                ps.setInt(++i, r.day());
                ps.setInt(++i, r.day2());
                ps.setInt(++i, r.prev());
                ps.setLong(++i, r.visitors());
                ps.setLong(++i, r.visits());
                ps.setLong(++i, r.pageviews());
                ps.setLong(++i, r.bounces());
                ps.setLong(++i, r.engagedMs());
                ps.setLong(++i, r.irregular());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** How {@link #sum} buckets rows by their day: by day, by Monday-based week, by calendar month. */
    public enum Step { DAY, WEEK, MONTH }

    /**
     * Sums the rows of one dimension with {@code fromDay <= day <= lastDay} and {@code day2 <=
     * toDay}, by value and bucket: the first day of the row's {@code step} (null: no buckets,
     * bucket 0). A row's visitors count when its {@code prev} is before the range ({@code fromDay})
     * or before the start of its bucket.
     */
    public Sums sum(long siteId, String dim, int fromDay, int lastDay, int toDay, Step step) {
        String bucket = step == null ? "0" : bucketStart(step, fromDay, toDay);
        String counted = step == null ? "r.prev < :from" : "(r.prev < :from OR r.prev < " + bucket + ")";
        // The state comes in the same statement (one snapshot), as a first row without a value.
        String sql = "SELECT built_to, valid_to, NULL, 0, 0, 0, 0, 0, 0, 0 FROM rollup_state WHERE site_id = :site UNION ALL"
                + " SELECT 0, 0, r.value, " + bucket + ","
                + " SUM(CASE WHEN " + counted + " THEN r.visitors ELSE 0 END), SUM(r.visits), SUM(r.pageviews),"
                + " SUM(r.bounces), SUM(r.engaged_ms), SUM(r.irregular)"
                + " FROM rollup_rows r WHERE r.site_id = :site AND r.dim = :dim"
                + " AND r.day >= :from AND r.day <= :last AND r.day2 <= :to GROUP BY r.value"
                // A number in GROUP BY would name a column: a bucket that is one number is not grouped by.
                + (bucket.matches("-?[0-9]+") ? "" : ", " + bucket);
        return jdbi.withHandle(h -> {
            long[] state = {Long.MIN_VALUE, Long.MIN_VALUE};
            List<Sum> out = new ArrayList<>();
            h.createQuery(sql).bind("site", siteId).bind("dim", dim).bind("from", fromDay).bind("last", lastDay).bind("to", toDay)
                    .map((rs, ctx) -> {
                        String value = rs.getString(3);
                        if (value == null) { // the state row
                            state[0] = rs.getLong(1);
                            state[1] = rs.getLong(2);
                            return null;
                        }
                        return new Sum(value, rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                                rs.getLong(9), rs.getLong(10));
                    })
                    .forEach(s -> {
                        if (s != null) out.add(s);
                    });
            return state[0] == Long.MIN_VALUE ? null : new Sums(state[0], state[1], out);
        });
    }

    /** The first day of a row's bucket as SQL over {@code r.day}, for rows of days {@code fromDay} to {@code toDay}. */
    private static String bucketStart(Step step, int fromDay, int toDay) {
        return switch (step) {
            case DAY -> "r.day";
            // Day 0, 1970-01-01, was a Thursday: (day + 3) % 7 is 0 on Mondays.
            case WEEK -> "(r.day - ((r.day + 3) % 7))";
            case MONTH -> {
                StringBuilder b = new StringBuilder("CASE");
                LocalDate m = LocalDate.ofEpochDay(fromDay).withDayOfMonth(1), last = LocalDate.ofEpochDay(toDay);
                while (!m.plusMonths(1).isAfter(last)) {
                    b.append(" WHEN r.day < ").append(m.plusMonths(1).toEpochDay()).append(" THEN ").append(m.toEpochDay());
                    m = m.plusMonths(1);
                }
                yield b.length() == 4 ? Long.toString(m.toEpochDay()) : b.append(" ELSE ").append(m.toEpochDay()).append(" END").toString();
            }
        };
    }
}
