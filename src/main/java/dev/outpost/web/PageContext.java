package dev.outpost.web;

/**
 * What every HTML page knows about who is looking: the signed-in user's email (null on a shared
 * dashboard or before sign-in), the CSRF token its forms must carry, and whether the view is a
 * read-only shared link.
 */
public record PageContext(String user, String csrf, boolean shared) {
    public static final PageContext ANONYMOUS = new PageContext(null, "", false);

    public boolean signedIn() {
        return user != null;
    }
}
