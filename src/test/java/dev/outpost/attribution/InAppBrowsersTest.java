package dev.outpost.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InAppBrowsersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Facebook on iOS is Facebook        | Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/431.0.0.44.108;FBBV/520598227] | Facebook
            Instagram on Android is Instagram  | Mozilla/5.0 (Linux; Android 13; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.5845.163 Mobile Safari/537.36 Instagram 301.0.0.33.110 Android (33/13; 420dpi) | Instagram
            Threads on Android is Threads      | Mozilla/5.0 (Linux; Android 14; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/144.0.7559.109 Mobile Safari/537.36 Barcelona 414.0.0.39.83 Android (34/14; 440dpi) | Threads
            LinkedIn on iOS is LinkedIn        | Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.6474 | LinkedIn
            desktop Chrome is no app browser   | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 |
            the LinkedIn crawler is no app     | LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com) |
            the X crawler is no app            | Twitterbot/1.0 |
            the Telegram crawler is no app     | TelegramBot (like TwitterBot) |
            """)
    void in_app_browsers_are_named_and_crawlers_are_not(String sentence, String userAgent, String network) {
        assertThat(InAppBrowsers.inAppNetwork(userAgent)).isEqualTo(network);
    }

    @Test
    void a_missing_or_empty_user_agent_is_no_app_browser() {
        assertThat(InAppBrowsers.inAppNetwork(null)).isNull();
        assertThat(InAppBrowsers.inAppNetwork("")).isNull();
    }
}
