package dev.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.store.Database;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {
    @ParameterizedTest(name = "{0} from {1} with X-Forwarded-For {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8          | 10.1.2.3    | 203.0.113.5              | 203.0.113.5
            10.0.0.0/8          | 10.1.2.3    | 203.0.113.5, 10.0.0.9    | 203.0.113.5
            10.0.0.0/8          | 10.1.2.3    | 1.1.1.1, 203.0.113.5     | 203.0.113.5
            10.0.0.0/8          | 192.0.2.1   | 203.0.113.5              | 192.0.2.1
            ''                  | 10.1.2.3    | 203.0.113.5              | 10.1.2.3
            127.0.0.1           | 127.0.0.1   | 2001:db8::1              | 2001:db8::1
            ::1, 127.0.0.0/8    | 127.0.0.2   | not-an-ip                | 127.0.0.2
            fd00::/8            | fd12::1     | 198.51.100.1             | 198.51.100.1
            """)
    void picksTheFirstUntrustedHopFromTheRight(String spec, String remote, String xff, String client) {
        assertThat(TrustedProxies.parse(spec).clientIp(remote, xff)).isEqualTo(client);
    }

    @Test
    void refusesMalformedSpecsNamingTheVariable() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("OUTPOST_TRUSTED_PROXIES");
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.internal")).hasMessageContaining("OUTPOST_TRUSTED_PROXIES");
    }

    @Test
    void configDefaultsToSqliteInTheDataDirAndRefusesBadValues() {
        Config c = Config.fromEnv(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.databaseUrl()).isEqualTo("jdbc:sqlite:./data/outpost.db");
        assertThat(Database.Dialect.of(c.databaseUrl())).isEqualTo(Database.Dialect.SQLITE);
        assertThat(Database.Dialect.of(Config.fromEnv(Map.of("OUTPOST_DATABASE_URL", "jdbc:postgresql://db/outpost")).databaseUrl()))
                .isEqualTo(Database.Dialect.POSTGRES);
        assertThatThrownBy(() -> Config.fromEnv(Map.of("OUTPOST_PORT", "eighty"))).hasMessageContaining("OUTPOST_PORT");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("OUTPOST_DATABASE_URL", "mysql://x"))).hasMessageContaining("OUTPOST_DATABASE_URL");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("OUTPOST_ADMIN_KEY", "short"))).hasMessageContaining("OUTPOST_ADMIN_KEY");
    }
}
