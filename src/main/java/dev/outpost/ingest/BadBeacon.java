package dev.outpost.ingest;

/**
 * A beacon we refuse, with the HTTP status, the metric label and a message naming the field.
 * Thrown only while parsing and checking, before anything is queued.
 */
public final class BadBeacon extends RuntimeException {
    public final int status;
    public final String reason;

    public BadBeacon(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    static BadBeacon field(String field, String problem) {
        return new BadBeacon(400, "invalid_field", field + ": " + problem);
    }
}
