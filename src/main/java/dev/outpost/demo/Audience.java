package dev.outpost.demo;

import java.util.Map;
import java.util.Random;

/**
 * Who visits the demo site: real User-Agent strings of current browsers by device, the in-app browsers of social
 * apps (which name their network when no referrer does), a few bots the pipeline must drop, screen widths and
 * addresses. Addresses are only ever hashed into daily visitor ids, as for real visitors; none is stored.
 */
final class Audience {
    private Audience() {}

    /** A browser as the pipeline sees it: its User-Agent, and the kind of screen it runs on. */
    record Agent(String userAgent, String device) {}

    static final Choice<Agent> DESKTOP = Choice.of(
            agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"), 34,
            agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"), 16,
            agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"), 12,
            agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"), 9,
            agent("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"), 6,
            agent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"), 5,
            agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"), 12,
            agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0"), 3,
            agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0"), 3);

    static final Choice<Agent> MOBILE = Choice.of(
            agent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"), 38,
            agent("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"), 34,
            agent("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"), 9,
            agent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"), 8,
            agent("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"), 4,
            agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1"), 7);

    static final Choice<Agent> TABLET = Choice.of(
            agent("Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1"), 60,
            agent("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"), 40);

    /**
     * In-app browsers by the network whose app they belong to. Each carries the marker the source table knows
     * (FBAN/, "Instagram ", LinkedInApp, TwitterAndroid), so a visit without a referrer still has its network.
     */
    static final Map<String, Agent> IN_APP = Map.of(
            "Facebook", new Agent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Mobile/15E148 [FBAN/FBIOS;FBAV/489.0.0.41.109;FBBV/656470000;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;"
                    + "FBSV/18.1;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/80]", "mobile"),
            "Instagram", new Agent("Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 "
                    + "(KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.107 Mobile Safari/537.36 Instagram 355.0.0.37.103 "
                    + "Android (34/14; 420dpi; 1080x2205; Google/google; Pixel 8; shiba; shiba; en_US; 654321000)", "mobile"),
            "LinkedIn", new Agent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Mobile/15E148 [LinkedInApp]/9.30.1", "mobile"),
            "X", new Agent("Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Version/4.0 Chrome/130.0.6723.107 Mobile Safari/537.36 TwitterAndroid", "mobile"));

    /** Crawlers and scripts that run the page's JavaScript; the pipeline drops them and counts why. */
    static final Choice<Agent> BOTS = Choice.of(
            agent("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"), 40,
            agent("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"), 20,
            agent("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"), 15,
            agent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"), 25);

    private static Agent agent(String ua) {
        return new Agent(ua, null);
    }

    /** A browser for a visit: {@code mobileShare} of visits come from phones, a few from tablets, the rest desktops. */
    static Agent pick(Random r, double mobileShare) {
        double x = r.nextDouble();
        if (x < mobileShare) return new Agent(MOBILE.pick(r).userAgent(), "mobile");
        if (x < mobileShare + 0.03) return new Agent(TABLET.pick(r).userAgent(), "tablet");
        return new Agent(DESKTOP.pick(r).userAgent(), "desktop");
    }

    private static final int[] DESKTOP_WIDTHS = {1920, 1536, 1440, 1366, 1280, 2560, 1680};
    private static final int[] MOBILE_WIDTHS = {390, 393, 412, 375, 414, 430, 360};
    private static final int[] TABLET_WIDTHS = {768, 810, 820, 1024, 800};

    static int screenWidth(Random r, String device) {
        int[] w = switch (device == null ? "desktop" : device) {
            case "mobile" -> MOBILE_WIDTHS;
            case "tablet" -> TABLET_WIDTHS;
            default -> DESKTOP_WIDTHS;
        };
        // The first widths are the most common: a skewed pick.
        return w[(int) Math.min(w.length - 1, Math.floor(-Math.log(1 - r.nextDouble()) * 2.2))];
    }

    /** A public-looking IPv4 address, unique enough that two simulated visitors rarely share one. */
    static String ip(Random r) {
        int a;
        do {
            a = 1 + r.nextInt(223);
        } while (a == 10 || a == 127 || a == 100 || a == 169 || a == 172 || a == 192);
        return a + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
}
