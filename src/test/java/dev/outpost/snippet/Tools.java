package dev.outpost.snippet;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs the browser tests need (Chromium, ChromeDriver, PHP). Missing on a developer's
 * machine: the test is skipped. Missing on CI (CI=true): the test fails, so a green CI run always
 * means the browser and PHP tests ran.
 */
public final class Tools {
    private Tools() {}

    public static final Path CHROMIUM = Path.of(System.getProperty("outpost.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("outpost.test.chromedriver", "/usr/bin/chromedriver"));

    public static boolean onCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Skips (or, on CI, fails) unless {@code ok}. */
    public static void require(boolean ok, String what) {
        if (ok) return;
        String message = what + " is missing; install it (Debian: apt-get install -y chromium chromium-driver php-cli)";
        if (onCi()) fail(message + " — CI=true, so this is a failure, not a skip");
        Assumptions.abort(message);
    }

    public static void requireExecutable(Path file) {
        require(Files.isExecutable(file), file.toString());
    }

    /** The php binary on PATH, or null. */
    static Path php() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "php");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
