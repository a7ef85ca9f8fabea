package dev.outpost;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import dev.outpost.access.Access;
import dev.outpost.access.ApiKeys;
import dev.outpost.access.LoginLimiter;
import dev.outpost.access.LoginPages;
import dev.outpost.access.SettingsPage;
import dev.outpost.access.ShareLinks;
import dev.outpost.attribution.SourceClassifier;
import dev.outpost.config.Config;
import dev.outpost.goals.AutoGoals;
import dev.outpost.goals.ConversionsApi;
import dev.outpost.goals.GoalsApi;
import dev.outpost.ingest.BeaconEndpoint;
import dev.outpost.ingest.EventWriter;
import dev.outpost.ingest.Ingest;
import dev.outpost.ingest.IngestMetrics;
import dev.outpost.ingest.Recorder;
import dev.outpost.ingest.UserAgents;
import dev.outpost.ingest.VisitorIds;
import dev.outpost.ingest.Visits;
import dev.outpost.posts.PostsApi;
import dev.outpost.posts.engagement.Engagement;
import dev.outpost.posts.engagement.EngagementApi;
import dev.outpost.posts.TrackedLinks;
import dev.outpost.report.Attribution;
import dev.outpost.report.DropsApi;
import dev.outpost.report.ExportApi;
import dev.outpost.report.page.PageError;
import dev.outpost.report.page.ReportPages;
import dev.outpost.report.query.QueryApi;
import dev.outpost.report.query.QueryEngine;
import dev.outpost.report.query.Rollups;
import dev.outpost.site.SiteRegistry;
import dev.outpost.site.SitesApi;
import dev.outpost.store.AccessStore;
import dev.outpost.store.Database;
import dev.outpost.store.ConversionStore;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.EventStore;
import dev.outpost.store.GoalStore;
import dev.outpost.store.LiveStore;
import dev.outpost.store.PostStore;
import dev.outpost.store.QueryStore;
import dev.outpost.store.RefundStore;
import dev.outpost.store.RollupStore;
import dev.outpost.store.SaltStore;
import dev.outpost.store.SessionStore;
import dev.outpost.store.SiteStore;
import dev.outpost.web.ApiError;
import dev.outpost.web.JsonErrors;
import dev.outpost.web.NulGuard;
import dev.outpost.web.OpenApiDocument;
import dev.outpost.web.Pages;
import dev.outpost.web.SnippetAsset;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.RedirectResponse;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that builds the app: every service is made here, once, and handed what it needs.
 * Tests start it exactly as {@link Main} does, on a port of their own.
 */
