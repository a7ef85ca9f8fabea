package dev.outpost.ingest;

import dev.outpost.domain.Money;
import java.net.URI;
import java.util.Map;

/**
 * A beacon as the browser sent it, checked field by field but not yet enriched.
 * {@code props} keeps the owner's keys in order; revenue is exact.
 */
public record BeaconRequest(
        String site,
        String name,
        URI url,
        String referrer,
        String title,
        Integer screenWidth,
        Map<String, String> props,
        Money revenue,
        String vid,
        Integer engagedMs,
        Integer scrollDepth,
        boolean webdriver) {
}
