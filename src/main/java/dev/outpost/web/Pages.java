package dev.outpost.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** Renders the precompiled jte templates of {@code templates/} into HTML answers. */
public final class Pages {
    private final TemplateEngine jte = TemplateEngine.createPrecompiled(ContentType.Html);

    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        jte.render(template, params, out);
        return out.toString();
    }

    /** Answers with the page; pages are per user and per moment, so nothing caches them. */
    public void send(Context ctx, String template, Map<String, Object> params) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.contentType("text/html; charset=utf-8").result(render(template, params));
    }
}
