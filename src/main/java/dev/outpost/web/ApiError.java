package dev.outpost.web;

/** A refusal with an HTTP status and a message that names the field and the problem. */
public final class ApiError extends RuntimeException {
    public final int status;

    public ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }
}
