package dev.outpost.attribution;

/**
 * Where a visit came from.
 *
 * @param channel      never null
 * @param network      canonical social network name for social and paid-social visits, else null
 * @param source       canonical name of a known source (network, search engine, AI assistant, mail provider);
 *                     otherwise the utm_source as given or the referrer host without "www."; null for direct
 * @param referrerHost lower-case host of the referrer (the package name for android-app:// referrers);
 *                     null when there was none, it was unusable, or it was internal
 * @param clickId      name of the click-id parameter found (e.g. "fbclid"), never its value; null if none
 * @param utm          the utm_* parameters, {@link Utm#NONE} when there were none
 * @param internal     true when the referrer was one of the site's own hosts (a self referral)
 */
public record Source(Channel channel, String network, String source, String referrerHost, String clickId, Utm utm,
                     boolean internal) {
}
