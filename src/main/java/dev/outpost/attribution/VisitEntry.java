package dev.outpost.attribution;

import java.util.Map;

/**
 * The entry pageview of a visit, as {@link PostMatcher} needs it.
 *
 * @param ts       epoch milliseconds
 * @param network  the visit's network from referrer, UTM or click id (see {@link Source#network()}); null if none
 * @param path     landing path without query
 * @param params   the landing URL's query parameters (first value of each, names as sent); null means none
 * @param referrer raw referrer; null or empty when there was none
 */
public record VisitEntry(long ts, String network, String path, Map<String, String> params, String referrer) {

    public VisitEntry {
        params = params == null ? Map.of() : params;
    }
}
