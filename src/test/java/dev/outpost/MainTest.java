package dev.outpost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.store.Database;
import dev.outpost.store.SiteStore;
import dev.outpost.support.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void siteAddCreatesTheSiteAndPrintsTheSnippet() {
        String url = TestDatabases.freshUrl();
        Map<String, String> env = Map.of("OUTPOST_DATABASE_URL", url, "OUTPOST_BASE_URL", "https://stats.cli.example");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        int code;
        try {
            code = Main.run(new String[] {"site", "add", "WWW.Cli.Example", "--timezone", "Europe/Berlin", "--alias", "cli.pages.dev"}, env);
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        assertThat(out.toString()).contains("<script defer data-site=\"cli.example\" src=\"https://stats.cli.example/js/outpost.js\"></script>");
        try (Database db = Database.open(url)) {
            var site = new SiteStore(db).byDomain("cli.example").orElseThrow();
            assertThat(site.timezone()).isEqualTo("Europe/Berlin");
            assertThat(site.aliases()).containsExactly("cli.pages.dev");
        }
    }

    @Test
    void keyAndUserCommandsAreDispatched() {
        Map<String, String> env = Map.of("OUTPOST_DATABASE_URL", TestDatabases.freshUrl());
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(Main.run(new String[] {"key", "add", "--name", "main", "--scope", "admin"}, env)).isZero();
            assertThat(Main.run(new String[] {"user", "reset-password", "--email", "a@b.example", "--password", "0123456789"}, env))
                    .isEqualTo(1);
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString()).contains("created API key").contains("no user 'a@b.example'");
    }

    @Test
    void unknownCommandsPrintUsage() {
        assertThat(Main.run(new String[] {"frobnicate"}, Map.of())).isEqualTo(2);
    }
}
