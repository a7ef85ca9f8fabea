package dev.outpost.posts.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** No SSRF through posts: internal addresses are refused, public ones pass. IP literals only, no DNS. */
class AddressGuardTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "127.0.0.1", "127.5.5.5", "::1",                        // loopback
            "10.0.0.8", "172.16.0.1", "172.31.255.255", "192.168.1.1", // private
            "169.254.169.254", "169.254.1.1", "fe80::1",             // link-local, cloud metadata
            "0.0.0.0", "::", "0.1.2.3",                              // any-local, "this network"
            "100.64.0.1", "100.127.255.254",                         // carrier-grade NAT
            "fc00::1", "fd12:3456:789a::1",                          // unique local
            "fec0::1",                                               // old site-local
            "224.0.0.1", "ff02::1", "255.255.255.255", "240.0.0.1",   // multicast, reserved, broadcast
            "192.0.0.170", "198.18.0.1",                              // IETF assignments, benchmarking
            "::ffff:127.0.0.1", "::ffff:10.1.2.3",                    // IPv4-mapped
            "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1"                 // NAT64 and 6to4 around internal IPv4
    })
    void refusesInternalAddresses(String ip) throws Exception {
        assertThat(AddressGuard.isInternal(InetAddress.getByName(ip))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.169.0.1",
            "169.253.1.1", "2606:4700:4700::1111", "2a01:4f8::1", "64:ff9b::808:808"})
    void letsPublicAddressesThrough(String ip) throws Exception {
        assertThat(AddressGuard.isInternal(InetAddress.getByName(ip))).isFalse();
    }

    @Test
    void refusesANameThatResolvesToLoopbackAndSaysHowToAllowIt() {
        assertThatThrownBy(() -> new AddressGuard(false).check("localhost"))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.kind).isEqualTo(FetchException.Kind.STOP))
                .hasMessageStartingWith("localhost: refused, resolves to the internal address")
                .hasMessageContaining("OUTPOST_FETCH_ALLOW_PRIVATE=true");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost", "169.254.169.254", "10.0.0.8"})
    void letsEverythingThroughWhenPrivateAddressesAreAllowed(String host) {
        assertThatThrownBy(() -> new AddressGuard(false).check(host)).as("refused by default").isInstanceOf(FetchException.class);
        assertThatCode(() -> new AddressGuard(true).check(host)).doesNotThrowAnyException();
    }
}
