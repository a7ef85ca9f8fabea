package dev.outpost.domain;

/**
 * One accepted, enriched beacon: exactly the row the writer stores. Nulls are absent values.
 * Money is in millionths of the currency unit so sums stay exact. The writer adds the visit
 * (session) and the post that brought it when it stores the event.
 */
public record Event(
        long siteId,
        long ts,
        String name,
        String host,
        String path,
        String title,
        String referrer,
        String referrerHost,
        String channel,
        String network,
        String source,
        String utmSource,
        String utmMedium,
        String utmCampaign,
        String utmContent,
        String utmTerm,
        String clickId,
        String browser,
        String os,
        String device,
        Integer screenWidth,
        String visitorId,
        String propsJson,
        Long revenueMicros,
        String revenueCurrency,
        Integer engagedMs,
        Integer scrollDepth,
        // Read when the visit is matched to a post, not stored as columns: the tracked-link
        // parameter (op_post) and utm_id of the landing URL, which the stored path leaves out.
        String trackedSlug,
        String utmId) {
    /** Every text an event carries is storable, whoever built it (beacons, server-side conversions, the demo). */
    public Event {
        name = StoredText.clean(name);
        host = StoredText.clean(host);
        path = StoredText.clean(path);
        title = StoredText.clean(title);
        referrer = StoredText.clean(referrer);
        referrerHost = StoredText.clean(referrerHost);
        channel = StoredText.clean(channel);
        network = StoredText.clean(network);
        source = StoredText.clean(source);
        utmSource = StoredText.clean(utmSource);
        utmMedium = StoredText.clean(utmMedium);
        utmCampaign = StoredText.clean(utmCampaign);
        utmContent = StoredText.clean(utmContent);
        utmTerm = StoredText.clean(utmTerm);
        clickId = StoredText.clean(clickId);
        browser = StoredText.clean(browser);
        os = StoredText.clean(os);
        device = StoredText.clean(device);
        visitorId = StoredText.clean(visitorId);
        propsJson = StoredText.clean(propsJson);
        revenueCurrency = StoredText.clean(revenueCurrency);
        trackedSlug = StoredText.clean(trackedSlug);
        utmId = StoredText.clean(utmId);
    }
}
