package dev.outpost.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reading rows for a list of visitors (or visit ids) that may run to thousands: in chunks, so that no statement has
 * more parameters than a database takes, each bound as its dialect takes a list ({@link Database.Dialect#anyOf}).
 */
final class InList {
    /** Well under SQLite's 32,766 parameters, and small enough that one statement stays quick to plan. */
    static final int CHUNK = 500;

    private InList() {}

    /** The values in runs of at most {@link #CHUNK}. */
    static <T> List<List<T>> chunks(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        return out;
    }

    /** The condition "{@code column} is one of {@code n} visitors", for plain JDBC; bind them with {@link #bind}. */
    static String in(Database.Dialect dialect, String column, int n) {
        return dialect.anyOf(column, n);
    }

    /** Binds a chunk after parameter {@code p}, as {@link #in} asked for it; returns the last parameter bound. */
    static int bind(PreparedStatement ps, int p, Database.Dialect dialect, List<String> chunk) throws SQLException {
        return dialect.bindAnyOf(ps, p, chunk);
    }
}
