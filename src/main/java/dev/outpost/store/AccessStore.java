package dev.outpost.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Users, sign-in sessions, API keys and shared dashboard links. Every secret arrives here already
 * hashed (see access.Secrets and access.Passwords): nothing in these tables lets anyone in.
 */
public final class AccessStore {
    private final Jdbi jdbi;

    public AccessStore(Database db) {
        this.jdbi = db.jdbi();
    }

    public record User(long id, String email, String passwordHash) {}

    /** A live sign-in session with its user. */
    public record Session(long userId, String email, String csrf, long expiresAt) {}

    public record ApiKey(long id, String name, String prefix, String scope, long createdAt, Long lastUsedAt, Long revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    public record ShareLink(long id, String site, String prefix, long createdAt, Long revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** Thrown when the server already has its admin: setup happens once. */
    public static final class AlreadyClaimed extends RuntimeException {
        AlreadyClaimed() {
            super("this server already has an admin", null, false, false);
        }
    }

    public boolean hasUser() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one()) > 0;
    }

    /**
     * Creates the first admin and, in the same transaction, whatever {@code alsoCreate} writes (the
     * first site: its store joins this transaction, being on the same thread). If that throws,
     * nothing is written. A second setup, even racing on another node, ends in {@link AlreadyClaimed}.
     */
    public long claim(String email, String passwordHash, long now, Runnable alsoCreate) {
        try {
            return jdbi.inTransaction(h -> {
                if (h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one() > 0) throw new AlreadyClaimed();
                long id = h.createUpdate("INSERT INTO users (email, password_hash, created_at) VALUES (:email, :hash, :now)")
                        .bind("email", email).bind("hash", passwordHash).bind("now", now)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                // The racing second setup waits here for the first to commit, then fails on the key.
                h.createUpdate("INSERT INTO setup_claim (id, user_id, claimed_at) VALUES (1, :id, :now)")
                        .bind("id", id).bind("now", now).execute();
                alsoCreate.run();
                return id;
            });
        } catch (UnableToExecuteStatementException e) {
            if (hasUser()) throw new AlreadyClaimed();
            throw e;
        }
    }

    public Optional<User> userByEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, email, password_hash FROM users WHERE email = :email")
                .bind("email", email)
                .map((rs, ctx) -> new User(rs.getLong("id"), rs.getString("email"), rs.getString("password_hash")))
                .findOne());
    }

    /** Sets a user's password and ends all their sessions; false when there is no such user. */
    public boolean setPassword(String email, String passwordHash) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate("UPDATE users SET password_hash = :hash WHERE email = :email")
                    .bind("hash", passwordHash).bind("email", email).execute();
            h.createUpdate("DELETE FROM login_sessions WHERE user_id IN (SELECT id FROM users WHERE email = :email)")
                    .bind("email", email).execute();
            return n > 0;
        });
    }

    /** Replaces an outdated password hash (same password, more work) without touching sessions. */
    public void rehash(long userId, String passwordHash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                .bind("hash", passwordHash).bind("id", userId).execute());
    }

    /** Starts a session; sessions past their expiry are swept out on the way. */
    public void createSession(String tokenHash, long userId, String csrf, long now, long expiresAt) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM login_sessions WHERE expires_at <= :now").bind("now", now).execute();
            h.createUpdate("""
                    INSERT INTO login_sessions (token_hash, user_id, csrf, created_at, expires_at)
                    VALUES (:hash, :user, :csrf, :now, :expires)""")
                    .bind("hash", tokenHash).bind("user", userId).bind("csrf", csrf).bind("now", now).bind("expires", expiresAt)
                    .execute();
        });
    }

    public Optional<Session> session(String tokenHash, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.user_id, u.email, s.csrf, s.expires_at
                        FROM login_sessions s JOIN users u ON u.id = s.user_id
                        WHERE s.token_hash = :hash AND s.expires_at > :now""")
                .bind("hash", tokenHash).bind("now", now)
                .map((rs, ctx) -> new Session(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .findOne());
    }

    public void deleteSession(String tokenHash) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_sessions WHERE token_hash = :hash").bind("hash", tokenHash).execute());
    }

    public ApiKey createKey(String name, String prefix, String keyHash, String scope, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO api_keys (name, prefix, key_hash, scope, created_at)
                        VALUES (:name, :prefix, :hash, :scope, :now)""")
                .bind("name", name).bind("prefix", prefix).bind("hash", keyHash).bind("scope", scope).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new ApiKey(id, name, prefix, scope, now, null, null);
    }

    private static final String KEY_COLUMNS = "id, name, prefix, scope, created_at, last_used_at, revoked_at";

    /** All keys, revoked ones too (the list shows when they were revoked), newest first. */
    public List<ApiKey> keys() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + KEY_COLUMNS + " FROM api_keys ORDER BY created_at DESC, id DESC")
                .map((rs, ctx) -> new ApiKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        nullableLong(rs, 6), nullableLong(rs, 7)))
                .list());
    }

    /** The key with this hash, revoked or not. */
    public Optional<ApiKey> keyByHash(String keyHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE key_hash = :hash")
                .bind("hash", keyHash)
                .map((rs, ctx) -> new ApiKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        nullableLong(rs, 6), nullableLong(rs, 7)))
                .findOne());
    }

    /** Revokes a key; false when there is no such key or it was already revoked. */
    public boolean revokeKey(long id, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now).bind("id", id).execute()) > 0;
    }

    public void keyUsed(long id, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE api_keys SET last_used_at = :now WHERE id = :id").bind("now", now).bind("id", id).execute());
    }

    public ShareLink createShare(long siteId, String site, String prefix, String tokenHash, long now) {
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO share_links (site_id, prefix, token_hash, created_at) VALUES (:site, :prefix, :hash, :now)""")
                .bind("site", siteId).bind("prefix", prefix).bind("hash", tokenHash).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new ShareLink(id, site, prefix, now, null);
    }

    /** All shared links with their site's domain, by site, newest first. */
    public List<ShareLink> shares() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT l.id, s.domain, l.prefix, l.created_at, l.revoked_at
                        FROM share_links l JOIN sites s ON s.id = l.site_id
                        ORDER BY s.domain, l.created_at DESC, l.id DESC""")
                .map((rs, ctx) -> new ShareLink(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        nullableLong(rs, 5)))
                .list());
    }

    /** The domain of the site a live (not revoked) link shows. */
    public Optional<String> sharedSite(String tokenHash) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.domain FROM share_links l JOIN sites s ON s.id = l.site_id
                        WHERE l.token_hash = :hash AND l.revoked_at IS NULL""")
                .bind("hash", tokenHash).mapTo(String.class).findOne());
    }

    /** Revokes a link; false when there is no such link or it was already revoked. */
    public boolean revokeShare(long id, long now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE share_links SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", now).bind("id", id).execute()) > 0;
    }

    /** getObject(i, Long.class) is not in every driver (sqlite-jdbc); this is. */
    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
