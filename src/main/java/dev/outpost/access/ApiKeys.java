package dev.outpost.access;

import dev.outpost.store.AccessStore;
import dev.outpost.web.ApiError;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * API keys for {@code /api/v1/*}: {@code op_} and 32 random bytes, shown once, stored as SHA-256.
 * Scope {@code read} may read (GET, HEAD and the query API); {@code conversions} may only send
 * server-side conversions and their refunds (a shop's plugin holds it); {@code admin} may do anything.
 * {@code OUTPOST_ADMIN_KEY}, when set, is one more admin key that lives in the environment.
 * Keys are looked up in the database on every call, so a revoked key stops at once on every node.
 */
public final class ApiKeys {
    public static final String PREFIX = "op_";
    public static final List<String> SCOPES = List.of("read", "conversions", "admin");
    static final int SHOWN_PREFIX = 8;
    static final int MAX_NAME = 100;
    /** last_used_at is a hint for the owner, not an audit log: one write per key per minute is plenty. */
    private static final long TOUCH_EVERY = Duration.ofMinutes(1).toMillis();

    private final AccessStore store;
    private final String adminKey;
    private final Clock clock;

    public ApiKeys(AccessStore store, String adminKey, Clock clock) {
        this.store = store;
        this.adminKey = adminKey;
        this.clock = clock;
    }

    /** A new key and the only copy of its secret. */
    public record Created(AccessStore.ApiKey key, String secret) {}

    public Created create(String name, String scope) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) throw ApiError.badRequest("name: is required, e.g. \"CI export\"");
        if (n.length() > MAX_NAME) throw ApiError.badRequest("name: longer than " + MAX_NAME + " characters");
        if (n.chars().anyMatch(Character::isISOControl)) throw ApiError.badRequest("name: must not contain control characters");
        String s = scope == null ? "" : scope.strip();
        if (!SCOPES.contains(s)) throw ApiError.badRequest("scope: must be 'read', 'conversions' or 'admin', got '" + s + "'");
        String secret = PREFIX + Secrets.token();
        return new Created(store.createKey(n, secret.substring(0, SHOWN_PREFIX), Secrets.sha256Hex(secret), s, clock.millis()), secret);
    }

    public List<AccessStore.ApiKey> list() {
        return store.keys();
    }

    /** False when there is no such key or it was revoked before. */
    public boolean revoke(long id) {
        return store.revokeKey(id, clock.millis());
    }

    /**
     * The before-filter of {@code /api/v1/*}: a known, live key with enough scope, else 401 (no key,
     * unknown or revoked) or 403 (a read key asking to write). A browser session is no key: the API
     * stays free of cookies, and so of CSRF.
     */
    public void require(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw unauthorized(ctx, "Authorization: send 'Bearer <API key>'; create a key under Settings or with "
                    + "'outpost key add --name NAME --scope read|conversions|admin'");
        }
        String given = header.substring(7).strip();
        if (adminKey != null && Secrets.same(given, adminKey)) return;
        Optional<AccessStore.ApiKey> key = given.length() > 200 ? Optional.empty() : store.keyByHash(Secrets.sha256Hex(given));
        if (key.isEmpty()) throw unauthorized(ctx, "Authorization: unknown API key");
        AccessStore.ApiKey k = key.get();
        if (k.revoked()) throw unauthorized(ctx, "Authorization: this API key (" + k.prefix() + "…) was revoked");
        boolean allowed = switch (k.scope()) {
            case "admin" -> true;
            case "conversions" -> conversionsOnly(ctx);
            default -> readOnly(ctx);
        };
        if (!allowed) {
            throw new ApiError(403, "Authorization: this key has scope '" + k.scope() + "'; " + ctx.method().name() + " "
                    + ctx.path() + " needs " + (readOnly(ctx) ? "'read' or 'admin'" : "'admin'"));
        }
        long now = clock.millis();
        if (k.lastUsedAt() == null || now - k.lastUsedAt() >= TOUCH_EVERY) store.keyUsed(k.id(), now);
    }

    /** What a read key may do: look, and ask the query API (a POST only because a query is a body). */
    private static boolean readOnly(Context ctx) {
        HandlerType m = ctx.method();
        return m.equals(HandlerType.GET) || m.equals(HandlerType.HEAD)
                || (m.equals(HandlerType.POST) && ctx.path().equals("/api/v1/query"));
    }

    /** What a conversions key may do: send conversions and refunds, nothing else (not even read them). */
    private static boolean conversionsOnly(Context ctx) {
        return ctx.method().equals(HandlerType.POST)
                && (ctx.path().equals("/api/v1/conversions") || ctx.path().equals("/api/v1/conversions/refunds"));
    }

    private static ApiError unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new ApiError(401, message);
    }
}
