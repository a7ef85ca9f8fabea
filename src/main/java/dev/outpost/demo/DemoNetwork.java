package dev.outpost.demo;

import dev.outpost.attribution.PostUrls;
import java.util.Random;

/**
 * The outposts the demo owner posts on, and how each behaves: what a post's URL looks like, how its readers arrive
 * (tracked link, UTM tags, a referrer naming the post, only the network's origin, an app with no referrer at all),
 * how fast interest fades after publication, and how much people comment, share and like per visit they make.
 *
 * <p>A null rate is a count the network does not have (Hacker News has no shares): null in the data, not zero.
 */
enum DemoNetwork {
    //           name                    posts  median  spread halfLife mobile tracked utm   comments shares likes  fetchable quality
    REDDIT(PostUrls.REDDIT,              4,   260,    1.0,   14,      0.62,  0.05,   0.10, 0.040,   0.003, 0.25,  true,   0.8),
    HACKER_NEWS(PostUrls.HACKER_NEWS,    2,   420,    1.5,   9,       0.35,  0.00,   0.00, 0.050,   null,  0.07,  true,   1.4),
    MASTODON(PostUrls.MASTODON,          3,   90,     0.7,   12,      0.45,  0.35,   0.05, 0.020,   0.060, 0.15,  true,   1.1),
    BLUESKY(PostUrls.BLUESKY,            3,   110,    0.8,   10,      0.55,  0.40,   0.05, 0.020,   0.050, 0.20,  true,   1.0),
    LINKEDIN(PostUrls.LINKEDIN,          3,   140,    0.8,   30,      0.60,  0.45,   0.10, 0.040,   0.015, 0.35,  false,  1.0),
    X(PostUrls.X,                        3,   120,    1.0,   7,       0.70,  0.55,   0.05, 0.030,   0.040, 0.60,  false,  0.6),
    YOUTUBE(PostUrls.YOUTUBE,            1,   150,    0.9,   96,      0.55,  0.30,   0.20, 0.020,   null,  0.30,  false,  0.9),
    LEMMY(PostUrls.LEMMY,                1,   60,     0.6,   16,      0.40,  0.00,   0.00, 0.030,   null,  0.15,  true,   1.0);

    final String network;
    final double postWeight;
    final double medianVisits;
    final double spread;
    final double halfLifeHours;
    final double mobileShare;
    final double tracked;
    final double utm;
    final Double commentsPerVisit;
    final Double sharesPerVisit;
    final Double likesPerVisit;
    /** Outpost reads this network's counts from its public API; the others are entered by hand. */
    final boolean fetchable;
    /** How likely its visitors are to sign up, against an average visitor's 1. */
    final double quality;

    DemoNetwork(String network, double postWeight, double medianVisits, double spread, double halfLifeHours,
                double mobileShare, double tracked, double utm, Double commentsPerVisit, Double sharesPerVisit,
                Double likesPerVisit, boolean fetchable, double quality) {
        this.network = network;
        this.postWeight = postWeight;
        this.medianVisits = medianVisits;
        this.spread = spread;
        this.halfLifeHours = halfLifeHours;
        this.mobileShare = mobileShare;
        this.tracked = tracked;
        this.utm = utm;
        this.commentsPerVisit = commentsPerVisit;
        this.sharesPerVisit = sharesPerVisit;
        this.likesPerVisit = likesPerVisit;
        this.fetchable = fetchable;
        this.quality = quality;
    }

    private static final String[] SUBREDDITS = {"selfhosted", "webdev", "SideProject", "privacy", "analytics"};
    private static final String[] MASTODON_HOME = {"fosstodon.org", "hachyderm.io", "mastodon.social"};
    private static final String[] MASTODON_READERS = {"mastodon.social", "fosstodon.org", "hachyderm.io", "mas.to",
            "infosec.exchange", "chaos.social", "mastodon.online", "techhub.social"};
    private static final String[] LEMMY_READERS = {"lemmy.world", "programming.dev", "lemmy.ml", "sh.itjust.works"};

