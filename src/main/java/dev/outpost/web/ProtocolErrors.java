package dev.outpost.web;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answers to requests that never reach a route (a body over the server's limit, a
 * malformed request line, headers too large): {@code {"error": ...}} like every other refusal,
 * not Jetty's HTML page.
 */
public final class ProtocolErrors extends ErrorHandler {
    private final long maxBodyBytes;

    public ProtocolErrors(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String error = code == HttpStatus.PAYLOAD_TOO_LARGE_413
                ? "body: larger than " + maxBodyBytes + " bytes"
                : "request: " + (message == null ? HttpStatus.getMessage(code) : message);
        byte[] body = ("{\"error\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(error)) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
