package dev.outpost.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the tracking snippet at /js/outpost.js: read and gzipped once at start, with an ETag so
 * browsers revalidate cheaply, and a day of caching so a new release reaches visitors soon.
 */
public final class SnippetAsset {
    private final byte[] plain;
    private final byte[] gzipped;
    private final String etag;

    public SnippetAsset() {
        try (InputStream in = SnippetAsset.class.getResourceAsStream("/public/js/outpost.js")) {
            plain = in == null ? "/* outpost.js was not built */".getBytes() : in.readAllBytes();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write(plain);
            }
            gzipped = buf.toByteArray();
            etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain), 0, 12) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void serve(Context ctx) {
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "public, max-age=86400, stale-while-revalidate=604800");
        ctx.header("Vary", "Accept-Encoding");
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType("application/javascript; charset=utf-8");
        String inm = ctx.header("If-None-Match");
        if (inm != null && inm.contains(etag)) {
            ctx.status(304);
            return;
        }
        String ae = ctx.header("Accept-Encoding");
        if (ae != null && ae.contains("gzip")) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(gzipped);
        } else {
            ctx.result(plain);
        }
    }
}
