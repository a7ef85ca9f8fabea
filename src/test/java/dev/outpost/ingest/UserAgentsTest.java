package dev.outpost.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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
}
