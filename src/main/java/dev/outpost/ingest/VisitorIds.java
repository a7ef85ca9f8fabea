package dev.outpost.ingest;

import dev.outpost.store.SaltStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Visitor ids without cookies: a hash of (today's random salt, site, IP, User-Agent). The salt is
 * deleted after its day, so an id cannot be tied to the IP later nor linked across days. A beacon
 * that carries the site's opted-in first-party id ({@code vid}) uses that instead.
 */
public final class VisitorIds {
    private final SaltStore salts;
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public VisitorIds(SaltStore salts) {
        this.salts = salts;
    }

    /** The daily id of whoever sent a request at {@code ts} (epoch ms) from this IP with this UA. */
    public String daily(long siteId, String ip, String userAgent, long ts) {
        LocalDate day = java.time.Instant.ofEpochMilli(ts).atZone(ZoneOffset.UTC).toLocalDate();
        MessageDigest md = sha256.get();
        md.reset();
        md.update(salts.saltFor(day));
        md.update(Long.toString(siteId).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(ip.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(userAgent.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest(), 0, 8);
    }

    /** First-party ids are prefixed so they never collide with daily hashes. */
    public static String firstParty(String vid) {
        return "v:" + vid;
    }
}
