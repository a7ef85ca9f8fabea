package dev.outpost.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reading request bodies with a size limit. */
public final class Bodies {
    /**
     * How much of an oversized body we read and throw away before answering 413. A client that does
     * not wait for {@code 100 Continue} is still sending when we answer; if we closed the connection on
     * it, it would see a reset instead of our error. Beyond this we do close.
     */
    static final long DRAIN_LIMIT = 8L * 1024 * 1024;

    private Bodies() {}

    /** The body, or {@code null} when it is larger than {@code max} bytes. */
    public static byte[] upTo(Context ctx, int max) throws IOException {
        return upTo(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), max);
    }

    /** The body from its stream and its Content-Length (-1 when not sent), or {@code null} when larger than {@code max}. */
    public static byte[] upTo(InputStream body, long length, int max) throws IOException {
        try (InputStream in = body) {
            if (length > max) {
                drain(in);
                return null;
            }
            if (length >= 0) {
                // The usual case (a beacon): exactly the announced bytes, with no buffer to grow
                // and no extra read to find the end.
                byte[] bytes = new byte[(int) length];
                if (in.readNBytes(bytes, 0, bytes.length) < bytes.length) {
                    throw new IOException("the body ended before its Content-Length");
                }
                return bytes;
            }
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length <= max) return bytes;
            drain(in);
            return null;
        }
    }

    private static void drain(InputStream in) throws IOException {
        long left = DRAIN_LIMIT;
        byte[] buf = new byte[16 * 1024];
        for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0; ) left -= n;
    }
}
