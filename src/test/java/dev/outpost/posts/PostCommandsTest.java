package dev.outpost.posts;

import dev.outpost.domain.Post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.config.Config;
import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.PostStore;
import dev.outpost.store.SiteStore;
import dev.outpost.support.TestDatabases;
import dev.outpost.web.ApiError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostCommandsTest {
    private static Config config;

    @BeforeAll
    static void database() {
        String url = TestDatabases.freshUrl();
        config = Config.fromEnv(Map.of("OUTPOST_DATABASE_URL", url, "OUTPOST_BASE_URL", "https://stats.cli.example"));
        try (Database db = Database.open(url)) {
            new SiteStore(db).create("cli.example", "CLI", "UTC", List.of(), 0);
        }
    }

    private static String run(int expectedCode, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = PostCommands.run(List.of(args), config, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isEqualTo(expectedCode);
        return out;
    }

    @Test
    void postAddRegistersAPostAndPrintsItsTrackedLink() {
        String out = run(0, "add", "cli.example", "https://www.reddit.com/r/java/comments/abc123/outpost/",
                "--target", "https://cli.example/a", "--target", "https://cli.example/b", "--title", "On Reddit",
                "--published-at", "2026-11-20", "--campaign", "launch", "--slug", "cli-reddit");
        assertThat(out).contains("(Reddit)").contains("https://stats.cli.example/go/cli-reddit");

        String list = run(0, "list", "cli.example");
        assertThat(list).contains("2026-11-20T00:00:00Z\tReddit\thttps://stats.cli.example/go/cli-reddit\t"
                + "https://www.reddit.com/r/java/comments/abc123/outpost/\tOn Reddit");
    }

    @Test
    void postAddWarnsAboutAnUnknownNetwork() {
        String out = run(0, "add", "cli.example", "https://blog.other.example/posts/1", "--target", "https://cli.example/");
        assertThat(out).contains("(Other)").contains("warning: url: not recognised");
    }

    @Test
    void postImportAddsEveryRowOfTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("posts.csv");
        Files.writeString(file, "url,target,title\nhttps://x.com/me/status/11,https://cli.example/x,One\n"
                + "https://x.com/me/status/12,https://cli.example/y,Two\n");
        String out = run(0, "import", "cli.example", file.toString());
        assertThat(out).startsWith("imported 2 posts into cli.example").contains("https://x.com/me/status/12");
        assertThat(run(0, "list", "cli.example")).contains("\tOne\n").contains("\tTwo\n");
    }

    @Test
    void postImportStoresTheCountsOfTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("counts.csv");
        Files.writeString(file, "url,target,comments,shares,likes\nhttps://x.com/me/status/21,https://cli.example/z,4,,9\n");
        run(0, "import", "cli.example", file.toString());
        try (Database db = Database.open(config.databaseUrl())) {
            Post p = new PostStore(db).bySite(new SiteStore(db).byDomain("cli.example").orElseThrow().id()).stream()
                    .filter(x -> x.url().equals("https://x.com/me/status/21")).findFirst().orElseThrow();
            var reading = new EngagementStore(db).latest(p.id()).orElseThrow();
            assertThat(List.of(String.valueOf(reading.comments()), String.valueOf(reading.shares()), String.valueOf(reading.likes()),
                    reading.source())).containsExactly("4", "null", "9", "manual");
        }
        Path bad = dir.resolve("bad-counts.csv");
        Files.writeString(bad, "url,target,shares\nhttps://x.com/me/status/22,https://cli.example/z,many\n");
        assertThatThrownBy(() -> run(0, "import", "cli.example", bad.toString()))
                .hasMessage(bad + ": line 2: shares: must be a whole number of 0 or more, not 'many'");
    }

    @Test
    void refusalsNameTheFieldAndTheFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> run(0, "add", "cli.example", "https://x.com/me/status/1"))
                .isInstanceOf(ApiError.class).hasMessageStartingWith("target: is required");
        assertThatThrownBy(() -> run(0, "add", "cli.example", "https://x.com/me/status/1", "--target", "https://evil.example/"))
                .hasMessageStartingWith("target: host 'evil.example' is not cli.example");
        assertThatThrownBy(() -> run(0, "add", "cli.example", "https://x.com/me/status/1", "--tagret", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --tagret");
        assertThatThrownBy(() -> run(0, "add", "nowhere.example", "https://x.com/me/status/1", "--target", "https://nowhere.example/"))
                .hasMessageStartingWith("site: no site 'nowhere.example'");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "url,target\nhttps://x.com/me/status/1,https://cli.example/\nnot a url,https://cli.example/\n");
        assertThatThrownBy(() -> run(0, "import", "cli.example", bad.toString()))
                .hasMessageStartingWith(bad + ": line 3: url:");
        assertThatThrownBy(() -> run(0, "import", "cli.example", dir.resolve("missing.csv").toString()))
                .hasMessageEndingWith("missing.csv: no such file");
        assertThat(run(0, "list", "cli.example")).doesNotContain("status/1\t");
    }

    @Test
    void malformedCommandsPrintTheUsage() {
        assertThat(run(2)).contains("post add SITE URL --target URL");
        assertThat(run(2, "list")).contains("post list SITE");
        assertThat(run(2, "frobnicate", "x")).contains("post import SITE FILE.csv");
    }
}
