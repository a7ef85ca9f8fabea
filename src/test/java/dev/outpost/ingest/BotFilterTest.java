package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bots never count, but are counted by reason; people in social apps' browsers always count. */
class BotFilterTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @BeforeAll
    static void sites() {
        outpost.createSite("bots.example");
        outpost.createSite("people.example");
        outpost.createSite("reasons.example");
    }

    private static final String PAGE = "{\"site\":\"%s\",\"url\":\"https://%s/\"%s}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Googlebot            | Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)
            Bingbot              | Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)
            Facebook preview     | facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)
            Twitterbot           | Twitterbot/1.0
            LinkedInBot          | LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)
            Slackbot             | Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)
            Discordbot           | Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)
            TelegramBot          | TelegramBot (like TwitterBot)
            WhatsApp preview     | WhatsApp/2.23.20.0 A
            Mastodon preview     | http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)
            Bluesky preview      | Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)
            headless Chrome      | Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36
            curl                 | curl/8.4.0
            python requests      | python-requests/2.31.0
            UptimeRobot          | Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)
            GPTBot               | Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)
            Lighthouse           | Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse
            unknown crawler      | SuperNewCrawler/0.1
            """)
    void dropsABotButStillAnswers202(String name, String userAgent) {
        var r = outpost.beacon(PAGE.formatted("bots.example", "bots.example", ""), Map.of("User-Agent", userAgent));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("dropped").asText()).isEqualTo("bot");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Facebook in-app      | Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/441.0.0.33.113;FBBV/539164516;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/80]
            Instagram in-app     | Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 Instagram 309.1.0.41.113 Android (33/13; 480dpi; 1080x2340; samsung; SM-S911B; dm1q; qcom; en_US; 541635890)
            LinkedIn in-app      | Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.1000
            Safari on iPhone     | Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1
            Firefox on Linux     | Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0
            Cubot phone          | Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36
            """)
    void countsPeople(String name, String userAgent) {
        String path = "/" + name.replace(' ', '-') + "/";
        var r = outpost.beacon(PAGE.formatted("people.example", "people.example" + path.substring(0, path.length() - 1), ""),
                Map.of("User-Agent", userAgent));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().has("ok")).as(r.body()).isTrue();
        assertThat(outpost.exportEvents("people.example")).as("stored").filteredOn(e -> e.get("path").asText().equals(path))
                .singleElement().satisfies(e -> assertThat(e.get("name").asText()).isEqualTo("pageview"));
    }

    @Test
    void namesTheNetworkOfAnInAppBrowserThatSentNoReferrer() {
        outpost.createSite("inapp.example");
        String ua = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
                + "Chrome/119.0.0.0 Mobile Safari/537.36 Instagram 309.1.0.41.113 Android";
        outpost.beacon(PAGE.formatted("inapp.example", "inapp.example", ""), Map.of("User-Agent", ua));
        JsonNode e = outpost.exportEvents("inapp.example").get(0);
        assertThat(e.get("channel").asText()).isEqualTo("social");
        assertThat(e.get("network").asText()).isEqualTo("Instagram");
        assertThat(e.get("device").asText()).isEqualTo("mobile");
    }

    @Test
    void countsEachDropReasonAndStoresNoneOfTheirEvents() {
        String site = "reasons.example";
        Map<String, String> noUa = new HashMap<>();
        noUa.put("User-Agent", "");
        outpost.beacon(PAGE.formatted(site, site, ""), noUa);
        outpost.beacon(PAGE.formatted(site, site, ""), Map.of("Sec-Purpose", "prefetch;prerender"));
        outpost.beacon(PAGE.formatted(site, site, ""), Map.of("Purpose", "prefetch"));
        outpost.beacon(PAGE.formatted(site, site, ",\"webdriver\":true"));
        outpost.beacon(PAGE.formatted(site, site, ""), Map.of("User-Agent", "Googlebot/2.1"));
        outpost.beacon(PAGE.formatted(site, site, ""), Map.of("User-Agent", "curl/8.0"));

        List<JsonNode> stored = outpost.exportEvents(site);
        assertThat(stored).isEmpty();
        JsonNode drops = outpost.get("/api/v1/drops?site=" + site).json().get("drops");
        assertThat(drops.get("no_user_agent").asLong()).isEqualTo(1);
        assertThat(drops.get("prefetch").asLong()).isEqualTo(2);
        assertThat(drops.get("webdriver").asLong()).isEqualTo(1);
        assertThat(drops.get("bot_user_agent").asLong()).isEqualTo(2);

        String metrics = outpost.send("GET", "/metrics", null, Map.of()).body();
        assertThat(metrics).contains("outpost_events_dropped_total{reason=\"prefetch\"} 2");
    }
}
