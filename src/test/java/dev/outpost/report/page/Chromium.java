package dev.outpost.report.page;

import dev.outpost.snippet.Tools;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium through ChromeDriver for the page tests, with a fresh profile and the
 * browser console recorded. Skipped without Chromium, failed on CI (see {@link Tools}).
 */
record Chromium(ChromeDriver driver, ChromeDriverService service, Path profile) implements AutoCloseable {
    static Chromium start(String windowSize) throws IOException {
        Tools.requireExecutable(Tools.CHROMIUM);
        Tools.requireExecutable(Tools.CHROMEDRIVER);
        Path profile = Files.createTempDirectory("outpost-pages-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Tools.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + windowSize);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver is given explicitly, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Tools.CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Chromium(driver, service, profile);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        service.stop();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
