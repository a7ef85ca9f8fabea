package dev.outpost.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random tokens (session cookies, CSRF tokens, API keys, share links) and the one-way hash they are
 * stored under. Tokens carry 256 random bits, so a plain SHA-256 is enough to store them: unlike
 * passwords they cannot be guessed, only stolen, and the hash is useless to a thief.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    /** 32 random bytes, base64url without padding (43 characters, safe in cookies, URLs and headers). */
    public static String token() {
        return URL.encodeToString(bytes(32));
    }

    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** SHA-256 of the token's UTF-8 bytes, lower-case hex: what the database keeps. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Compares two secrets in time that does not depend on where they differ. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
