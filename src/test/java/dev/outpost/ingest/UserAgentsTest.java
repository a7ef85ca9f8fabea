package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserAgentsTest {
    private static final UserAgents UAS = new UserAgents();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Chrome on Windows | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome | Windows | desktop
            Safari on Mac     | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15 | Safari | Mac OS X | desktop
            Safari on iPhone  | Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1 | Mobile Safari | iOS | mobile
            Safari on iPad    | Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1 | Mobile Safari | iOS | tablet
            Chrome on Android | Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 | Chrome Mobile | Android | mobile
            Android tablet    | Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | Chrome | Android | tablet
            Firefox on Linux  | Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0 | Firefox | Linux | desktop
            Edge              | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 | Edge | Windows | desktop
            """)
    void namesBrowserOsAndDevice(String name, String ua, String browser, String os, String device) {
        UserAgents.Info info = UAS.parse(ua);
        assertThat(info.browser()).isEqualTo(browser);
        assertThat(info.os()).isEqualTo(os);
        assertThat(info.device()).isEqualTo(device);
        assertThat(info.bot()).isFalse();
    }

    /** Issue 17's crawlers that were kept; each User-Agent is an instance listed by crawler-user-agents 1.60.0. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a monitor: Uptime Kuma          | Uptime-Kuma/1.23.16
            a monitor: cron-job.org         | cron-job.org monitor
            a feed reader: Bloglines        | Bloglines/3.1 (http://www.bloglines.com)
            a feed reader: SimplePie        | SimplePie/1.3-dev (Feed Parser; http://simplepie.org; Allow like Gecko)
            a library: colly                | colly - https://github.com/gocolly/colly
            Chrome-like with a marker: Splunk | Mozilla/5.0 (compatible; Splunk/1.0.0; https://splunk.com)
            Chrome-like with a marker: DareBoost | Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/62.0.3202.75 Safari/537.36 DareBoost
            Chrome-like with a marker: ArchiveBox | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36 ArchiveBox/0.7.2 (+https://github.com/ArchiveBox/ArchiveBox/)
            Chrome-like with a marker: Google-Agent | Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko; compatible; Google-Agent)
            """)
    void crawlers_the_public_list_knows_are_bots(String name, String ua) {
        assertThat(UAS.parse(ua).bot()).isTrue();
    }

    /** Issue 17's kept crawlers that crawler-user-agents misses; bots.txt has them. UAs as the issue quotes them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            AWS's load balancer health check | ELB-HealthChecker/2.0
            Go's old HTTP client             | Go 1.1 package http
            the RestSharp library            | RestSharp/106.11.7.0
            """)
    void crawlers_the_list_misses_are_bots_through_bots_txt(String name, String ua) {
        assertThat(UAS.parse(ua).bot()).isTrue();
    }

    /**
     * People in Electron desktop apps and old phones; the User-Agents are cases of uap-core's tests/test_ua.yaml,
     * bar Discord's, which follows the form Discord's desktop app sends (discord/version ... Electron/version).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Slack's desktop app    | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_4) AppleWebKit/537.36 (KHTML, like Gecko) AtomShell/2.6.0 Chrome/56.0.2924.87 Electron/1.6.3 Safari/537.36 MacAppStore/16.5.0 Slack_SSB/2.6.0
            Discord's desktop app  | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) discord/1.0.9163 Chrome/124.0.6367.243 Electron/30.2.0 Safari/537.36
            Box Notes              | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_0) AppleWebKit/537.36 (KHTML, like Gecko) BoxNotes/1.3.0 Chrome/56.0.2924.87 Electron/1.6.8 Safari/537.36
            an Electron app        | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_4) AppleWebKit/537.36 (KHTML, like Gecko) pagedraw/0.1.0 Chrome/49.0.2623.75 Electron/0.37.8 Safari/537.36
            Opera Mini (its build number holds "008/") | Opera/9.80 (MAUI Runtime; Opera Mini/4.4.39008/37.9178; U; en) Presto/2.12.423 Version/12.16
            an old phone with Java | Mozilla/5.0 (Vodafone/1.0/LG-KC910/V08h Browser/Teleca-Q7.1 MMS/LG-MMS-V1.0/1.2 MediaPlayer/LGPlayer/1.0 Java/ASVM/1.1 Profile/MIDP-2.1 Configuration/CLDC-1.1)
            """)
    void people_in_desktop_apps_and_old_phones_are_not_bots(String name, String ua) {
        assertThat(UAS.parse(ua).bot()).isFalse();
    }

    @Test
    void a_crawler_pattern_is_read_as_the_string_it_stands_for_unless_it_is_a_real_regex() {
        assertThat(CrawlerPatterns.literal("Googlebot\\/")).isEqualTo("Googlebot/");
        assertThat(CrawlerPatterns.literal("Mediapartners \\(Googlebot\\)")).isEqualTo("Mediapartners (Googlebot)");
        assertThat(CrawlerPatterns.literal("[wW]get")).isNull();
        assertThat(CrawlerPatterns.literal("^curl")).isNull();
        assertThat(CrawlerPatterns.literal("BlogTraffic\\/\\d")).isNull();
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            he,she,his,hers | ushers         | true
            he,she,his,hers | ahishe         | true
            abcd,bc         | xabcx          | true
            abcd,bcx        | xabcx          | true
            abcd,bcy        | xabcx          | false
            [wW]get,^curl   | Wget/1.21      | true
            [wW]get,^curl   | my curl/8      | false
            """)
    void the_automaton_finds_any_pattern_anywhere(String patterns, String text, boolean found) {
        assertThat(new CrawlerPatterns(List.of(patterns.split(","))).matches(text)).isEqualTo(found);
    }
}
