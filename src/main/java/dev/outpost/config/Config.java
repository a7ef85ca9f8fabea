package dev.outpost.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the server reads from its environment, parsed once at start-up.
 * A bad value stops the start with a message that names the variable.
 */
public record Config(
        int port,
        Path dataDir,
        String databaseUrl,
        String adminKey,
        String baseUrl,
        TrustedProxies trustedProxies,
        int queueCapacity,
        int inferenceWindowDays,
        EngagementConfig engagement,
        String saltKey) {

    public static final int DEFAULT_PORT = 8080;

    public static Config fromEnv(Map<String, String> env) {
        int port = intVar(env, "OUTPOST_PORT", DEFAULT_PORT, 0, 65535);
        Path dataDir = Path.of(env.getOrDefault("OUTPOST_DATA_DIR", "./data"));
        String databaseUrl = blankToNull(env.get("OUTPOST_DATABASE_URL"));
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:") && !databaseUrl.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("OUTPOST_DATABASE_URL must start with jdbc:postgresql: or jdbc:sqlite:");
        }
        if (databaseUrl == null) {
            databaseUrl = "jdbc:sqlite:" + dataDir.resolve("outpost.db");
        }
        String adminKey = blankToNull(env.get("OUTPOST_ADMIN_KEY"));
        if (adminKey != null && adminKey.length() < 16) {
            throw new IllegalArgumentException("OUTPOST_ADMIN_KEY must be at least 16 characters");
        }
        String baseUrl = env.getOrDefault("OUTPOST_BASE_URL", "http://localhost:" + port);
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("OUTPOST_BASE_URL must start with http:// or https://");
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
        TrustedProxies proxies = TrustedProxies.parse(env.getOrDefault("OUTPOST_TRUSTED_PROXIES", ""));
        int queue = intVar(env, "OUTPOST_QUEUE_CAPACITY", 100_000, 1, 10_000_000);
        int window = intVar(env, "OUTPOST_INFERENCE_WINDOW_DAYS", 14, 0, 365);
        String saltKey = blankToNull(env.get("OUTPOST_SALT_KEY"));
        if (saltKey != null && saltKey.length() < 32) {
            throw new IllegalArgumentException("OUTPOST_SALT_KEY must be at least 32 characters");
        }
        return new Config(port, dataDir, databaseUrl, adminKey, baseUrl, proxies, queue, window, EngagementConfig.fromEnv(env),
                saltKey);
    }

    private static int intVar(Map<String, String> env, String name, int dflt, int min, int max) {
        String raw = blankToNull(env.get(name));
        if (raw == null) return dflt;
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Names of the variables this record reads, for the README table and `--help`. */
    public static final List<String> VARIABLES = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            "OUTPOST_PORT", "OUTPOST_DATA_DIR", "OUTPOST_DATABASE_URL", "OUTPOST_ADMIN_KEY", "OUTPOST_BASE_URL",
            "OUTPOST_TRUSTED_PROXIES", "OUTPOST_QUEUE_CAPACITY", "OUTPOST_INFERENCE_WINDOW_DAYS", "OUTPOST_SALT_KEY"),
            EngagementConfig.VARIABLES.stream()).toList();
}
