package dev.outpost.domain;

/**
 * Why a well-formed beacon was not counted. Stored per site and day, and exported as a metric label.
 * All but {@link #UNSTORABLE} are decided before the beacon is answered.
 */
public enum DropReason {
    /** No User-Agent header at all: browsers always send one. */
    NO_USER_AGENT,
    /** A crawler, monitor, link-preview fetcher, HTTP library or headless browser, by its User-Agent. */
    BOT_USER_AGENT,
    /** The browser fetched the page speculatively (Purpose / Sec-Purpose: prefetch); nobody saw it yet. */
    PREFETCH,
    /** The snippet reported navigator.webdriver: an automated browser. */
    WEBDRIVER,
    /**
     * Accepted (202), but the database refused to store it (a constraint or trigger, say) while it
     * stored the rest of its batch. Set aside so that one event cannot stop all storage.
     */
    UNSTORABLE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
