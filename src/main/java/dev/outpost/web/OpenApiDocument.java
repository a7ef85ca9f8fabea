package dev.outpost.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the HTTP API. It is a hand-written resource file,
 * {@code openapi.json}, so it reads like documentation; {@code OpenApiTest} checks it against the route table and
 * the query API's enums, so it cannot drift from the code unnoticed.
 */
public final class OpenApiDocument {
    static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    public OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void serve(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
