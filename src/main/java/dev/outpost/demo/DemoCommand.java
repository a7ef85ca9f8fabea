package dev.outpost.demo;

import dev.outpost.config.Config;
import dev.outpost.domain.Post;
import dev.outpost.domain.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.Database;
import dev.outpost.store.SiteStore;
import dev.outpost.web.ApiError;
import java.io.PrintStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code demo}: a site full of realistic traffic, so a newcomer sees a whole report in one command. Makes the site
 * {@value #DOMAIN} (a reserved .test name: no real site can have it) in the database the server uses, and fills it
 * with {@link TrafficGenerator}. Refuses when the site exists, unless {@code --reset} replaces it.
 */
public final class DemoCommand {
    public static final String DOMAIN = "demo.outpost.test";
    static final int DEFAULT_DAYS = 90;
    static final long DEFAULT_EVENTS = 150_000;
    static final long DEFAULT_SEED = 1;

    public static final String USAGE = """
              demo [--reset] [--days N] [--events N] [--seed N]
                                          add the site %s with %d days of generated traffic ending today,
                                          posts, conversions and revenue, to see a full report
            """.formatted(DOMAIN, DEFAULT_DAYS);

    private DemoCommand() {}

    /** Runs {@code args} (the words after "demo"); 0 when done. A bad option is an IllegalArgumentException. */
    public static int run(List<String> args, Config config, PrintStream out) {
        boolean reset = false;
        int days = DEFAULT_DAYS;
        long events = DEFAULT_EVENTS, seed = DEFAULT_SEED;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--reset")) {
                reset = true;
                continue;
            }
            if (i + 1 >= args.size()) throw new IllegalArgumentException(flag + " needs a value");
            String v = args.get(++i);
            switch (flag) {
                case "--days" -> days = (int) number(flag, v, 1, 3660);
                case "--events" -> events = number(flag, v, 100, 1_000_000_000);
                case "--seed" -> seed = number(flag, v, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown option " + flag + "; demo takes --reset, --days, --events, --seed");
            }
        }

        try (Database db = Database.open(config.databaseUrl())) {
            SiteStore siteStore = new SiteStore(db);
            var existing = siteStore.byDomain(DOMAIN);
            if (existing.isPresent()) {
                if (!reset) {
                    throw new ApiError(409, "the site " + DOMAIN + " already exists; run \"demo --reset\" to replace it"
                            + " (and everything recorded for it) with fresh demo traffic");
                }
                siteStore.delete(existing.get().id());
                out.println("deleted the old " + DOMAIN + " and all its data");
            }
            String zone = zone();
            Site site = new SitesApi(new SiteRegistry(siteStore), config.baseUrl(), Clock.systemUTC())
                    .add(SitesApi.validate(new SitesApi.NewSite(DOMAIN, "Outpost demo", zone, List.of())));
            LocalDate today = LocalDate.now(ZoneId.of(site.timezone()));
            out.println("generating " + days + " days of traffic for " + DOMAIN + " (" + today.minusDays(days - 1L) + " to "
                    + today + ", " + site.timezone() + ") ...");
            TrafficGenerator.Result r = TrafficGenerator.generate(db, site, new TrafficGenerator.Options(today, days, events,
                    seed, null, Duration.ofDays(config.inferenceWindowDays())));
            report(out, r, config.baseUrl());
        }
        return 0;
    }

    private static void report(PrintStream out, TrafficGenerator.Result r, String baseUrl) {
        Map<String, Integer> byNetwork = new TreeMap<>();
        for (Post p : r.posts()) byNetwork.merge(p.network(), 1, Integer::sum);
        StringBuilder networks = new StringBuilder();
        byNetwork.forEach((n, c) -> networks.append(networks.length() == 0 ? "" : ", ").append(n).append(' ').append(c));
        out.printf(Locale.ROOT, "%s is ready: %,d events in %,d visits; %d posts (%s) with %,d tracked-link clicks;%n",
                DOMAIN, r.events(), r.visits(), r.posts().size(), networks, r.clicks());
        out.printf(Locale.ROOT, "%,d signups, %,d purchases worth %,.2f %s; %,d bot events dropped. Took %.1f s (%,d events/s).%n",
                r.signups(), r.purchases(), r.revenue(), TrafficGenerator.CURRENCY, r.dropped(),
                r.took().toMillis() / 1000.0, Math.round(r.eventsPerSecond()));
        out.println();
        out.println("To look at it, start the server and open the report:");
        out.println("  java -jar target/outpost.jar");
        out.println("  " + baseUrl + "/sites/" + DOMAIN + "   (on the first start, create your login at " + baseUrl + "/setup)");
        out.println("Or ask the JSON API (with OUTPOST_ADMIN_KEY set for the server):");
        out.println("  curl -s -H \"Authorization: Bearer $OUTPOST_ADMIN_KEY\" " + baseUrl + "/api/v1/query -d '{\"site\":\"" + DOMAIN
                + "\",\"metrics\":[\"visitors\",\"visits\",\"conversions\",\"revenue\"],\"dimensions\":[\"visit:network\"],"
                + "\"date_range\":\"90d\"}'");
        out.println("Run \"demo --reset\" to start over with fresh traffic.");
    }

    /** The machine's time zone, so "today" is the owner's today; UTC when the JVM's zone is no IANA name. */
    private static String zone() {
        try {
            String id = ZoneId.systemDefault().getId();
            return id.contains("/") || id.equals("UTC") ? ZoneId.of(id).getId() : "UTC";
        } catch (DateTimeException e) {
            return "UTC";
        }
    }

    private static long number(String flag, String raw, long min, long max) {
        long v;
        try {
            v = Long.parseLong(raw.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + raw + "' is not a whole number");
        }
        if (v < min || v > max) throw new IllegalArgumentException(flag + ": must be between " + min + " and " + max);
        return v;
    }
}