    /** The address of a new post about {@code topic} (a slug of words), shaped as the network's own. */
    String postUrl(Random r, String topic) {
        return switch (this) {
            case REDDIT -> "https://www.reddit.com/r/" + SUBREDDITS[r.nextInt(SUBREDDITS.length)] + "/comments/1"
                    + chars(r, "abcdefghijklmnopqrstuvwxyz0123456789", 6) + "/" + topic.replace('-', '_') + "/";
            case HACKER_NEWS -> "https://news.ycombinator.com/item?id=4" + chars(r, "0123456789", 7);
            case MASTODON -> "https://" + MASTODON_HOME[r.nextInt(MASTODON_HOME.length)] + "/@outpostdemo/11"
                    + chars(r, "0123456789", 16);
            case BLUESKY -> "https://bsky.app/profile/outpost-demo.bsky.social/post/3l"
                    + chars(r, "abcdefghijklmnopqrstuvwxyz234567", 11);
            case LINKEDIN -> "https://www.linkedin.com/posts/outpost-demo_" + topic + "-activity-72"
                    + chars(r, "0123456789", 17) + "-" + chars(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 4);
            case X -> "https://x.com/outpostdemo/status/18" + chars(r, "0123456789", 17);
            case YOUTUBE -> "https://www.youtube.com/watch?v="
                    + chars(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", 11);
            case LEMMY -> "https://lemmy.world/post/2" + chars(r, "0123456789", 7);
        };
    }

    /**
     * The referrer of a visit from a post on this network, as browsers and apps really send it: mostly the
     * network's origin (Referrer-Policy cuts the path), sometimes the post's own address, an app's android-app://
     * referrer, a link shim, or nothing at all.
     */
    String referrer(Random r, String postUrl) {
        double x = r.nextDouble();
        if (postUrl == null) postUrl = origin(); // a visit through a tracked link, or not from a registered post
        return switch (this) {
            case REDDIT -> x < 0.15 ? postUrl : x < 0.20 ? "https://old.reddit.com/" : x < 0.32 ? "android-app://com.reddit.frontpage/"
                    : x < 0.42 ? null : "https://www.reddit.com/";
            case HACKER_NEWS -> x < 0.30 ? postUrl : "https://news.ycombinator.com/";
            case MASTODON -> x < 0.10 ? "android-app://org.joinmastodon.android/"
                    : "https://" + MASTODON_READERS[r.nextInt(MASTODON_READERS.length)] + "/";
            case BLUESKY -> x < 0.12 ? "android-app://xyz.blueskyweb.app/" : x < 0.20 ? null : "https://bsky.app/";
            case LINKEDIN -> x < 0.12 ? "https://lnkd.in/" + chars(r, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 7)
                    : x < 0.25 ? "android-app://com.linkedin.android/" : "https://www.linkedin.com/";
            case X -> x < 0.85 ? "https://t.co/" + chars(r, "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 10) : null;
            case YOUTUBE -> x < 0.20 ? "android-app://com.google.android.youtube/" : "https://www.youtube.com/";
            case LEMMY -> "https://" + LEMMY_READERS[r.nextInt(LEMMY_READERS.length)] + "/";
        };
    }

    private String origin() {
        return switch (this) {
            case REDDIT -> "https://www.reddit.com/";
            case HACKER_NEWS -> "https://news.ycombinator.com/";
            case MASTODON -> "https://mastodon.social/";
            case BLUESKY -> "https://bsky.app/";
            case LINKEDIN -> "https://www.linkedin.com/";
            case X -> "https://x.com/";
            case YOUTUBE -> "https://www.youtube.com/";
            case LEMMY -> "https://lemmy.world/";
        };
    }

    /** How the owner spells the network in utm_source. */
    String utmSource() {
        return switch (this) {
            case REDDIT -> "reddit";
            case HACKER_NEWS -> "hn";
            case MASTODON -> "mastodon";
            case BLUESKY -> "bsky";
            case LINKEDIN -> "linkedin";
            case X -> "twitter";
            case YOUTUBE -> "youtube";
            case LEMMY -> "lemmy";
        };
    }

    /** The browser of one of its readers: the app's own in-app browser where the app has one. */
    Audience.Agent agent(Random r) {
        Audience.Agent inApp = Audience.IN_APP.get(network);
        if (inApp != null && r.nextDouble() < 0.25) return inApp;
        return Audience.pick(r, mobileShare);
    }

    private static String chars(Random r, String alphabet, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        return new String(c);
    }
}
