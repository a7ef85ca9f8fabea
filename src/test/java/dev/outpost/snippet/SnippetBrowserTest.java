package dev.outpost.snippet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tracking snippet in a real browser (Debian's headless Chromium driven by ChromeDriver)
 * against a real Outpost server: every test checks what the server STORED, through the export API.
 *
 * <p>The site is "127.0.0.1": its pages are served by {@link PageServer} at http://127.0.0.1:PORT,
 * and http://localhost:PORT is another origin (a referrer, an outbound link). Tests share one
 * browser and one site; each keeps to its own path prefix ("/t-xxxx/...").
 */
class SnippetBrowserTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static final String SITE = "127.0.0.1";
    /** A desktop Chrome User-Agent: headless Chromium says "HeadlessChrome", which the server drops as a bot. */
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/156.0.0.0 Safari/537.36";
    static final Duration WAIT = Duration.ofSeconds(15);

    static PageServer pages;
    static ChromeDriver driver;
    static ChromeDriverService service;
    static Path profile;

    /** This test's own path prefix, e.g. "/t-1a2b3c4d". */
    String prefix;
    /** CDP scripts a test added to every new document, removed after it. */
    final List<String> injected = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws IOException {
        Tools.requireExecutable(Tools.CHROMIUM);
        Tools.requireExecutable(Tools.CHROMEDRIVER);
        outpost.createSite(SITE);
        pages = new PageServer();

        profile = Files.createTempDirectory("outpost-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Tools.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,800",
                "--user-agent=" + USER_AGENT,
                // Selenium's ChromeDriver makes navigator.webdriver true, which the snippet reports and
                // the server drops: be an ordinary browser (checked in browserIsNotFlaggedAsAutomated).
                "--disable-blink-features=AutomationControlled");
        options.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);

        // The driver is given explicitly, so Selenium Manager never looks for (or downloads) one.
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Tools.CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) driver.quit();
        if (service != null) service.stop();
        if (pages != null) pages.close();
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void cleanBrowser() {
        prefix = "/t-" + UUID.randomUUID().toString().substring(0, 8);
        // One tab, no cookies, no storage left by an earlier test.
        String first = driver.getWindowHandles().iterator().next();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(first)) driver.switchTo().window(handle).close();
        }
        driver.switchTo().window(first);
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", pages.site(), "storageTypes", "all"));
        driver.get("about:blank");
        browserLog(); // drop what came before
    }

    @AfterEach
    void noConsoleErrors() {
        for (String id : injected) {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
        }
        injected.clear();
        assertThat(consoleErrors()).as("console errors in the browser").isEmpty();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void browserIsNotFlaggedAsAutomated() {
        String url = page("/plain", "", "<p>plain</p>");
        driver.get(url);
        assertThat(driver.executeScript("return navigator.webdriver")).isEqualTo(false);
        assertThat(driver.executeScript("return navigator.userAgent")).isEqualTo(USER_AGENT);
        JsonNode pv = awaitOne(e -> isPageview(e, prefix + "/plain"));
        assertThat(pv.path("browser").asText()).isEqualTo("Chrome");
    }

    @Test
    void pageviewWithCrossOriginReferrerAndUtmTags() {
        String landing = page("/landing", "", "<h1>Landing</h1>") + "?utm_source=newsletter&utm_medium=email&utm_campaign=spring";
        pages.put(prefix + "/social", "<!doctype html><html><head><title>Social</title></head><body>"
                + "<a id=\"go\" href=\"" + landing + "\">read this</a></body></html>");
        driver.get(pages.elsewhere() + prefix + "/social");
        driver.findElement(By.id("go")).click();
        waitUntil(d -> d.getCurrentUrl().startsWith(pages.site()));

        JsonNode pv = awaitOne(e -> isPageview(e, prefix + "/landing"));
        // Chrome sends only the origin across origins (strict-origin-when-cross-origin).
        assertThat(pv.path("referrer").asText()).isEqualTo(pages.elsewhere() + "/");
        assertThat(pv.path("referrer_host").asText()).isEqualTo("localhost");
        assertThat(pv.path("utm_source").asText()).isEqualTo("newsletter");
        assertThat(pv.path("utm_medium").asText()).isEqualTo("email");
        assertThat(pv.path("utm_campaign").asText()).isEqualTo("spring");
        assertThat(pv.path("host").asText()).isEqualTo(SITE);
        assertThat(pv.path("title").asText()).isEqualTo("Test page");
        assertThat(pv.path("screen_width").asInt()).isPositive();
        assertThat(pv.path("browser").asText()).isEqualTo("Chrome");
        assertThat(pv.path("visitor_id").asText()).as("a daily hash, not a first-party id").doesNotStartWith("v:");
    }

    @Test
    void singlePageAppNavigation() {
        driver.get(page("/app", "", "<p>app</p>"));
        awaitOne(e -> isPageview(e, prefix + "/app"));

        driver.executeScript("history.pushState({}, '', '" + prefix + "/pricing')");
        awaitOne(e -> isPageview(e, prefix + "/pricing"));
        // A query string change alone (what routers do to tidy up) is not a new page.
        driver.executeScript("history.replaceState({}, '', '" + prefix + "/pricing?tab=2')");
        // replaceState to another path is.
        driver.executeScript("history.replaceState({}, '', '" + prefix + "/plans')");
        awaitOne(e -> isPageview(e, prefix + "/plans"));
        // Back: popstate.
        driver.navigate().back();
        waitUntil(d -> d.getCurrentUrl().endsWith(prefix + "/app"));
        // Without data-hash a fragment change is the same page.
        driver.executeScript("location.hash = '#section-2'");
        barrier();

        List<JsonNode> events = events(prefix);
        // (Beacons sent in the same instant may arrive in either order.)
        assertThat(names(events)).containsExactlyInAnyOrder(
                "pageview " + prefix + "/app",
                "engagement " + prefix + "/app",
                "pageview " + prefix + "/pricing",
                "engagement " + prefix + "/pricing",
                "pageview " + prefix + "/plans",
                "engagement " + prefix + "/plans",
                "pageview " + prefix + "/app",
                "engagement " + prefix + "/app"); // left for the barrier page
    }

    @Test
    void hashRoutingWithDataHash() {
        driver.get(page("/spa", "data-hash", "<p>hash app</p>") + "#/home");
        awaitOne(e -> isPageview(e, prefix + "/spa#/home"));
        driver.executeScript("location.hash = '#/settings'");
        awaitOne(e -> isPageview(e, prefix + "/spa#/settings"));
        assertThat(events(prefix)).filteredOn(e -> e.path("name").asText().equals("engagement"))
                .extracting(e -> e.path("path").asText()).containsExactly(prefix + "/spa#/home");
    }

    @Test
    void customEventWithPropsAndRevenue() {
        driver.get(page("/checkout", "", "<p>checkout</p>"));
        Object result = driver.executeScript(
                "outpost('purchase', {props: {plan: 'pro', seats: 3}, revenue: {amount: 29.9, currency: 'EUR'}});"
                        + "outpost('signup');"
                        // Owner mistakes never throw into the page: a BigInt cannot be sent as JSON.
                        + "outpost('broken', {props: {n: 10n}});"
                        + "return typeof outpost.visitor() + ' ' + outpost.visitor();");
        assertThat(result).isEqualTo("undefined undefined");

        JsonNode purchase = awaitOne(e -> e.path("name").asText().equals("purchase") && e.path("path").asText().startsWith(prefix));
        assertThat(purchase.path("revenue_amount").asText()).isEqualTo("29.90");
        assertThat(purchase.path("revenue_currency").asText()).isEqualTo("EUR");
        assertThat(purchase.path("props").path("plan").asText()).isEqualTo("pro");
        assertThat(purchase.path("props").path("seats").asText()).isEqualTo("3");
        assertThat(purchase.path("path").asText()).isEqualTo(prefix + "/checkout");
        awaitOne(e -> e.path("name").asText().equals("signup") && e.path("path").asText().startsWith(prefix));
        barrier();
        assertThat(events(prefix)).extracting(e -> e.path("name").asText()).doesNotContain("broken");
    }

    @Test
    void callsQueuedByTheInlineStubBeforeTheScriptLoads() {
        String stub = "<script>window.outpost=window.outpost||function(){(outpost.q=outpost.q||[]).push(arguments)}</script>"
                + "<script>outpost('early', {props: {step: 'head'}});"
                + "outpost('early-purchase', {revenue: {amount: '12.50', currency: 'USD'}});</script>";
        String url = pages.site() + prefix + "/stub";
        pages.put(prefix + "/stub", "<!doctype html><html><head><meta charset=\"utf-8\"><title>Stub</title>" + stub
                + snippetTag("") + "</head><body><p>stub</p></body></html>");
        driver.get(url);
        JsonNode early = awaitOne(e -> e.path("name").asText().equals("early") && e.path("path").asText().startsWith(prefix));
        assertThat(early.path("props").path("step").asText()).isEqualTo("head");
        JsonNode purchase = awaitOne(e -> e.path("name").asText().equals("early-purchase") && e.path("path").asText().startsWith(prefix));
        assertThat(purchase.path("revenue_amount").asText()).isEqualTo("12.50");
        assertThat(purchase.path("revenue_currency").asText()).isEqualTo("USD");
        awaitOne(e -> isPageview(e, prefix + "/stub"));
    }

    @Test
    void outboundClicksAndDownloadsAreCountedWithoutBreakingNavigation() {
        String outbound = pages.elsewhere() + prefix + "/partner?ref=1";
        String file = pages.site() + prefix + "/files/report.pdf";
        String url = page("/links", "", "<a id=\"out\" href=\"" + outbound + "\">partner</a> "
                + "<a id=\"file\" href=\"" + file + "\">report</a> "
                + "<a id=\"mail\" href=\"mailto:someone@example.com\">mail</a> "
                + "<a id=\"inside\" href=\"" + prefix + "/other\">inside</a>");
        driver.get(url);
        awaitOne(e -> isPageview(e, prefix + "/links"));
        String tab = driver.getWindowHandle();

        // Ctrl-click: a new background tab; this page stays and keeps working.
        new Actions(driver).keyDown(Keys.CONTROL).click(driver.findElement(By.id("out"))).keyUp(Keys.CONTROL).perform();
        waitUntil(d -> d.getWindowHandles().size() == 2);
        assertThat(driver.getCurrentUrl()).isEqualTo(url);
        // Middle click: another new tab.
        middleClick(driver.findElement(By.id("out")));
        waitUntil(d -> d.getWindowHandles().size() == 3);
        driver.switchTo().window(tab);
        assertThat(driver.getCurrentUrl()).isEqualTo(url);

        // A download, then a plain click on the outbound link: the browser really goes there.
        driver.findElement(By.id("file")).click();
        driver.findElement(By.id("out")).click();
        waitUntil(d -> d.getCurrentUrl().equals(outbound));
        assertThat(driver.findElement(By.id("elsewhere")).getText()).isEqualTo("Elsewhere");

        List<JsonNode> clicks = awaitCount(e -> e.path("name").asText().equals("outbound") && e.path("path").asText().startsWith(prefix), 3);
        assertThat(clicks).allSatisfy(e -> {
            assertThat(e.path("props").path("url").asText()).isEqualTo(outbound);
            assertThat(e.path("path").asText()).isEqualTo(prefix + "/links");
        });
        JsonNode download = awaitOne(e -> e.path("name").asText().equals("download") && e.path("path").asText().startsWith(prefix));
        assertThat(download.path("props").path("url").asText()).isEqualTo(file);
        barrier();
        assertThat(events(prefix)).extracting(e -> e.path("name").asText())
                .containsOnly("pageview", "outbound", "download", "engagement");
    }

    @Test
    void outboundAndDownloadTrackingCanBeTurnedOff() {
        String outbound = pages.elsewhere() + prefix + "/partner";
        driver.get(page("/quiet-links", "data-no-outbound data-no-download",
                "<a id=\"file\" href=\"" + prefix + "/files/a.zip\">zip</a> <a id=\"out\" href=\"" + outbound + "\">partner</a>"));
        awaitOne(e -> isPageview(e, prefix + "/quiet-links"));
        driver.findElement(By.id("file")).click();
        driver.findElement(By.id("out")).click();
        waitUntil(d -> d.getCurrentUrl().equals(outbound));
        barrier();
        assertThat(events(prefix)).extracting(e -> e.path("name").asText()).containsOnly("pageview", "engagement");
    }

    @Test
    void engagementWhenLeavingThePage() throws InterruptedException {
        driver.get(page("/long", "", "<div style=\"height:6000px\">long read</div><p id=\"end\">end</p>"));
        awaitOne(e -> isPageview(e, prefix + "/long"));
        driver.executeScript("window.scrollTo(0, document.documentElement.scrollHeight)");
        Thread.sleep(1200);
        driver.get(page("/next", "", "<p>next</p>"));

        JsonNode engagement = awaitOne(e -> e.path("name").asText().equals("engagement") && e.path("path").asText().equals(prefix + "/long"));
        assertThat(engagement.path("scroll_depth").asInt()).isEqualTo(100);
        assertThat(engagement.path("engaged_ms").asInt()).isBetween(1100, 60_000);
        assertThat(engagement.path("title").asText()).isEqualTo("Test page");
    }

    @Test
    void engagementOnceWhenThePageIsHidden() throws InterruptedException {
        driver.get(page("/tall", "", "<div style=\"height:8000px\">tall</div>"));
        awaitOne(e -> isPageview(e, prefix + "/tall"));
        Thread.sleep(300);
        // The tab goes to the background (twice): one engagement event for the pageview.
        String hide = "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
                + "Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});"
                + "document.dispatchEvent(new Event('visibilitychange'));";
        driver.executeScript(hide);
        driver.executeScript(hide);
        JsonNode engagement = awaitOne(e -> e.path("name").asText().equals("engagement") && e.path("path").asText().startsWith(prefix));
        assertThat(engagement.path("engaged_ms").asInt()).isBetween(250, 60_000);
        assertThat(engagement.path("scroll_depth").asInt()).as("800 of 8000 px seen").isBetween(1, 20);
        barrier();
        assertThat(events(prefix)).extracting(e -> e.path("name").asText()).containsExactly("pageview", "engagement");
    }

    @Test
    void nothingStoredInTheBrowserWithoutCrossVisit() {
        driver.get(page("/private", "", "<p>private</p>"));
        awaitOne(e -> isPageview(e, prefix + "/private"));
        driver.executeScript("outpost('clicked')");
        awaitOne(e -> e.path("name").asText().equals("clicked") && e.path("path").asText().startsWith(prefix));

        assertThat(driver.manage().getCookies()).isEmpty();
        assertThat(allCookies()).as("cookies of every origin, the Outpost server's included").isEmpty();
        assertThat(driver.executeScript("return localStorage.length + sessionStorage.length")).isEqualTo(0L);
        assertThat(driver.executeScript("return outpost.visitor()")).isNull();
    }

    @Test
    void crossVisitIdIsStableAcrossPageLoads() {
        driver.get(page("/cv-a", "data-cross-visit", "<p>a</p>"));
        String vid = (String) driver.executeScript("return outpost.visitor()");
        assertThat(vid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(driver.executeScript("return localStorage.getItem('outpost_vid')")).isEqualTo(vid);
        driver.get(page("/cv-b", "data-cross-visit", "<p>b</p>"));
        assertThat(driver.executeScript("return outpost.visitor()")).isEqualTo(vid);

        JsonNode a = awaitOne(e -> isPageview(e, prefix + "/cv-a"));
        JsonNode b = awaitOne(e -> isPageview(e, prefix + "/cv-b"));
        assertThat(a.path("visitor_id").asText()).isEqualTo("v:" + vid);
        assertThat(b.path("visitor_id").asText()).isEqualTo("v:" + vid);
        assertThat(allCookies()).isEmpty();
    }

    @Test
    void doNotTrackAndGlobalPrivacyControlAreRespectedWhenAskedTo() {
        injectOnNewDocument("Object.defineProperty(Navigator.prototype, 'doNotTrack', {configurable: true, get: () => '1'});");
        driver.get(page("/dnt-respected", "data-respect-dnt", "<p>dnt</p>"));
        assertThat(driver.executeScript("return navigator.doNotTrack")).isEqualTo("1");
        driver.executeScript("outpost('ignored')");
        sleep(200);
        assertThat(beaconsSent()).as("nothing is even sent").isZero();
        // The owner did not ask: DNT alone does not stop tracking.
        driver.get(page("/dnt-not-asked", "", "<p>not asked</p>"));
        awaitOne(e -> isPageview(e, prefix + "/dnt-not-asked"));
        removeInjected();

        injectOnNewDocument("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {configurable: true, get: () => true});");
        driver.get(page("/gpc-respected", "data-respect-dnt", "<p>gpc</p>"));
        assertThat(driver.executeScript("return navigator.globalPrivacyControl")).isEqualTo(true);
        sleep(200);
        assertThat(beaconsSent()).as("nothing is even sent").isZero();
        removeInjected();

        // Neither signal: counted even with data-respect-dnt.
        driver.get(page("/no-signal", "data-respect-dnt", "<p>no signal</p>"));
        awaitOne(e -> isPageview(e, prefix + "/no-signal"));
        barrier();
        assertThat(paths(events(prefix))).doesNotContain(prefix + "/dnt-respected", prefix + "/gpc-respected");
        assertThat(names(events(prefix))).doesNotContain("ignored " + prefix + "/dnt-respected");
    }

    @Test
    void localPagesNeedDataAllowLocal() {
        String html = "<!doctype html><html><head><title>Local</title>"
                + "<script defer data-site=\"" + SITE + "\" src=\"" + outpost.baseUrl() + "/js/outpost.js\"></script>"
                + "</head><body><p>local</p></body></html>";
        pages.put(prefix + "/local", html);
        driver.get(pages.site() + prefix + "/local");
        waitUntil(d -> Boolean.TRUE.equals(d.executeScript("return typeof outpost == 'function'")));
        driver.executeScript("outpost('local-event')");
        sleep(200);
        assertThat(beaconsSent()).isZero();
        barrier();
        assertThat(events(prefix)).isEmpty();
    }

    @Test
    void excludedPathsSendNothing() {
        String attr = "data-exclude=\"" + prefix + "/admin/*, " + prefix + "/preview*\"";
        driver.get(page("/admin/users", attr, "<p>admin</p>"));
        driver.executeScript("outpost('admin-event')");
        driver.get(page("/preview-draft", attr, "<p>preview</p>"));
        driver.get(page("/public", attr, "<p>public</p>"));
        awaitOne(e -> isPageview(e, prefix + "/public"));
        // SPA navigation into an excluded path: the public page's engagement, nothing for the admin page.
        driver.executeScript("history.pushState({}, '', '" + prefix + "/admin/settings'); outpost('admin-spa-event')");
        barrier();
        assertThat(names(events(prefix))).containsExactly("pageview " + prefix + "/public", "engagement " + prefix + "/public");
    }

    @Test
    void automatedBrowsersAreReportedAndDropped() {
        injectOnNewDocument("Object.defineProperty(Navigator.prototype, 'webdriver', {configurable: true, get: () => true});");
        driver.get(page("/robot", "", "<p>robot</p>"));
        assertThat(driver.executeScript("return navigator.webdriver")).isEqualTo(true);
        waitUntil(d -> ((Number) d.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.initiatorType == 'beacon').length")).intValue() >= 1);
        removeInjected();
        barrier();
        assertThat(events(prefix)).as("sent with webdriver: true, dropped by the server").isEmpty();
    }

    @Test
    void prerenderedPageCountsOnlyWhenShown() {
        String target = page("/prerendered", "", "<p>target</p>");
        String rules = "<script type=\"speculationrules\">{\"prerender\": [{\"source\": \"list\", \"urls\": [\"" + target
                + "\"]}]}</script>";
        driver.get(page("/from", "", rules + "<a id=\"go\" href=\"" + target + "\">go</a>"));
        awaitOne(e -> isPageview(e, prefix + "/from"));
        // Chrome fetches the target with "Sec-Purpose: prefetch;prerender" and runs it, snippet
        // included, unseen. Give that snippet time to (wrongly) send something.
        waitUntil(d -> pages.requests(prefix + "/prerendered").stream().anyMatch(p -> p.contains("prerender")));
        sleep(1500);
        assertThat(paths(events(prefix))).doesNotContain(prefix + "/prerendered");

        driver.findElement(By.id("go")).click();
        waitUntil(d -> d.getCurrentUrl().equals(target));
        assertThat(((Number) driver.executeScript("return performance.getEntriesByType('navigation')[0].activationStart")).doubleValue())
                .as("the page was prerendered, then activated").isPositive();
        awaitOne(e -> isPageview(e, prefix + "/prerendered"));
    }

    @Test
    void noscriptPixelCountsAPageviewWithoutJavaScript() {
        String url = pages.site() + prefix + "/noscript?utm_source=pixel";
        pages.put(prefix + "/noscript", "<!doctype html><html><head><title>No JS</title></head><body><p>no js</p>"
                + "<noscript><img src=\"" + outpost.baseUrl() + "/api/event.gif?site=" + SITE + "\" alt=\"\" "
                + "referrerpolicy=\"no-referrer-when-downgrade\"></noscript></body></html>");
        driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        try {
            driver.get(url);
            JsonNode pv = awaitOne(e -> isPageview(e, prefix + "/noscript"));
            assertThat(pv.path("utm_source").asText()).isEqualTo("pixel");
        } finally {
            driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));
        }
    }

    @Test
    void fetchFallbackWhenSendBeaconRefuses() {
        // sendBeacon returns false when the browser will not queue a beacon (over its quota, say).
        // fetch is wrapped only to record how the snippet calls it; the real fetch still sends.
        injectOnNewDocument("(() => {"
                + "window.__beaconBodies = []; window.__fetches = [];"
                + "Object.defineProperty(Navigator.prototype, 'sendBeacon', {configurable: true, writable: true,"
                + "  value: function (url, body) { __beaconBodies.push(body); return false; }});"
                + "var realFetch = window.fetch;"
                + "window.fetch = function (url, init) {"
                + "  var request = new Request(url, init);" // what the browser makes of the arguments
                + "  __fetches.push({url: request.url, method: request.method, keepalive: request.keepalive, mode: request.mode,"
                + "    type: request.headers.get('content-type'), body: init.body, headers: 'headers' in init});"
                + "  return realFetch.apply(this, arguments);"
                + "};"
                + "})();");
        driver.get(page("/refused", "", "<p>refused</p>"));
        JsonNode pv = awaitOne(e -> isPageview(e, prefix + "/refused"));
        assertThat(pv.path("title").asText()).isEqualTo("Test page");
        assertThat(pv.path("browser").asText()).isEqualTo("Chrome");
        driver.executeScript("outpost('signup', {props: {plan: 'pro'}})");
        JsonNode signup = awaitOne(e -> e.path("name").asText().equals("signup") && e.path("path").asText().startsWith(prefix));
        assertThat(signup.path("props").path("plan").asText()).isEqualTo("pro");

        // Each event: sendBeacon first, then fetch with the same body: a POST to /api/event with
        // keepalive and a string body, which goes as text/plain;charset=UTF-8 (a CORS-safelisted
        // type, so no preflight), no headers of its own, in the default cors mode.
        @SuppressWarnings("unchecked")
        List<String> beaconBodies = (List<String>) driver.executeScript("return __beaconBodies");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fetches = (List<Map<String, Object>>) driver.executeScript("return __fetches");
        assertThat(beaconBodies).hasSize(2);
        assertThat(fetches).extracting(f -> f.get("body")).containsExactlyElementsOf(beaconBodies);
        assertThat(fetches).allSatisfy(f -> {
            assertThat(f.get("url")).isEqualTo(outpost.baseUrl() + "/api/event");
            assertThat(f.get("method")).isEqualTo("POST");
            assertThat(f.get("keepalive")).isEqualTo(true);
            assertThat(f.get("type")).isEqualTo("text/plain;charset=UTF-8");
            assertThat(f.get("headers")).isEqualTo(false);
            assertThat(f.get("mode")).isEqualTo("cors");
        });
        assertThat(beaconsSent()).isZero();

        // Leaving the page: its engagement event goes with a keepalive fetch, which outlives it.
        driver.get(page("/after-refused", "", "<p>next</p>"));
        JsonNode engagement = awaitOne(e -> e.path("name").asText().equals("engagement") && e.path("path").asText().equals(prefix + "/refused"));
        assertThat(engagement.path("scroll_depth").asInt()).isEqualTo(100);
        awaitOne(e -> isPageview(e, prefix + "/after-refused"));
        assertThat(consoleErrors()).as("console errors in the browser").isEmpty();
    }

    @Test
    void fetchFallbackWithoutSendBeacon() {
        injectOnNewDocument("delete Navigator.prototype.sendBeacon;");
        String outbound = pages.elsewhere() + prefix + "/partner";
        driver.get(page("/no-beacon", "", "<a id=\"out\" href=\"" + outbound + "\">partner</a>"));
        assertThat(driver.executeScript("return typeof navigator.sendBeacon")).isEqualTo("undefined");
        awaitOne(e -> isPageview(e, prefix + "/no-beacon"));
        driver.executeScript("outpost('purchase', {revenue: {amount: '9.99', currency: 'EUR'}})");
        JsonNode purchase = awaitOne(e -> e.path("name").asText().equals("purchase") && e.path("path").asText().startsWith(prefix));
        assertThat(purchase.path("revenue_amount").asText()).isEqualTo("9.99");
        assertThat(purchase.path("revenue_currency").asText()).isEqualTo("EUR");
        // Both went with fetch (Resource Timing: initiatorType "fetch"), none as a beacon.
        waitUntil(d -> sentWith("fetch") >= 2);
        assertThat(beaconsSent()).isZero();

        // An outbound click: the keepalive fetch outlives the page, the navigation still happens,
        // and so does the engagement event sent on the way out.
        driver.findElement(By.id("out")).click();
        waitUntil(d -> d.getCurrentUrl().equals(outbound));
        JsonNode click = awaitOne(e -> e.path("name").asText().equals("outbound") && e.path("path").asText().startsWith(prefix));
        assertThat(click.path("props").path("url").asText()).isEqualTo(outbound);
        awaitOne(e -> e.path("name").asText().equals("engagement") && e.path("path").asText().equals(prefix + "/no-beacon"));
        assertThat(consoleErrors()).as("console errors in the browser").isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** The opening tag the site owner pastes, with extra data-* attributes. */
    static String snippetTag(String attributes) {
        return "<script defer data-site=\"" + SITE + "\" data-allow-local " + attributes + " src=\""
                + outpost.baseUrl() + "/js/outpost.js\"></script>";
    }

    /** Puts a tracked page at prefix + path; returns its URL. */
    String page(String path, String attributes, String body) {
        pages.put(prefix + path, "<!doctype html><html><head><meta charset=\"utf-8\"><title>Test page</title>"
                + snippetTag(attributes) + "</head><body>" + body + "</body></html>");
        return pages.site() + prefix + path;
    }

    /** Loads a tracked page elsewhere on the site and waits until its pageview is stored, so every
     *  beacon sent before it has arrived too. Leaving the current page sends its engagement event. */
    void barrier() {
        String path = "/barrier-" + UUID.randomUUID().toString().substring(0, 8);
        pages.put(path, "<!doctype html><html><head><title>Barrier</title>" + snippetTag("") + "</head><body></body></html>");
        sleep(300);
        driver.get(pages.site() + path);
        awaitOne(e -> isPageview(e, path));
        sleep(300);
    }

    static boolean isPageview(JsonNode e, String path) {
        return e.path("name").asText().equals("pageview") && e.path("path").asText().equals(path);
    }

    /** Stored events whose path starts with {@code prefix}, oldest first. */
    static List<JsonNode> events(String prefix) {
        return outpost.exportEvents(SITE).stream()
                .filter(e -> e.path("path").asText().startsWith(prefix))
                .collect(Collectors.toList());
    }

    static List<String> names(List<JsonNode> events) {
        return events.stream().map(e -> e.path("name").asText() + " " + e.path("path").asText()).collect(Collectors.toList());
    }

    static List<String> paths(List<JsonNode> events) {
        return events.stream().map(e -> e.path("path").asText()).collect(Collectors.toList());
    }

    static List<JsonNode> awaitCount(Predicate<JsonNode> match, int n) {
        long end = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> found;
        do {
            found = outpost.exportEvents(SITE).stream().filter(match).collect(Collectors.toList());
            if (found.size() >= n) return found;
            sleep(150);
        } while (System.nanoTime() < end);
        throw new AssertionError("expected " + n + " matching events within " + WAIT + ", found " + found.size()
                + "; stored: " + outpost.exportEvents(SITE));
    }

    static JsonNode awaitOne(Predicate<JsonNode> match) {
        List<JsonNode> found = awaitCount(match, 1);
        assertThat(found).as("exactly one matching event").hasSize(1);
        return found.get(0);
    }

    static void waitUntil(java.util.function.Function<ChromeDriver, Boolean> condition) {
        new WebDriverWait(driver, WAIT).until(d -> condition.apply(driver));
    }

    /** Beacons the current page sent (Resource Timing lists them with initiatorType "beacon"). */
    static long beaconsSent() {
        return ((Number) driver.executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.initiatorType == 'beacon').length")).longValue();
    }

    /** Events the current page sent to the Outpost server by {@code initiatorType} ("beacon", "fetch"). */
    static long sentWith(String initiatorType) {
        return ((Number) driver.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.initiatorType == arguments[0] && e.name.endsWith('/api/event')).length", initiatorType)).longValue();
    }

    /** Console entries since the last look: errors from anything, and anything at all that mentions
     *  the snippet (console.log from it, Chrome's warnings about it). */
    static List<LogEntry> consoleErrors() {
        return browserLog().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue() || e.getMessage().contains("outpost"))
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    static List<Object> allCookies() {
        Map<String, Object> r = driver.executeCdpCommand("Storage.getCookies", Map.of());
        return (List<Object>) r.get("cookies");
    }

    void injectOnNewDocument(String js) {
        Map<String, Object> r = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js));
        injected.add((String) r.get("identifier"));
    }

    void removeInjected() {
        for (String id : injected) {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
        }
        injected.clear();
    }

    static void middleClick(WebElement element) {
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence click = new Sequence(mouse, 0)
                .addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(element), 0, 0))
                .addAction(mouse.createPointerDown(PointerInput.MouseButton.MIDDLE.asArg()))
                .addAction(mouse.createPointerUp(PointerInput.MouseButton.MIDDLE.asArg()));
        driver.perform(List.of(click));
    }

    static List<LogEntry> browserLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
