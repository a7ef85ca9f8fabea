package dev.outpost.posts.engagement;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps fetches off loopback, private and other internal addresses, so that a post URL (a Mastodon or Lemmy
 * instance is whatever host the owner pasted) cannot make the server call into its own network: no SSRF through
 * posts. Every address a name resolves to is checked, since one bad address is enough.
 *
 * <p>The HTTP client resolves the name again when it connects. Both lookups go through the JVM's address cache
 * (30 s by default), which keeps a DNS-rebinding window small but does not close it; the fetchers only read
 * public JSON, so what could leak is bounded to counts in our own database.
 */
final class AddressGuard {
    private final boolean allowPrivate;

    AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Refuses a host that resolves to an internal address; a name that does not resolve is worth a retry. */
    void check(String host) throws FetchException {
        if (allowPrivate) return;
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw FetchException.retry(host + ": the name does not resolve");
        }
        for (InetAddress a : all) {
            if (isInternal(a)) {
                throw FetchException.stop(host + ": refused, resolves to the internal address " + a.getHostAddress()
                        + " (set OUTPOST_FETCH_ALLOW_PRIVATE=true to allow private addresses)");
            }
        }
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true; // link-local covers 169.254.169.254, the cloud metadata service
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return isInternalV4(b);
        if (a instanceof Inet6Address v6) {
            if ((b[0] & 0xfe) == 0xfc) return true; // unique local fc00::/7
            if (v6.isIPv4CompatibleAddress()) return isInternalV4(slice(b, 12));
            // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that a gateway will reach.
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && isZero(b, 4, 12)) {
                return isInternalV4(slice(b, 12));
            }
            if (b[0] == 0x20 && b[1] == 0x02) return isInternalV4(slice(b, 2));
        }
        return false;
    }

    private static boolean isInternalV4(byte[] b) {
        int o0 = b[0] & 0xff, o1 = b[1] & 0xff, o2 = b[2] & 0xff;
        return o0 == 0                                   // "this network" 0.0.0.0/8
                || o0 == 10 || o0 == 127                 // private, loopback
                || (o0 == 100 && (o1 & 0xc0) == 64)      // carrier-grade NAT 100.64.0.0/10
                || (o0 == 169 && o1 == 254)              // link-local, metadata
                || (o0 == 172 && (o1 & 0xf0) == 16)      // private 172.16.0.0/12
                || (o0 == 192 && o1 == 168)              // private
                || (o0 == 192 && o1 == 0 && o2 == 0)     // IETF protocol assignments 192.0.0.0/24
                || (o0 == 198 && (o1 & 0xfe) == 18)      // benchmarking 198.18.0.0/15
                || o0 >= 224;                            // multicast, reserved, broadcast
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }
}
