package dev.outpost.ingest;

import dev.outpost.config.TrustedProxies;
import dev.outpost.web.Bodies;
import dev.outpost.web.JsonOut;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for beacons: {@code POST /api/event} (JSON or sendBeacon's text/plain), its CORS preflight,
 * and the no-JavaScript pixel {@code GET /api/event.gif}. Only validates, hands over to
 * {@link Ingest}, and replies. CORS is open here, and only here: any page may send a beacon, no
 * page may read our API.
 *
 * <p>A Jetty handler in front of Javalin rather than a Javalin route: beacons are nearly all the
 * server's traffic, and the servlet and Javalin layers around a route cost the HTTP threads a
 * share of every beacon that they do not cost here (profiled, see BENCHMARKS.md). Every other
 * request passes through to Javalin.
 */
public final class BeaconEndpoint extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(BeaconEndpoint.class);
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    private static final HttpField ANY_ORIGIN = new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField OK_LENGTH = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, String.valueOf(OK.length));

    /** What this handler answers, as "METHOD path" (Javalin's router does not list them). */
    public static final List<String> ROUTES = List.of("POST /api/event", "OPTIONS /api/event", "GET /api/event.gif");

    private final BeaconParser parser = new BeaconParser();
    private final Ingest ingest;
    private final IngestMetrics metrics;
    private final TrustedProxies proxies;

    public BeaconEndpoint(Ingest ingest, IngestMetrics metrics, TrustedProxies proxies) {
        this.ingest = ingest;
        this.metrics = metrics;
        this.proxies = proxies;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        try {
            if (path.equals("/api/event") || path.equals("/api/event/")) {
                if (method.equals("POST")) {
                    post(request, response, callback);
                    return true;
                }
                if (method.equals("OPTIONS")) {
                    preflight(response, callback);
                    return true;
                }
            } else if (path.equals("/api/event.gif") && method.equals("GET")) {
                pixel(request, response, callback);
                return true;
            }
        } catch (RuntimeException e) {
            log.error("unexpected error on {} {}", method, path, e);
            answer(response, callback, 500, error("internal error; see the server log"));
            return true;
        }
        return super.handle(request, response, callback);
    }

    private void post(Request request, Response response, Callback callback) {
        response.getHeaders().put(ANY_ORIGIN);
        try {
            checkContentType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
            BeaconRequest beacon = parser.parse(readBody(request));
            Ingest.Outcome outcome = ingest.accept(beacon, sender(request));
            if (outcome.dropped() == null) {
                response.setStatus(202);
                response.getHeaders().put(JSON).put(OK_LENGTH);
                response.write(true, ByteBuffer.wrap(OK), callback);
            } else {
                answer(response, callback, 202, "{\"dropped\":\"bot\",\"reason\":\"" + outcome.dropped().label() + "\"}");
            }
        } catch (BadBeacon e) {
            refuse(response, callback, e);
        }
    }

    private static void preflight(Response response, Callback callback) {
        response.setStatus(204);
        response.getHeaders().put(ANY_ORIGIN)
                .put("Access-Control-Allow-Methods", "POST, OPTIONS")
                .put("Access-Control-Allow-Headers", "Content-Type")
                .put("Access-Control-Max-Age", "86400");
        callback.succeeded();
    }

    /** The pixel: the page URL comes from ?url= or, as an img sends it, the Referer header. */
    private void pixel(Request request, Response response, Callback callback) {
        response.getHeaders().put(ANY_ORIGIN).put(HttpHeader.CACHE_CONTROL, "no-store");
        try {
            Map<String, String> q = BeaconParser.query(request.getHttpURI().getQuery());
            String referer = request.getHeaders().get(HttpHeader.REFERER);
            if (!q.containsKey("url") && referer != null) q.put("url", referer);
            ingest.accept(parser.fromQuery(q), sender(request));
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/gif");
            response.write(true, ByteBuffer.wrap(PIXEL), callback);
        } catch (BadBeacon e) {
            refuse(response, callback, e);
        }
    }

    private Ingest.Sender sender(Request request) {
        HttpFields headers = request.getHeaders();
        String ip = proxies.clientIp(remoteAddress(request), headers.get(HttpHeader.X_FORWARDED_FOR));
        String purpose = headers.get("Sec-Purpose");
        if (purpose == null) purpose = headers.get("Purpose");
        return new Ingest.Sender(ip, headers.get(HttpHeader.USER_AGENT), purpose);
    }

    /** The peer's address as a servlet gives it: the plain literal, IPv6 without brackets. */
    private static String remoteAddress(Request request) {
        SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) return inet.getAddress().getHostAddress();
        return Request.getRemoteAddr(request);
    }

    private void refuse(Response response, Callback callback, BadBeacon e) {
        metrics.rejected(e.reason);
        if (e.status == 503) response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        answer(response, callback, e.status, error(e.getMessage()));
    }

    private static String error(String message) {
        return JsonOut.write(Map.of("error", message));
    }

    private static void answer(Response response, Callback callback, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(JSON).put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
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

    private static byte[] readBody(Request request) {
        byte[] body;
        try {
            body = Bodies.upTo(Request.asInputStream(request), request.getLength(), BeaconParser.MAX_BODY_BYTES);
        } catch (IOException e) {
            throw new BadBeacon(400, "unreadable_body", "body: could not be read (" + e.getMessage() + ")");
        }
        if (body == null) throw new BadBeacon(413, "too_large", "body: larger than " + BeaconParser.MAX_BODY_BYTES + " bytes");
        return body;
    }
}
