package dev.outpost;

import dev.outpost.access.KeyCommands;
import dev.outpost.config.Config;
import dev.outpost.demo.DemoCommand;
import dev.outpost.domain.Site;
import dev.outpost.posts.PostCommands;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.Database;
import dev.outpost.store.SiteStore;
import dev.outpost.web.ApiError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line: {@code serve} (the default), {@code site add|list}, {@code post add|list|import}, {@code key add|list|revoke}, {@code user reset-password}, {@code demo}. */
public final class Main {
    private static final String USAGE = """
            usage: java -jar outpost.jar [command]
              serve                       run the server (default)
              site add DOMAIN [--name NAME] [--timezone ZONE] [--alias HOST]...
                                          add a site and print the snippet to paste
              site list                   list the sites
            %s%s%s  health                      exit 0 when the local server answers /healthz (for HEALTHCHECK)
            configuration comes from environment variables: %s
            """.formatted(PostCommands.USAGE, KeyCommands.USAGE, DemoCommand.USAGE, String.join(", ", Config.VARIABLES));

    static final int SERVING = -1;

    public static void main(String[] args) {
        try {
            int code = run(args, System.getenv());
            // The server keeps running on Jetty's threads; commands exit with their status.
            if (code != SERVING) System.exit(code);
        } catch (IllegalArgumentException | ApiError e) {
            System.err.println("outpost: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args, java.util.Map<String, String> env) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty() || a.get(0).equals("serve")) {
            serve(Config.fromEnv(env));
            return SERVING;
        }
        if (a.get(0).equals("--help") || a.get(0).equals("-h") || a.get(0).equals("help")) {
            System.out.print(USAGE);
            return 0;
        }
        if (a.get(0).equals("health")) {
            return health(Config.fromEnv(env));
        }
        if (a.get(0).equals("demo")) {
            return DemoCommand.run(a.subList(1, a.size()), Config.fromEnv(env), System.out);
        }
        if (a.get(0).equals("post")) {
            return PostCommands.run(a.subList(1, a.size()), Config.fromEnv(env), System.out);
        }
        if (a.get(0).equals("key")) return KeyCommands.key(a.subList(1, a.size()), Config.fromEnv(env), System.out);
        if (a.get(0).equals("user")) return KeyCommands.user(a.subList(1, a.size()), Config.fromEnv(env), System.out);
        if (a.get(0).equals("site") && a.size() >= 2) {
            Config config = Config.fromEnv(env);
            try (Database db = Database.open(config.databaseUrl())) {
                SiteRegistry sites = new SiteRegistry(new SiteStore(db));
                if (a.get(1).equals("list")) {
                    for (Site s : sites.list()) {
                        System.out.println(s.domain() + "\t" + s.name() + "\t" + s.timezone()
                                + (s.aliases().isEmpty() ? "" : "\taliases: " + String.join(", ", s.aliases())));
                    }
                    return 0;
                }
                if (a.get(1).equals("add") && a.size() >= 3) {
                    Site s = new SitesApi(sites, config.baseUrl(), Clock.systemUTC()).add(SitesApi.validate(siteArgs(a.subList(2, a.size()))));
                    System.out.println("added " + s.domain() + " (" + s.timezone() + "). Paste this into every page:");
                    System.out.println(s.snippet(config.baseUrl()));
                    return 0;
                }
            }
        }
        System.err.print(USAGE);
        return 2;
    }

    private static SitesApi.NewSite siteArgs(List<String> a) {
        String domain = a.get(0);
        String name = null, tz = null;
        List<String> aliases = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) {
            String flag = a.get(i);
            if (i + 1 >= a.size()) throw new IllegalArgumentException(flag + " needs a value");
            String v = a.get(++i);
            switch (flag) {
                case "--name" -> name = v;
                case "--timezone" -> tz = v;
                case "--alias" -> aliases.add(v);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new SitesApi.NewSite(domain, name, tz, aliases);
    }

    private static int health(Config config) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + config.port() + "/healthz"))
                            .timeout(java.time.Duration.ofSeconds(3)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            System.out.println(r.body());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (java.io.IOException e) {
            System.err.println("outpost: no answer on port " + config.port() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void serve(Config config) {
        Outpost outpost = Outpost.start(config);
        // SIGTERM and Ctrl-C: stop accepting, drain the queue, commit, then exit.
        Runtime.getRuntime().addShutdownHook(new Thread(outpost::close, "shutdown"));
        System.out.println("Outpost listening on port " + outpost.port() + " (" + config.databaseUrl().replaceAll("password=[^&]*", "password=***") + ")");
    }
}