public final class Outpost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outpost.class);
    /** A few threads per core beat Jetty's default of 200 on a small machine (bench/ingest.sh; BENCHMARKS.md). */
    private static final int HTTP_THREADS = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
    /**
     * The largest body the server holds before a handler runs: above every route's own limit (1 MiB),
     * so each route still answers its own 413; a larger body is refused at once, unread.
     */
    private static final long MAX_BODY_BYTES = 2L * 1024 * 1024;

    private final Config config;
    private final Database db;
    private final EventWriter writer;
    private final Engagement engagement;
    private final Rollups rollups;
    private final AutoGoals autoGoals;
    private final SitesApi sitesApi;
    private final Javalin app;

    private Outpost(Config config, Clock clock) {
        this.config = config;
        this.db = Database.open(config.databaseUrl());
        SiteRegistry sites = new SiteRegistry(new SiteStore(db));
        EventStore events = new EventStore(db);
        Recorder recorder = new Recorder(db, events,
                new Visits(new SessionStore(db), java.time.Duration.ofDays(config.inferenceWindowDays())));
        IngestMetrics metrics = new IngestMetrics();
        this.writer = new EventWriter(recorder, metrics, config.queueCapacity());
        UserAgents userAgents = new UserAgents();
        byte[] saltKey = SaltStore.key(config.saltKey(), config.databaseUrl());
        if (saltKey == null) {
            log.warn("OUTPOST_SALT_KEY is not set: a copy of the database taken during a day can tell which IP a visitor id "
                    + "of that day belongs to. Set it, the same on every node, to keep ids untraceable.");
        }
        VisitorIds visitorIds = new VisitorIds(new SaltStore(db, saltKey));
        GoalStore goalStore = new GoalStore(db);
        this.autoGoals = new AutoGoals(goalStore, clock);
        Ingest ingest = new Ingest(sites, userAgents, SourceClassifier.standard(), visitorIds, writer, metrics, clock, autoGoals);
        BeaconEndpoint beacons = new BeaconEndpoint(ingest, metrics, config.trustedProxies());
        this.sitesApi = new SitesApi(sites, config.baseUrl(), clock);
        ExportApi export = new ExportApi(sites, events);
        DropsApi drops = new DropsApi(sites, events);
        PostStore postStore = new PostStore(db);
        Attribution attribution = new Attribution(goalStore, new ConversionStore(db));
        EngagementStore engagementStore = new EngagementStore(db);
        this.engagement = Engagement.create(config.engagement(), postStore, engagementStore, clock);
        PostsApi postsApi = new PostsApi(sites, postStore, config.baseUrl(), clock, (post, model) -> {
            Attribution.PostCredit c = attribution.forPost(post.siteId(), post.id(), model);
            return new PostsApi.ConversionCredit.Credit(c.exact(), c.inferred());
        }, engagement::detail);
        EngagementApi engagementApi = new EngagementApi(postStore, engagement);
        GoalsApi goalsApi = new GoalsApi(sites, goalStore, clock);
        QueryStore queryStore = new QueryStore(db);
        RollupStore rollupStore = new RollupStore(db);
        this.rollups = new Rollups(sites::list, queryStore, rollupStore, clock);
        QueryApi queryApi = new QueryApi(sites, new QueryEngine(queryStore, rollupStore, goalStore, attribution),
                engagementStore, clock);
        ConversionsApi conversionsApi = new ConversionsApi(sites, goalStore, recorder, new RefundStore(db), visitorIds, autoGoals, clock);
        TrackedLinks links = new TrackedLinks(postStore, visitorIds, userAgents, config.trustedProxies(), clock);
        SnippetAsset snippet = new SnippetAsset();
        // Access: sign-in, CSRF, API keys, shared links. `access` is the Gate every report page asks first.
        Pages pages = new Pages();
        AccessStore accessStore = new AccessStore(db);
        ShareLinks shares = new ShareLinks(accessStore, sites, config.baseUrl(), clock);
        Access access = new Access(accessStore, shares, pages, config.trustedProxies(), config.baseUrl(), clock);
        ApiKeys apiKeys = new ApiKeys(accessStore, config.adminKey(), clock);
        LoginPages loginPages = new LoginPages(access, accessStore, sitesApi, new LoginLimiter(clock), pages, clock);
        SettingsPage settings = new SettingsPage(access, accessStore, apiKeys, shares, sites, pages);
        ReportPages reports = new ReportPages(pages, access,
                new ReportPages.Apis(sitesApi, queryApi, postsApi, goalsApi, engagementApi, engagement),
                new ReportPages.Stores(sites, postStore, goalStore, engagementStore, new LiveStore(db), metrics.recent()),
                config.baseUrl(), clock);
        OpenApiDocument openApi = new OpenApiDocument();

        Consumer<Context> notFoundPage = ctx ->
                access.message(ctx, 404, "Not found", "There is no page at " + ctx.path() + " on this server.");
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.port = config.port();
            // Beacons never block on I/O past reading their body, so a few threads per core serve
            // them best; hundreds only add context switches on a small machine.
            var threads = new org.eclipse.jetty.util.thread.QueuedThreadPool(HTTP_THREADS, 4);
            threads.setName("http");
            c.jetty.threadPool = threads;
            // Jetty's header cache matches every header line against a trie of lines seen before;
            // beacons' headers (User-Agent, X-Forwarded-For) rarely repeat on a connection, so the
            // lookups cost the HTTP threads time and find nothing (profiled, see BENCHMARKS.md).
            c.jetty.modifyHttpConfiguration(h -> h.setHeaderCacheSize(0));
            // Bodies are read in full before any handler runs, without a thread: a client that sends
            // its body a byte at a time waits on the selector, not on one of the few request threads.
            // Beacons are then answered in front of Javalin (see BeaconEndpoint); Javalin gets the rest.
            c.jetty.modifyServer(server -> {
                server.setHandler(new EagerContentHandler(beacons,
                        new EagerContentHandler.RetainedContentLoaderFactory(MAX_BODY_BYTES, -1, true)));
                server.setErrorHandler(new JsonErrors(MAX_BODY_BYTES));
            });
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrors(MAX_BODY_BYTES)));
            // The snippet is gzipped once at start; the API's answers are small.
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.http.maxRequestSize = 1024 * 1024;

            c.routes.get("/healthz", ctx -> health(ctx));
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.prometheus()));
            c.routes.get("/js/outpost.js", snippet::serve);

            c.routes.get("/api/openapi.json", openApi::serve);
            c.routes.get("/go/{slug}", links::follow);
            c.routes.head("/go/{slug}", links::peek);

            // Every HTML form post carries its CSRF token; every API call a key (never a browser session).
            c.routes.before(NulGuard::check);
            c.routes.beforeMatched(access::checkCsrf);
            c.routes.get("/setup", loginPages::setupForm);
            c.routes.post("/setup", loginPages::setup);
            c.routes.get("/login", loginPages::loginForm);
            c.routes.post("/login", loginPages::login);
            c.routes.post("/logout", loginPages::logout);
            c.routes.get("/settings", settings::show);
            c.routes.post("/settings/keys", settings::createKey);
            c.routes.post("/settings/keys/{id}/revoke", settings::revokeKey);
            c.routes.post("/settings/shares", settings::createShare);
            c.routes.post("/settings/shares/{id}/revoke", settings::revokeShare);

            c.routes.before("/api/v1/*", apiKeys::require);
            c.routes.post("/api/v1/sites", sitesApi::create);
            c.routes.get("/api/v1/sites", sitesApi::list);
            c.routes.get("/api/v1/export/events", export::events);
            c.routes.get("/api/v1/drops", drops::drops);
            c.routes.post("/api/v1/posts", postsApi::create);
            c.routes.get("/api/v1/posts", postsApi::list);
            c.routes.post("/api/v1/posts/import", postsApi::importCsv);
            c.routes.get("/api/v1/posts/{id}", postsApi::get);
            c.routes.patch("/api/v1/posts/{id}", postsApi::update);
            c.routes.delete("/api/v1/posts/{id}", postsApi::delete);
            c.routes.get("/api/v1/posts/{id}/engagement", engagementApi::get);
            c.routes.put("/api/v1/posts/{id}/engagement", engagementApi::put);
            c.routes.post("/api/v1/posts/{id}/engagement/refresh", engagementApi::refresh);
            c.routes.post("/api/v1/goals", goalsApi::create);
            c.routes.get("/api/v1/goals", goalsApi::list);
            c.routes.delete("/api/v1/goals/{id}", goalsApi::delete);
            c.routes.post("/api/v1/conversions", conversionsApi::create);
            c.routes.post("/api/v1/conversions/refunds", conversionsApi::refund);
            c.routes.post("/api/v1/query", queryApi::query);

            // The WordPress plugin, zipped from tracker-snippet/wordpress/outpost at build time (pom.xml).
            c.staticFiles.add(files -> {
                files.hostedPath = "/downloads";
                files.directory = "/public/downloads";
                files.location = Location.CLASSPATH;
            });
            // report pages
            c.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/assets";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "max-age=3600");
            });
            c.routes.get("/", reports::sites);
            c.routes.post("/sites", reports::addSite);
            c.routes.apiBuilder(() -> path("/sites/{domain}", () -> {
                get(reports::showDashboard);
                get("/export/{table}.csv", reports::export);
                get("/setup", reports::showSetup);
                get("/live.json", reports::live);
                post("/posts", reports::addPost);
                post("/goals", reports::addGoal);
                get("/posts/{id}", reports::showPost);
                post("/posts/{id}/engagement", reports::enterEngagement);
                // Managing from pages: what the API changes, behind the same sign-in and CSRF check as every form.
                get("/recent.json", reports::recent);
                get("/settings", reports::siteSettings);
                post("/settings", reports::saveSite);
                post("/delete", reports::deleteSite);
                get("/posts", reports::posts);
                post("/posts/{id}/refresh", reports::refreshPost);
                get("/posts/{id}/edit", reports::postForm);
                post("/posts/{id}/edit", reports::savePost);
                post("/posts/{id}/delete", reports::deletePost);
                get("/goals/{id}/edit", reports::goalForm);
                post("/goals/{id}/edit", reports::saveGoal);
                post("/goals/{id}/delete", reports::deleteGoal);
            }));
            c.routes.get("/share/{token}", reports::showShared);
            c.routes.get("/share/{token}/export/{table}.csv", reports::exportShared);
            c.routes.exception(PageError.class, reports::error);

            c.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status).json(Map.of("error", e.getMessage())));
            // The client closed the connection before its whole body arrived: not our error.
            c.routes.exception(EofException.class,
                    (e, ctx) -> ctx.status(400).json(Map.of("error", "body: the connection closed before it was complete")));
            // Page redirects (Gate, sign-in): the status and Location are set; no body.
            c.routes.exception(RedirectResponse.class, (e, ctx) -> ctx.status(e.getStatus()));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> {
                // A person who mistypes a page's address (or reloads a form's) gets a page; programs get JSON.
                if (e.getStatus() == 404 && !ctx.path().startsWith("/api/")) notFoundPage.accept(ctx);
                else ctx.status(e.getStatus()).json(Map.of("error", e.getMessage()));
            });
            c.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("error", "internal error; see the server log"));
            });
            c.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    if (!ctx.path().startsWith("/api/")) notFoundPage.accept(ctx);
                    else ctx.json(Map.of("error", "no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });

            c.routes.post("/settings/password", settings::changePassword);
        });
    }

    /** Opens the database (migrating it), starts the writer and the HTTP server. */
    public static Outpost start(Config config) {
        return start(config, Clock.systemUTC());
    }

    public static Outpost start(Config config, Clock clock) {
        Outpost o = new Outpost(config, clock);
        try {
            o.app.start(config.port());
            o.engagement.start();
            o.rollups.start(java.time.Duration.ofMinutes(1));
        } catch (RuntimeException e) {
            o.close();
            throw e;
        }
        return o;
    }

    private void health(Context ctx) {
        boolean up = db.ping();
        ctx.status(up ? 200 : 503).json(Map.of(
                "status", up ? "ok" : "unavailable",
                "database", db.dialect().name().toLowerCase(java.util.Locale.ROOT)));
    }

    public int port() {
        return app.port();
    }

    public Config config() {
        return config;
    }

    /** The running Javalin app, for tests that read its route table (the OpenAPI document must list every route). */
    public Javalin javalin() {
        return app;
    }

    /** Blocks until every accepted event is committed; false on timeout. */
    public boolean awaitCommitted(long timeoutMillis) throws InterruptedException {
        return writer.awaitCommitted(timeoutMillis);
    }

    /**
     * Clean shutdown: stop taking requests, drain the queue into the database, then close it.
     * Nothing that was answered 202 is lost.
     */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            try {
                rollups.close();
                engagement.close();
                autoGoals.close();
            } finally {
                writer.close();
                db.close();
            }
        }
    }
}
