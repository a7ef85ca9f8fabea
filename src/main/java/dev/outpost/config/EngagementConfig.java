package dev.outpost.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment of engagement fetching, parsed once at start-up; a bad value names its variable.
 *
 * <p>Mastodon and Lemmy have no base URL here: each post is fetched from its own instance, the host in its URL.
 *
 * @param schedule      whether the server fetches on its own (hand refreshes work either way)
 * @param tick          how often the scheduler looks for posts that are due
 * @param allowPrivate  whether fetches may go to loopback and private addresses (tests, a LAN AppView)
 * @param timeout       one attempt of one request, connecting and reading the whole answer
 * @param hostSpacing   the least time between two requests to one host
 * @param youTubeApiKey the owner's YouTube Data API key; null skips YouTube
 */
public record EngagementConfig(boolean schedule, Duration tick, boolean allowPrivate, Duration timeout,
                               Duration hostSpacing, String userAgent, URI blueskyAppView, URI reddit,
                               URI hackerNews, URI youTube, String youTubeApiKey) {

    public static final String DEFAULT_USER_AGENT =
            "server:dev.outpost.engagement:1.0 (self-hosted Outpost reading the counts of its owner's own posts)";

    /** The variables read here, for the README table and {@code --help}. */
    public static final List<String> VARIABLES = List.of("OUTPOST_ENGAGEMENT_SCHEDULE", "OUTPOST_ENGAGEMENT_TICK_SECONDS",
            "OUTPOST_FETCH_ALLOW_PRIVATE", "OUTPOST_FETCH_TIMEOUT_SECONDS", "OUTPOST_FETCH_HOST_SPACING_MS",
            "OUTPOST_FETCH_USER_AGENT", "OUTPOST_BLUESKY_APPVIEW_URL", "OUTPOST_REDDIT_URL", "OUTPOST_HN_URL",
            "OUTPOST_YOUTUBE_URL", "OUTPOST_YOUTUBE_API_KEY");

    public static EngagementConfig fromEnv(Map<String, String> env) {
        return new EngagementConfig(
                bool(env, "OUTPOST_ENGAGEMENT_SCHEDULE", true),
                Duration.ofSeconds(number(env, "OUTPOST_ENGAGEMENT_TICK_SECONDS", 60, 1, 86_400)),
                bool(env, "OUTPOST_FETCH_ALLOW_PRIVATE", false),
                Duration.ofSeconds(number(env, "OUTPOST_FETCH_TIMEOUT_SECONDS", 10, 1, 300)),
                Duration.ofMillis(number(env, "OUTPOST_FETCH_HOST_SPACING_MS", 1000, 0, 600_000)),
                userAgent(env),
                url(env, "OUTPOST_BLUESKY_APPVIEW_URL", "https://public.api.bsky.app"),
                url(env, "OUTPOST_REDDIT_URL", "https://www.reddit.com"),
                url(env, "OUTPOST_HN_URL", "https://hacker-news.firebaseio.com"),
                url(env, "OUTPOST_YOUTUBE_URL", "https://www.googleapis.com"),
                blankToNull(env.get("OUTPOST_YOUTUBE_API_KEY")));
    }

    /** Leaves the key out, so that logging the config never leaks it. */
    @Override
    public String toString() {
        return "EngagementConfig[schedule=" + schedule + ", tick=" + tick + ", allowPrivate=" + allowPrivate
                + ", timeout=" + timeout + ", hostSpacing=" + hostSpacing + ", youTubeApiKey="
                + (youTubeApiKey == null ? "none" : "set") + "]";
    }

    private static boolean bool(Map<String, String> env, String name, boolean dflt) {
        String raw = blankToNull(env.get(name));
        if (raw == null) return dflt;
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + raw + "'");
        };
    }

    private static long number(Map<String, String> env, String name, long dflt, long min, long max) {
        String raw = blankToNull(env.get(name));
        if (raw == null) return dflt;
        try {
            long v = Long.parseLong(raw);
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
        }
    }

    private static String userAgent(Map<String, String> env) {
        String raw = blankToNull(env.get("OUTPOST_FETCH_USER_AGENT"));
        if (raw == null) return DEFAULT_USER_AGENT;
        if (raw.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("OUTPOST_FETCH_USER_AGENT must be printable ASCII on one line");
        }
        return raw;
    }

    /** An http(s) URL with a host; a path is kept as a prefix (a proxy in front of the API), without the final '/'. */
    private static URI url(Map<String, String> env, String name, String dflt) {
        String raw = blankToNull(env.get(name));
        String s = raw == null ? dflt : raw;
        try {
            URI u = new URI(s.replaceAll("/+$", ""));
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new URISyntaxException(s, "not an http(s) URL with a host and no query");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " must be an http(s) URL such as " + dflt + ", got '" + s + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
