package dev.outpost.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * The daily random salt behind visitor ids. It lives in the database so that every node behind a
 * load balancer hashes a visitor the same way; the first node to need a day's salt creates it.
 *
 * <p>A stored salt alone would not keep ids from IPs: whoever reads the day's salt can hash all 4.3
 * billion IPv4 addresses with common User-Agents in minutes and find that day's visitors. So with a
 * key the salt nodes hash with is HMAC-SHA256(key, stored salt), and the key is never in the
 * database: {@code OUTPOST_SALT_KEY} (the same on every node), or, on SQLite, a file made once next
 * to the database file (every process on that file finds it). Without a key (PostgreSQL without
 * the variable) the stored salt is used as it is. Losing the key only renumbers the day's visitors.
 */
public final class SaltStore {
    private final Jdbi jdbi;
    private final byte[] key;
    private final SecureRandom random = new SecureRandom();

    private record DaySalt(LocalDate day, byte[] salt) {}

    private volatile DaySalt current;

    /** @param key from {@link #key}; null hashes with the stored salt itself */
    public SaltStore(Database db, byte[] key) {
        this.jdbi = db.jdbi();
        this.key = key == null ? null : key.clone();
    }

    /**
     * The key for a database: the configured one, else a SQLite file's key file (made on first use,
     * readable by its owner only), else null.
     */
    public static byte[] key(String configured, String jdbcUrl) {
        if (configured != null) return configured.getBytes(StandardCharsets.UTF_8);
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) return null;
        String file = jdbcUrl.substring("jdbc:sqlite:".length()).split("\\?", 2)[0];
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return null;
        Path path = Path.of(file + ".salt-key");
        try {
            if (!Files.exists(path)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), ".salt-key", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's permissions have to do
                }
                Files.writeString(tmp, HexFormat.of().formatHex(fresh));
                try {
                    Files.createLink(path, tmp); // fails if another process made it first: theirs counts
                } catch (FileAlreadyExistsException e) {
                    // keep theirs
                } finally {
                    Files.delete(tmp);
                }
            }
            return HexFormat.of().parseHex(Files.readString(path).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make or read the visitor id key " + path, e);
        }
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
            current = new DaySalt(day, keyed(HexFormat.of().parseHex(hex)));
            return current.salt;
        }
    }

    private byte[] keyed(byte[] stored) {
        if (key == null) return stored;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
