package dev.outpost.snippet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WordPress plugin, with the PHP CLI: every PHP file passes {@code php -l}, and
 * tracker-snippet/wordpress/tests/run.php (WordPress and WooCommerce stubbed) passes.
 */
class WordPressPluginTest {
    static final Path WORDPRESS = Path.of("tracker-snippet/wordpress");
    static Path php;

    @BeforeAll
    static void findPhp() {
        php = Tools.php();
        Tools.require(php != null, "php (the PHP CLI)");
    }

    @Test
    void everyPhpFileLints() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(WORDPRESS)) {
            files = walk.filter(p -> p.toString().endsWith(".php")).sorted().collect(Collectors.toList());
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("outpost.php", "uninstall.php", "run.php");
        for (Path file : files) {
            Result r = run(php.toString(), "-l", file.toString());
            assertThat(r.exit).as("php -l %s:%n%s", file, r.output).isZero();
            assertThat(r.output).contains("No syntax errors");
        }
    }

    @Test
    void pluginTestsPass() throws Exception {
        Result r = run(php.toString(), WORDPRESS.resolve("tests/run.php").toString());
        assertThat(r.exit).as("php tracker-snippet/wordpress/tests/run.php:%n%s", r.output).isZero();
        String[] lines = r.output.strip().split("\n");
        assertThat(lines[lines.length - 1]).as(r.output).matches("[1-9][0-9]* passed, 0 failed");
    }

    record Result(int exit, String output) {}

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
