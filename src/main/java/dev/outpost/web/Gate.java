package dev.outpost.web;

import io.javalin.http.Context;

/** Who may see a report page: the guard every page handler asks first. */
public interface Gate {
    /**
     * The signed-in viewer; otherwise ends the request with a redirect (to {@code /setup} while the
     * server has no admin yet, else to {@code /login?next=...}).
     */
    PageContext require(Context ctx);
}
