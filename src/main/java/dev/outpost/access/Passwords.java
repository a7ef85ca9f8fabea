package dev.outpost.access;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with the JDK's PBKDF2-HMAC-SHA256 (no extra dependency). The stored string names
 * its algorithm and work factor, {@code pbkdf2-sha256$600000$<salt>$<hash>}, so {@link #ITERATIONS}
 * can rise later: old hashes still verify and are replaced at the next sign-in ({@link #outdated}).
 */
public final class Passwords {
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.2 to 0.6 s on a small server core. */
    public static final int ITERATIONS = 600_000;
    public static final int MIN_LENGTH = 10;
    /** Long enough for any pass phrase; a cap so nobody makes us hash megabytes. */
    public static final int MAX_LENGTH = 1000;
    private static final String ALGORITHM = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private Passwords() {}

    /** What is wrong with a new password, or null when it may be used. */
    public static String problem(String password) {
        if (password == null || password.isEmpty()) return "password: is required";
        if (password.length() < MIN_LENGTH) return "password: must be at least " + MIN_LENGTH + " characters";
        if (password.length() > MAX_LENGTH) return "password: must be at most " + MAX_LENGTH + " characters";
        return null;
    }

    public static String hash(String password) {
        byte[] salt = Secrets.bytes(SALT_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return ALGORITHM + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /**
     * True when the password matches the stored string; false for a wrong password, a password over
     * {@link #MAX_LENGTH}, a malformed string or none (an unknown account). Every call runs PBKDF2
     * once, the ones that cannot succeed against {@link Nobody#HASH} at today's work factor, so how
     * long a sign-in takes does not tell whether the account exists or why it failed.
     */
    public static boolean verify(String password, String stored) {
        boolean usable = password != null && password.length() <= MAX_LENGTH;
        String[] parts = parts(stored);
        boolean known = parts != null;
        if (!known) parts = parts(Nobody.HASH);
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        boolean same = MessageDigest.isEqual(derive(usable ? password : Nobody.PASSWORD, salt, iterations, expected.length * 8), expected);
        return usable && known && same;
    }

    /** The four parts of a well-formed stored string, or null. */
    private static String[] parts(String stored) {
        if (stored == null) return null;
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) return null;
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1 || iterations > 10 * ITERATIONS) return null;
            if (Base64.getDecoder().decode(parts[3]).length == 0) return null;
            Base64.getDecoder().decode(parts[2]);
            return parts;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What password checks that cannot succeed run against; made once, on first use. */
    private static final class Nobody {
        static final String PASSWORD = "no account has this password";
        static final String HASH = hash(Secrets.token());
    }

    /** True when the stored hash was made with fewer iterations than we use now. */
    public static boolean outdated(String stored) {
        String[] parts = stored.split("\\$");
        try {
            return parts.length != 4 || !parts[0].equals(ALGORITHM) || Integer.parseInt(parts[1]) < ITERATIONS;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        return derive(password, salt, iterations, HASH_BITS);
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bits) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
