package dev.outpost.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, made before any route runs (a path with {@code %ff} or {@code %00}, a bad
 * header line), as {@code {"error": ...}} like every API answer, and for every method: Jetty's default
 * is an HTML page, and no body at all for DELETE or PUT. Such a request never reaches a route, and
 * Jetty hands us a stand-in for it ({@code /badMessage}), so there is no telling an API call from a
 * page: everyone gets JSON. A body over the server's limit is refused here too, unread.
 */
public final class JsonErrors extends ErrorHandler {
    private final long maxBodyBytes;

    public JsonErrors(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    /** A request Jetty could not even parse (a bad header line). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int code, String message) {
        String m = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        String error = code == HttpStatus.PAYLOAD_TOO_LARGE_413 ? "body: larger than " + maxBodyBytes + " bytes" : "request: " + m;
        return JsonOut.write(Map.of("error", error)).getBytes(StandardCharsets.UTF_8);
    }
}
