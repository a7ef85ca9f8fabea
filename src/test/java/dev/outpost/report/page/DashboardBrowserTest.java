package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.snippet.Tools;
import dev.outpost.support.TestOutpost;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium through ChromeDriver): sign in as the
 * owner, open a dashboard with data, click a table row to filter the page, fetch a CSV export with
 * the browser's session, watch the setup page turn green when the first pageview arrives and list a
 * refused beacon as it comes, and confirm (or cancel) a delete. No
 * test may leave an error in the browser's console. Skipped without Chromium, failed on CI.
 */
class DashboardBrowserTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static final String SITE = "browser.example";
    static final String EMAIL = "owner@example.com";
    static final String PASSWORD = "correct horse battery";
    static final Duration WAIT = Duration.ofSeconds(15);

    static Chromium chromium;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        Tools.requireExecutable(Tools.CHROMIUM);
        seed();
        chromium = Chromium.start("1280,1800");
        driver = chromium.driver();
        signIn();
    }

    /** Three visitors today: alice from Reddit (who buys), bob from X, carol typing the address. */
    static void seed() {
        outpost.createSite(SITE);
        outpost.send("POST", "/api/v1/goals", "{\"site\":\"" + SITE + "\",\"event\":\"purchase\"}", Seed.ADMIN);
        pageview("alice0001", "/launch", "https://www.reddit.com/");
        event("alice0001", "purchase", ",\"revenue\":{\"amount\":\"42.00\",\"currency\":\"EUR\"}");
        pageview("bob000001", "/", "https://t.co/abc");
        pageview("carol0001", "/pricing", null);
        outpost.exportEvents(SITE); // waits until the writer has stored them
    }

    /**
     * Through the real sign-in: the first-run form at /setup when the server has no owner yet, else
     * /login; a server that lets the owner straight in shows the sites.
     */
    static void signIn() {
        driver.get(outpost.baseUrl() + "/");
        String path = URI.create(driver.getCurrentUrl()).getPath();
        if (path.equals("/setup")) {
            type("email", EMAIL);
            type("password", PASSWORD);
            type("site", "first.example");
            // The time zone is a list that starts at UTC, the zone the test wants.
            submit();
        } else if (path.equals("/login")) {
            type("email", EMAIL);
            type("password", PASSWORD);
            submit();
        }
        new WebDriverWait(driver, WAIT).until(d -> {
            String p = URI.create(d.getCurrentUrl()).getPath();
            return !p.equals("/setup") && !p.equals("/login");
        });
    }

    @AfterEach
    void noConsoleErrors() {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .collect(Collectors.toList());
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) chromium.close();
    }

    @Test
    void clickingARowFiltersTheDashboardAndItsCsv() throws Exception {
        driver.get(outpost.baseUrl() + "/sites/" + SITE);
        assertThat(driver.findElement(By.cssSelector("#total-visitors .value")).getText()).isEqualTo("3");
        assertThat(driver.findElements(By.cssSelector("svg.chart g[data-series=visitors] circle.dot"))).hasSize(30);
        screenshot("dashboard.png");

        // A click on a row's figures (not its link) is enough: the page's script follows the row.
        WebElement reddit = driver.findElements(By.cssSelector("#outposts tbody tr")).stream()
                .filter(tr -> tr.findElement(By.cssSelector("th a.filter")).getText().equals("Reddit"))
                .findFirst().orElseThrow();
        reddit.findElement(By.cssSelector("td")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().contains("f="));
        assertThat(driver.getCurrentUrl()).endsWith("/sites/" + SITE + "?f=visit%3Anetwork%3Ais%3AReddit");
        assertThat(driver.findElement(By.cssSelector(".chips .chip")).getText()).startsWith("Outpost is Reddit");
        assertThat(driver.findElement(By.cssSelector("#total-visitors .value")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.cssSelector("#total-revenue .value")).getText()).isEqualTo("€42.00");

        // The CSV link of a table exports the filtered view, with the browser's session.
        String href = driver.findElement(By.cssSelector("#channels a.csv")).getAttribute("href");
        assertThat(href).contains("/export/channels.csv?f=visit%3Anetwork%3Ais%3AReddit");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(href)).timeout(WAIT);
        String cookies = driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        if (!cookies.isEmpty()) request.header("Cookie", cookies);
        HttpResponse<String> csv = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.body()).isEqualTo("channel,visitors,visits,converting_visitors,conversion_rate,conversions,revenue_eur\r\n"
                + "social,1,1,1,100.00,1,42.00\r\n");

        // Removing the chip brings every visitor back.
        driver.findElement(By.cssSelector(".chips .chip a")).click();
        new WebDriverWait(driver, WAIT).until(d -> !d.getCurrentUrl().contains("f="));
        assertThat(driver.findElement(By.cssSelector("#total-visitors .value")).getText()).isEqualTo("3");
    }

    @Test
    void theSetupPageTurnsGreenWhenTheFirstPageviewArrives() {
        outpost.createSite("waiting.example");
        driver.get(outpost.baseUrl() + "/sites/waiting.example/setup");
        WebElement status = driver.findElement(By.cssSelector(".status"));
        assertThat(status.getAttribute("class")).contains("waiting");

        var r = outpost.beacon("{\"site\":\"waiting.example\",\"url\":\"https://waiting.example/\"}");
        assertThat(r.status()).isEqualTo(202);
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector(".status")).getAttribute("class").contains("receiving"));
        assertThat(driver.findElement(By.cssSelector(".status")).getText()).startsWith("Receiving pageviews.");
        screenshot("setup.png");
    }

    @Test
    void theSetupPageListsWhatArrivesAndWhyABeaconWasRefusedWithoutAReload() {
        outpost.createSite("testing.example");
        driver.get(outpost.baseUrl() + "/sites/testing.example/setup");
        assertThat(driver.findElement(By.cssSelector("#recent [data-recent-summary]")).getText())
                .isEqualTo("Nothing has arrived in the last 10 minutes.");

        // A copy of the site served from the owner's computer with data-allow-local: the host is not the site's.
        var r = outpost.beacon("{\"site\":\"testing.example\",\"url\":\"http://localhost:1313/post/\"}");
        assertThat(r.status()).isEqualTo(400);
        new WebDriverWait(driver, WAIT).until(d -> !d.findElements(By.cssSelector("#recent li.foreign_host")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#recent li.foreign_host")).getText())
                .contains("Refused pageview of localhost/post/", "add its host as an alias");
        assertThat(driver.findElement(By.cssSelector("#recent [data-recent-summary]")).getText()).isEqualTo("1 refused (foreign host)");
        screenshot("setup-recent.png");
    }

    @Test
    void deletingAGoalAsksFirstAndACancelKeepsIt() {
        var goal = outpost.send("POST", "/api/v1/goals", "{\"site\":\"" + SITE + "\",\"event\":\"newsletter\"}", Seed.ADMIN);
        assertThat(goal.status()).as(goal.body()).isEqualTo(201);
        String edit = "/sites/" + SITE + "/goals/" + goal.json().get("id").asText() + "/edit";
        driver.get(outpost.baseUrl() + edit);
        driver.findElement(By.cssSelector("#delete button.danger")).click();
        var alert = new WebDriverWait(driver, WAIT).until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
        assertThat(alert.getText()).isEqualTo("Delete the goal “newsletter”?");
        alert.dismiss();
        assertThat(URI.create(driver.getCurrentUrl()).getPath()).isEqualTo(edit);
        assertThat(outpost.get("/api/v1/goals?site=" + SITE).body()).contains("newsletter");

        driver.findElement(By.cssSelector("#delete button.danger")).click();
        new WebDriverWait(driver, WAIT).until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(driver, WAIT).until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/sites/" + SITE + "/setup"));
        assertThat(outpost.get("/api/v1/goals?site=" + SITE).body()).doesNotContain("newsletter");
    }

    @Test
    void thePostPageShowsItsTrackedLinkAndTakesCountsByHand() {
        var post = outpost.send("POST", "/api/v1/posts", "{\"site\":\"" + SITE + "\",\"title\":\"Launch thread\","
                + "\"url\":\"https://www.reddit.com/r/shop/comments/b7o8w9/launch/\",\"target\":\"https://" + SITE + "/launch\"}",
                Seed.ADMIN).json();
        driver.get(outpost.baseUrl() + "/sites/" + SITE + "/posts/" + post.get("id").asText());
        assertThat(driver.findElement(By.id("tracked-link")).getAttribute("value")).isEqualTo(post.get("tracked_url").asText());
        driver.findElement(By.cssSelector("button[data-copy=tracked-link]")).click();

        type("comments", "7");
        type("shares", "2");
        driver.findElement(By.cssSelector("#engagement form button[type=submit]")).click();
        new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().endsWith("#engagement"));
        assertThat(driver.findElements(By.cssSelector("#engagement dl.engagement dd")).stream().map(WebElement::getText).toList())
                .startsWith("7", "2", "—");
        screenshot("post.png");
    }

    @Test
    void aNewKeyIsShownOnceInFullWithACopyButtonAndAReloadMakesNoSecondOne() {
        driver.get(outpost.baseUrl() + "/settings");
        type("name", "Reload check");
        driver.findElement(By.cssSelector("#api-keys form.inline-form button[type=submit]")).click();
        WebElement secret = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id("new-key")));
        assertThat(secret.getAttribute("value")).startsWith("op_");
        assertThat(secret.getSize().getWidth()).as("the key's field spans its box")
                .isGreaterThan(driver.findElement(By.cssSelector(".secret")).getSize().getWidth() * 2 / 3);
        driver.findElement(By.cssSelector("button[data-copy=new-key]")).click();
        assertThat(URI.create(driver.getCurrentUrl()).getPath()).isEqualTo("/settings");

        driver.navigate().refresh();
        assertThat(driver.findElements(By.cssSelector(".secret"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#api-keys tbody tr")).stream()
                .filter(tr -> tr.getText().startsWith("Reload check")).count()).as("keys named so").isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    static void pageview(String vid, String path, String referrer) {
        String ref = referrer == null ? "" : ",\"referrer\":\"" + referrer + "\"";
        send("{\"site\":\"" + SITE + "\",\"url\":\"https://" + SITE + path + "\",\"vid\":\"" + vid + "\"" + ref + "}");
    }

    static void event(String vid, String name, String extra) {
        send("{\"site\":\"" + SITE + "\",\"name\":\"" + name + "\",\"url\":\"https://" + SITE + "/checkout\",\"vid\":\""
                + vid + "\"" + extra + "}");
    }

    static void send(String json) {
        var r = outpost.beacon(json, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    static void type(String name, String value) {
        WebElement field = driver.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    /** Sends the form the password field is in (the page may have other forms, such as sign-out). */
    static void submit() {
        driver.findElement(By.name("password")).submit();
    }

    static void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
