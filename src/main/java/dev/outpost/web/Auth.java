package dev.outpost.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Bearer-key checks for /api/v1. For now the one key is OUTPOST_ADMIN_KEY. */
public final class Auth {
    private final byte[] adminKey;

    public Auth(String adminKey) {
        this.adminKey = adminKey == null ? null : adminKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Lets the request through with the admin key, else 401 with what to send. */
    public void requireAdmin(Context ctx) {
        if (adminKey == null) {
            throw new ApiError(401, "no API key is configured on this server: set OUTPOST_ADMIN_KEY and restart");
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiError(401, "Authorization: send 'Bearer <API key>'");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, adminKey)) {
            throw new ApiError(401, "Authorization: unknown API key");
        }
    }
}
