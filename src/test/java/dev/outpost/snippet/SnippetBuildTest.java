package dev.outpost.snippet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The committed build of the tracking snippet: present, small, and built from the current source.
 * No Node at test time: the build script records SHA-256 hashes that are checked here.
 */
class SnippetBuildTest {
    static final Path ROOT = Path.of("tracker-snippet");
    static final Path SOURCE = ROOT.resolve("src/outpost.js");
    static final Path DIST = ROOT.resolve("dist/outpost.js");
    static final Path HASHES = ROOT.resolve("dist/outpost.js.sha256");
    static final int GZIP_BUDGET = 1024;
    static final String REBUILD = "run npm --prefix tracker-snippet ci && npm --prefix tracker-snippet run build";

    @Test
    void distIsWithinTheGzipBudget() throws IOException {
        byte[] plain = Files.readAllBytes(DIST);
        // Gzipped the way the server serves it (SnippetAsset: GZIPOutputStream, default level).
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(plain);
        }
        assertThat(buf.size())
                .as("tracker-snippet/dist/outpost.js gzipped (%d bytes plain): the budget is %d bytes", plain.length, GZIP_BUDGET)
                .isLessThanOrEqualTo(GZIP_BUDGET);
    }

    @Test
    void distIsBuiltFromTheCurrentSource() throws IOException {
        Map<String, String> recorded = recordedHashes();
        assertThat(recorded).as("%s must list src/outpost.js and dist/outpost.js; %s", HASHES, REBUILD)
                .containsKeys("src/outpost.js", "dist/outpost.js");
        assertThat(sha256(SOURCE))
                .as("tracker-snippet/src/outpost.js changed since dist/outpost.js was built: %s", REBUILD)
                .isEqualTo(recorded.get("src/outpost.js"));
        assertThat(sha256(DIST))
                .as("tracker-snippet/dist/outpost.js was edited by hand (it is generated): %s", REBUILD)
                .isEqualTo(recorded.get("dist/outpost.js"));
    }

    @Test
    void distNeverLogsNorTouchesCookies() throws IOException {
        String js = Files.readString(DIST, StandardCharsets.UTF_8);
        assertThat(js).doesNotContain("console.", "cookie", "debugger", "sessionStorage", "alert(");
        assertThat(js).as("one line of minified code").doesNotContain("/*").hasLineCount(1);
    }

    @Test
    void nodeModulesAreNotCommitted() throws IOException {
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains("node_modules");
        assertThat(ROOT.resolve("package-lock.json")).exists();
    }

    /** "hex  path" lines, as sha256sum writes them (sha256sum -c works from tracker-snippet/). */
    static Map<String, String> recordedHashes() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(HASHES, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length == 2) out.put(parts[1], parts[0]);
        }
        return out;
    }

    /** SHA-256 of the text with CRLF turned into LF, as scripts/build.mjs hashes it. */
    static String sha256(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
