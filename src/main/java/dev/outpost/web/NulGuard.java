package dev.outpost.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Refuses U+0000 in query and form parameters, once for every route. PostgreSQL cannot hold it in
 * text, so {@code email=%00} on the sign-in form reached the database as an error (a 500); no
 * domain, name, key or date ever contains it. JSON bodies are checked by {@link JsonBody}.
 */
public final class NulGuard {
    private NulGuard() {}

    public static void check(Context ctx) {
        check(ctx.queryParamMap());
        String type = ctx.contentType();
        if (type != null && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) check(ctx.formParamMap());
    }

    private static void check(Map<String, List<String>> params) {
        params.forEach((name, values) -> {
            if (name.indexOf('\0') >= 0 || values.stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0)) {
                String shown = name.replace("\0", "\\u0000");
                throw ApiError.badRequest((shown.length() > 100 ? shown.substring(0, 100) + "..." : shown) + ": contains U+0000");
            }
        });
    }
}
