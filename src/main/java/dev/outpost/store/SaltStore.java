package dev.outpost.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Set;
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
                create(path, HexFormat.of().formatHex(fresh).getBytes(StandardCharsets.US_ASCII));
            }
            // Another process on the same file may be writing it this instant: 64 hex digits or wait.
            for (int tries = 0; ; tries++) {
                String hex = Files.readString(path).strip();
                if (hex.matches("[0-9a-f]{64}")) return HexFormat.of().parseHex(hex);
                if (tries == 20) throw new IllegalStateException(path + " is not 64 hex digits; delete it and a new key is made");
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make or read the visitor id key " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + path, e);
        }
    }

    /** Writes a new file only its owner may read; if another process made it first, theirs stays. */
    private static void create(Path path, byte[] content) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (SeekableByteChannel ch = posix(path)
                ? Files.newByteChannel(path, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.newByteChannel(path, options)) {
            ch.write(ByteBuffer.wrap(content));
        } catch (FileAlreadyExistsException e) {
            // made by another process at the same moment: theirs counts
        }
    }

    private static boolean posix(Path path) {
        Path dir = path.toAbsolutePath().getParent();
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
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
