package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.demo.DemoCommand;
import dev.outpost.snippet.Tools;
import dev.outpost.support.TestOutpost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page at phone, tablet and desktop widths in a real Chromium, on the demo's data: the page
 * never scrolls sideways (a wide table scrolls inside its card), no word is squeezed to a letter per
 * line, every headline figure fits its card, and nothing lands in the console. Screenshots of each
 * page at 390 and 1440 px go to {@code target/screenshots/layout-*.png} for a reviewer.
 */
class LayoutBrowserTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static final int[] WIDTHS = {360, 390, 768, 1440};
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String DEMO = DemoCommand.DOMAIN;

    static Chromium chromium;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        Tools.requireExecutable(Tools.CHROMIUM);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThat(DemoCommand.run(List.of("--events", "20000"), outpost.config(outpost.jdbcUrl()), quiet)).isZero();
        chromium = Chromium.start("1440,1000");
        driver = chromium.driver();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) chromium.close();
    }

    @Test
    void everyPageFitsPhonesTabletsAndDesktops() {
        List<String> problems = new ArrayList<>();
        // Before anyone signs in: the first-run form, then (once there is an owner) the sign-in form.
        check("setup-form", "/setup", problems);
        signUp();
        JsonNode post = outpost.get("/api/v1/posts?site=" + DEMO).json().get("posts").get(0);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("sites", "/");
        pages.put("dashboard", "/sites/" + DEMO);
        pages.put("dashboard-today", "/sites/" + DEMO + "?period=today");
        pages.put("post", "/sites/" + DEMO + "/posts/" + post.get("id").asText());
        pages.put("setup", "/sites/" + DEMO + "/setup");
        pages.put("settings", "/settings");
        pages.put("posts", "/sites/" + DEMO + "/posts");
        pages.put("site-settings", "/sites/" + DEMO + "/settings");
        pages.put("post-edit", "/sites/" + DEMO + "/posts/" + post.get("id").asText() + "/edit");
        pages.put("goal-edit", "/sites/" + DEMO + "/goals/"
                + outpost.get("/api/v1/goals?site=" + DEMO).json().get("goals").get(0).get("id").asText() + "/edit");
        pages.put("error", "/sites/no-such-site.example");
        pages.put("not-found", "/nope");
        pages.forEach((name, path) -> check(name, path, problems));
        driver.manage().deleteAllCookies();
        check("login", "/login", problems);
        assertThat(problems).as("layout problems").isEmpty();
    }

    /** Opens the page at each width and notes what is wrong with it. */
    static void check(String name, String path, List<String> problems) {
        for (int width : WIDTHS) {
            resize(width, 900);
            driver.get(outpost.baseUrl() + path);
            new WebDriverWait(driver, WAIT).until(d -> "complete".equals(driver.executeScript("return document.readyState")));
            String where = name + " at " + width + " px: ";
            assertThat(driver.findElements(By.cssSelector("header.top"))).as(where + "an HTML page of ours").isNotEmpty();
            // Only the two error pages may be one: a missing page measured as a tidy 404 proves nothing.
            boolean errorPage = !driver.findElements(By.cssSelector(".error-page")).isEmpty();
            assertThat(errorPage).as(where + "an error page").isEqualTo(name.equals("error") || name.equals("not-found"));
            @SuppressWarnings("unchecked")
            List<String> found = (List<String>) driver.executeScript(LAYOUT_PROBLEMS, width);
            for (String f : found) problems.add(where + f);
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER).getAll()) {
                // An error page's own 404 is what it is for; anything else in the console is a problem.
                boolean ownStatus = e.getMessage().startsWith(outpost.baseUrl() + path + " - ") && e.getMessage().contains("status of 404");
                if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !ownStatus) problems.add(where + "console: " + e.getMessage());
            }
            if (width == 390 || width == 1440) screenshot("layout-" + name + "-" + width + ".png", width);
        }
    }

    /**
     * What the page does wrong, as sentences: the document wider than the window; a text node of
     * four or more letters broken into lines of about one letter; a headline figure cut off or
     * outside its card.
     */
    static final String LAYOUT_PROBLEMS = """
            var out = [];
            var doc = document.documentElement;
            // Against the width asked for: a phone zooms out to fit a page that is too wide, widening its own window.
            var width = arguments[0];
            if (doc.scrollWidth > width) out.push("the page is " + doc.scrollWidth + " px wide in a " + width + " px window");
            var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            var range = document.createRange();
            for (var n = walker.nextNode(); n; n = walker.nextNode()) {
              var text = n.textContent.replace(/\\s+/g, "");
              if (text.length < 4) continue;
              range.selectNodeContents(n);
              var lines = {};
              Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) lines[Math.round(r.top)] = true; });
              var count = Object.keys(lines).length;
              if (count >= 3 && text.length / count < 2.5) out.push("\\"" + text.slice(0, 40) + "\\" is broken into " + count + " lines");
            }
            document.querySelectorAll(".total").forEach(function (card) {
              var value = card.querySelector(".value");
              if (!value) return;
              var c = card.getBoundingClientRect(), v = value.getBoundingClientRect();
              if (value.scrollWidth > value.clientWidth + 1) out.push("the figure \\"" + value.textContent + "\\" is cut off in its card");
              if (v.left < c.left - 1 || v.right > c.right + 1) out.push("the figure \\"" + value.textContent + "\\" sticks out of its card");
            });
            return out;
            """;

    static void signUp() {
        driver.get(outpost.baseUrl() + "/setup");
        driver.findElement(By.name("email")).sendKeys(TestOutpost.OWNER_EMAIL);
        driver.findElement(By.name("password")).sendKeys(TestOutpost.OWNER_PASSWORD);
        driver.findElement(By.name("site")).sendKeys(TestOutpost.OWNER_SITE);
        driver.findElement(By.name("password")).submit();
        new WebDriverWait(driver, WAIT).until(d -> !URI.create(d.getCurrentUrl()).getPath().equals("/setup"));
    }

    /** The viewport as a phone's (mobile: the page's viewport meta applies) or a desktop's. */
    static void resize(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 800));
    }

    /** The whole page, not only the window: the viewport grows to the page's height for the picture. */
    static void screenshot(String file, int width) {
        try {
            Number h = (Number) driver.executeScript("return Math.min(document.documentElement.scrollHeight, 8000)");
            resize(width, h.intValue());
            @SuppressWarnings("unchecked")
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(file), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
