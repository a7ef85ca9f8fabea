package dev.outpost.attribution;

import java.util.Map;
import java.util.Set;

/**
 * What a landing tells us about where the visitor came from.
 *
 * @param queryParams the page URL's query parameters (first value of each, names as sent)
 * @param referrer    raw {@code document.referrer}; null or empty when there was none
 * @param siteHosts   the site's own hosts, lower case, without "www." (a leading www. is ignored when comparing)
 * @param userAgent   raw User-Agent header, or null
 */
public record Landing(Map<String, String> queryParams, String referrer, Set<String> siteHosts, String userAgent) {

    public Landing {
        queryParams = queryParams == null ? Map.of() : queryParams;
        siteHosts = siteHosts == null ? Set.of() : siteHosts;
    }
}
