package dev.outpost.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo site: a small software product with a blog. Its pages, their titles, and how visitors move from page
 * to page (most leave after one or two pages; the pricing page leads to the signup page, which converts).
 */
final class DemoPages {
    private DemoPages() {}

    static final String HOME = "/";
    static final String PRICING = "/pricing";
    static final String SIGNUP = "/signup";
    static final String CHECKOUT = "/checkout";
    static final String WELCOME = "/welcome";

    /** The blog's articles: what the owner writes about, and what posts on the networks link to. */
    static final List<String> ARTICLES = List.of(
            "/blog/self-hosted-analytics-in-ten-minutes",
            "/blog/why-we-left-google-analytics",
            "/blog/utm-tags-that-survive-copy-paste",
            "/blog/what-hacker-news-traffic-is-worth",
            "/blog/counting-visitors-without-cookies",
            "/blog/do-mastodon-boosts-bring-readers",
            "/blog/launch-week-recap",
            "/blog/pricing-page-teardown",
            "/blog/sqlite-is-enough",
            "/blog/attribution-models-explained",
            "/blog/bluesky-vs-x-for-indie-makers",
            "/blog/linkedin-posts-that-get-clicked");

    private static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put(HOME, "Outpost Demo – know which posts bring customers");
        TITLES.put(PRICING, "Pricing – Outpost Demo");
        TITLES.put(SIGNUP, "Start your free trial – Outpost Demo");
        TITLES.put(CHECKOUT, "Checkout – Outpost Demo");
        TITLES.put(WELCOME, "Welcome aboard – Outpost Demo");
        TITLES.put("/features", "Features – Outpost Demo");
        TITLES.put("/docs", "Documentation – Outpost Demo");
        TITLES.put("/docs/getting-started", "Getting started – Outpost Demo");
        TITLES.put("/blog", "Blog – Outpost Demo");
        TITLES.put("/about", "About us – Outpost Demo");
        TITLES.put("/changelog", "Changelog – Outpost Demo");
        for (String a : ARTICLES) {
            String words = a.substring("/blog/".length()).replace('-', ' ');
            TITLES.put(a, Character.toUpperCase(words.charAt(0)) + words.substring(1) + " – Outpost Demo blog");
        }
    }

    static String title(String path) {
        return TITLES.getOrDefault(path, "Outpost Demo");
    }

    /** Where visits from search engines, links and newsletters land. */
    static final Choice<String> LANDINGS = Choice.of(
            HOME, 30, PRICING, 6, "/features", 6, "/docs/getting-started", 5, "/docs", 3, "/blog", 3,
            ARTICLES.get(0), 8, ARTICLES.get(1), 6, ARTICLES.get(2), 4, ARTICLES.get(3), 3, ARTICLES.get(4), 6,
            ARTICLES.get(5), 2, ARTICLES.get(6), 2, ARTICLES.get(7), 4, ARTICLES.get(8), 5, ARTICLES.get(9), 4,
            ARTICLES.get(10), 2, ARTICLES.get(11), 1);

    /** Where direct visits (typed, bookmarked, unknown apps) land: mostly the home page. */
    static final Choice<String> DIRECT_LANDINGS = Choice.of(HOME, 60, PRICING, 10, "/docs", 8, "/docs/getting-started", 6,
            "/blog", 6, "/changelog", 4, ARTICLES.get(0), 3, ARTICLES.get(8), 3);

    private static final Choice<String> FROM_ARTICLE = Choice.of(HOME, 25, PRICING, 20, "/features", 15, "/blog", 20,
            "/about", 5, ARTICLES.get(0), 5, ARTICLES.get(4), 5, ARTICLES.get(9), 5);
    private static final Choice<String> FROM_HOME = Choice.of(PRICING, 35, "/features", 25, "/docs", 10, "/blog", 15,
            "/about", 5, ARTICLES.get(0), 5, "/changelog", 5);
    private static final Choice<String> FROM_PRICING = Choice.of(SIGNUP, 38, "/features", 20, HOME, 12, "/docs", 15,
            "/about", 5, "/blog", 10);
    private static final Choice<String> FROM_DOCS = Choice.of("/docs/getting-started", 35, PRICING, 25, HOME, 15,
            "/features", 15, SIGNUP, 10);
    private static final Choice<String> FROM_BLOG = Choice.of(ARTICLES.get(0), 12, ARTICLES.get(1), 10, ARTICLES.get(4), 10,
            ARTICLES.get(8), 10, ARTICLES.get(9), 10, ARTICLES.get(6), 8, ARTICLES.get(3), 8, PRICING, 12, HOME, 20);
    private static final Choice<String> FROM_OTHER = Choice.of(PRICING, 30, HOME, 25, "/docs", 15, "/features", 15,
            "/blog", 10, SIGNUP, 5);

    /** The next page a visitor opens from {@code path}. */
    static String next(Random r, String path) {
        if (path.startsWith("/blog/")) return FROM_ARTICLE.pick(r);
        return switch (path) {
            case HOME -> FROM_HOME.pick(r);
            case PRICING -> FROM_PRICING.pick(r);
            case "/docs", "/docs/getting-started" -> FROM_DOCS.pick(r);
            case "/blog" -> FROM_BLOG.pick(r);
            case SIGNUP, WELCOME, CHECKOUT -> "/docs/getting-started";
            default -> FROM_OTHER.pick(r);
        };
    }

    /** Links visitors follow off the site, reported as outbound events. */
    static final Choice<String> OUTBOUND = Choice.of("https://github.com/outpost-demo/outpost", 50,
            "https://fosstodon.org/@outpostdemo", 20, "https://status.outpost-demo.example/", 10,
            "https://www.youtube.com/@outpostdemo", 20);
}
