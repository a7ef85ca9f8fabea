package dev.outpost.ingest;

/** Why a well-formed beacon was not counted. Stored per site and day, and exported as a metric label. */
public enum DropReason {
    /** No User-Agent header at all: browsers always send one. */
    NO_USER_AGENT,
    /** A crawler, monitor, link-preview fetcher, HTTP library or headless browser, by its User-Agent. */
    BOT_USER_AGENT,
    /** The browser fetched the page speculatively (Purpose / Sec-Purpose: prefetch); nobody saw it yet. */
    PREFETCH,
    /** The snippet reported navigator.webdriver: an automated browser. */
    WEBDRIVER;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
