package dev.outpost.web;

import dev.outpost.domain.Site;
import io.javalin.http.Context;
import java.util.Optional;

/** Who may see a report page: the signed-in owner, or anyone holding a live shared link to one site. */
public interface Gate {
    /**
     * The signed-in viewer; otherwise ends the request with a redirect (to {@code /setup} while the
     * server has no admin yet, else to {@code /login?next=...}).
     */
    PageContext require(Context ctx);

    /** The site a shared read-only link shows; empty when the token is unknown or revoked. */
    Optional<Site> sharedSite(String token);
}
