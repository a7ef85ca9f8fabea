package dev.outpost.ingest;

import dev.outpost.config.TrustedProxies;
import dev.outpost.web.Bodies;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP for beacons: {@code POST /api/event} (JSON or sendBeacon's text/plain) and the no-JavaScript
 * pixel {@code GET /api/event.gif}. Only validates, hands over to {@link Ingest}, and replies.
 * CORS is open here, and only here: any page may send a beacon, no page may read our API.
 */
public final class BeaconEndpoint {
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final BeaconParser parser = new BeaconParser();
    private final Ingest ingest;
    private final IngestMetrics metrics;
    private final TrustedProxies proxies;

    public BeaconEndpoint(Ingest ingest, IngestMetrics metrics, TrustedProxies proxies) {
        this.ingest = ingest;
        this.metrics = metrics;
        this.proxies = proxies;
    }

    public void post(Context ctx) {
        cors(ctx);
        try {
            checkContentType(ctx.contentType());
            BeaconRequest beacon = parser.parse(readBody(ctx));
            reply(ctx, ingest.accept(beacon, sender(ctx)));
        } catch (BadBeacon e) {
            refuse(ctx, e);
        }
    }

    public void preflight(Context ctx) {
        cors(ctx);
        ctx.header("Access-Control-Allow-Methods", "POST, OPTIONS");
        ctx.header("Access-Control-Allow-Headers", "Content-Type");
        ctx.header("Access-Control-Max-Age", "86400");
        ctx.status(204);
    }

    /** The pixel: the page URL comes from ?url= or, as an img sends it, the Referer header. */
    public void pixel(Context ctx) {
        cors(ctx);
        ctx.header("Cache-Control", "no-store");
        try {
            Map<String, String> q = new HashMap<>();
            ctx.queryParamMap().forEach((k, v) -> q.put(k, v.isEmpty() ? "" : v.get(0)));
            if (!q.containsKey("url") && ctx.header("Referer") != null) q.put("url", ctx.header("Referer"));
            BeaconRequest beacon = parser.fromQuery(q);
            ingest.accept(beacon, sender(ctx));
            ctx.status(200).contentType("image/gif").result(PIXEL);
        } catch (BadBeacon e) {
            refuse(ctx, e);
        }
    }

    private Ingest.Sender sender(Context ctx) {
        String ip = proxies.clientIp(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        String purpose = ctx.header("Sec-Purpose");
        if (purpose == null) purpose = ctx.header("Purpose");
        return new Ingest.Sender(ip, ctx.header("User-Agent"), purpose);
    }

    private static final byte[] OK = "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private void reply(Context ctx, Ingest.Outcome outcome) {
        ctx.status(202).contentType("application/json");
        if (outcome.dropped() == null) writeOk(ctx);
        else ctx.result("{\"dropped\":\"bot\",\"reason\":\"" + outcome.dropped().label() + "\"}");
    }

    // Straight to the servlet stream: a result would be copied through Javalin's stream piping,
    // a measurable share of a beacon's CPU time for eleven bytes.
    private static void writeOk(Context ctx) {
        try {
            ctx.res().setContentLength(OK.length);
            ctx.res().getOutputStream().write(OK);
        } catch (IOException e) {
            // The client went away; the beacon is already queued.
        }
    }

    private void refuse(Context ctx, BadBeacon e) {
        metrics.rejected(e.reason);
        if (e.status == 503) ctx.header("Retry-After", "1");
        ctx.status(e.status).json(Map.of("error", e.getMessage()));
    }

    private static void cors(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
    }

    private static void checkContentType(String contentType) {
        if (contentType == null) return;
        // Cheap first: sendBeacon always sends "text/plain;charset=UTF-8".
        if (contentType.regionMatches(true, 0, "text/plain", 0, 10)
                || contentType.regionMatches(true, 0, "application/json", 0, 16)) {
            int end = contentType.startsWith("t") || contentType.startsWith("T") ? 10 : 16;
            if (contentType.length() == end || contentType.charAt(end) == ';' || contentType.charAt(end) == ' ') return;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.equals("text/plain")) {
            throw new BadBeacon(415, "unsupported_media_type", "Content-Type: send application/json or text/plain, not " + type);
        }
    }

    private static byte[] readBody(Context ctx) {
        byte[] body;
        try {
            body = Bodies.upTo(ctx, BeaconParser.MAX_BODY_BYTES);
        } catch (IOException e) {
            throw new BadBeacon(400, "unreadable_body", "body: could not be read (" + e.getMessage() + ")");
        }
        if (body == null) throw new BadBeacon(413, "too_large", "body: larger than " + BeaconParser.MAX_BODY_BYTES + " bytes");
        return body;
    }
}
