package dev.outpost.report.page;

import dev.outpost.web.PageContext;

/**
 * A refusal on an HTML page: answered as a page of its own with the status and a message that names
 * the parameter and the problem (the pages' counterpart of {@link dev.outpost.web.ApiError}).
 */
public final class PageError extends RuntimeException {
    public final int status;
    /** Who was looking, for the page's header; null before the gate was asked. */
    public final transient PageContext page;

    PageError(int status, String message, PageContext page) {
        super(message, null, false, false);
        this.status = status;
        this.page = page;
    }

    static PageError badRequest(String message) {
        return new PageError(400, message, null);
    }

    static PageError notFound(String message) {
        return new PageError(404, message, null);
    }

    /** The same refusal, knowing who was looking. */
    PageError seenBy(PageContext who) {
        return page != null ? this : new PageError(status, getMessage(), who);
    }
}
