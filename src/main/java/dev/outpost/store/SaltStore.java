package dev.outpost.store;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HexFormat;
import org.jdbi.v3.core.Jdbi;

/**
 * The daily random salt behind visitor ids. It lives in the database so that every node behind a
 * load balancer hashes a visitor the same way; the first node to need a day's salt creates it.
 */
public final class SaltStore {
    private final Jdbi jdbi;
    private final SecureRandom random = new SecureRandom();

    private record DaySalt(LocalDate day, byte[] salt) {}

    private volatile DaySalt current;

    public SaltStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** The salt of a UTC day; earlier days' salts are deleted the moment a new day's is needed. */
    public byte[] saltFor(LocalDate day) {
        DaySalt c = current;
        if (c != null && c.day.equals(day)) return c.salt;
        synchronized (this) {
            c = current;
            if (c != null && c.day.equals(day)) return c.salt;
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            String hex = jdbi.inTransaction(h -> {
                h.createUpdate("INSERT INTO salts (day, salt) VALUES (:day, :salt) ON CONFLICT (day) DO NOTHING")
                        .bind("day", day.toString()).bind("salt", HexFormat.of().formatHex(fresh)).execute();
                h.createUpdate("DELETE FROM salts WHERE day < :day").bind("day", day.toString()).execute();
                return h.createQuery("SELECT salt FROM salts WHERE day = :day").bind("day", day.toString())
                        .mapTo(String.class).one();
            });
            current = new DaySalt(day, HexFormat.of().parseHex(hex));
            return current.salt;
        }
    }
}
