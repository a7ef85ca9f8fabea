package dev.outpost.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose X-Forwarded-For we believe (OUTPOST_TRUSTED_PROXIES: comma-separated IPs or CIDRs).
 * Anyone can send that header, so without this list the socket's address is the client.
 */
public final class TrustedProxies {
    private record Cidr(byte[] net, int bits) {
        boolean contains(byte[] addr) {
            if (addr.length != net.length) return false;
            int full = bits / 8, rest = bits % 8;
            for (int i = 0; i < full; i++) if (addr[i] != net[i]) return false;
            if (rest == 0) return true;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (addr[full] & mask) == (net[full] & mask);
        }
    }

    private final List<Cidr> ranges;

    private TrustedProxies(List<Cidr> ranges) {
        this.ranges = ranges;
    }

    public static TrustedProxies parse(String spec) {
        List<Cidr> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String ip = p;
            Integer bits = null;
            int slash = p.indexOf('/');
            if (slash >= 0) {
                ip = p.substring(0, slash);
                try {
                    bits = Integer.parseInt(p.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("OUTPOST_TRUSTED_PROXIES: bad prefix length in '" + p + "'");
                }
            }
            byte[] addr = literal(ip);
            if (addr == null) throw new IllegalArgumentException("OUTPOST_TRUSTED_PROXIES: '" + p + "' is not an IP address or CIDR");
            int max = addr.length * 8;
            if (bits == null) bits = max;
            if (bits < 0 || bits > max) throw new IllegalArgumentException("OUTPOST_TRUSTED_PROXIES: bad prefix length in '" + p + "'");
            out.add(new Cidr(addr, bits));
        }
        return new TrustedProxies(List.copyOf(out));
    }

    public boolean trusts(String ip) {
        if (ranges.isEmpty() || ip == null) return false;
        byte[] addr = literal(ip);
        if (addr == null) return false;
        for (Cidr c : ranges) if (c.contains(addr)) return true;
        return false;
    }

    /**
     * The client's address: walk X-Forwarded-For from the right, skipping trusted proxies;
     * the first untrusted hop is the client. Only used when the socket peer itself is trusted.
     */
    public String clientIp(String remoteAddr, String forwardedFor) {
        if (forwardedFor == null || !trusts(remoteAddr)) return remoteAddr;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) continue;
            if (literal(hop) == null) return remoteAddr;
            if (!trusts(hop)) return hop;
        }
        return remoteAddr;
    }

    /** Parses an IP literal without ever doing a DNS lookup (InetAddress.getByName would for names). */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty()) return null;
        String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean colon = false, dotsAndDigitsOnly = true;
        int dots = 0;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == ':') colon = true;
            else if (ch == '.') dots++;
            else if (ch < '0' || ch > '9') {
                dotsAndDigitsOnly = false;
                // A name, not a literal: getByName would go to DNS for it.
                if (Character.digit(ch, 16) < 0 && ch != '%') return null;
            }
        }
        if (!colon && !(dotsAndDigitsOnly && dots == 3)) return null;
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
