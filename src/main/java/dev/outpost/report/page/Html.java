package dev.outpost.report.page;

import dev.outpost.web.PageContext;
import dev.outpost.web.Pages;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** Sends the report pages with the headers each gets, and the error page for a {@link PageError}. */
final class Html {
    /** Everything is ours: no inline script or style, no other origin, no framing. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Pages pages;

    Html(Pages pages) {
        this.pages = pages;
    }

    void send(Context ctx, int status, String template, Map<String, Object> params) {
        ctx.status(status);
        ctx.header("Content-Security-Policy", CSP);
        pages.send(ctx, template, params);
    }

    void error(PageError e, Context ctx) {
        Map<String, Object> params = new HashMap<>();
        params.put("page", e.page == null ? PageContext.ANONYMOUS : e.page);
        params.put("status", e.status);
        params.put("title", switch (e.status) {
            case 400 -> "That did not work";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            default -> "Error " + e.status;
        });
        params.put("message", e.getMessage());
        send(ctx, e.status, "error.jte", params);
    }
}
