package dev.outpost.posts.engagement;

import java.time.Instant;

/**
 * Why a post's counts could not be read, and what that means for its schedule. Messages name the host or the
 * network and the problem, never a full URL (the YouTube key rides in one).
 */
public final class FetchException extends Exception {
    public enum Kind {
        /** The post is gone (404, 410, or the API says so): marked deleted, never fetched again on its own. */
        GONE,
        /** Worth another try later (timeouts, 5xx, 429, malformed answers, other refusals): backoff. */
        RETRY,
        /** Retrying cannot help until the owner acts (a share link, a refused address): no more automatic fetches. */
        STOP,
        /** Not tried at all: the host is resting (our own rate limit or its Retry-After). Not a failure of the post. */
        DEFER
    }

    public final Kind kind;
    /** The earliest moment worth trying again (Retry-After, a rate-limit reset); null when the schedule decides. */
    public final Instant retryAt;

    private FetchException(Kind kind, String message, Instant retryAt) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAt = retryAt;
    }

    public static FetchException gone(String message) {
        return new FetchException(Kind.GONE, message, null);
    }

    public static FetchException retry(String message) {
        return new FetchException(Kind.RETRY, message, null);
    }

    public static FetchException retry(String message, Instant retryAt) {
        return new FetchException(Kind.RETRY, message, retryAt);
    }

    public static FetchException stop(String message) {
        return new FetchException(Kind.STOP, message, null);
    }

    public static FetchException defer(String message, Instant retryAt) {
        return new FetchException(Kind.DEFER, message, retryAt);
    }
}
