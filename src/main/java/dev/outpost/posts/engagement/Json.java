package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;

/** Counts out of API answers, where a field that should be a count and is not means the answer is malformed. */
final class Json {
    private Json() {}

    /** A count the API always sends. */
    static long count(JsonNode parent, String field, String host) throws FetchException {
        Long n = optionalCount(parent, field, host);
        if (n == null) throw FetchException.retry(host + ": malformed answer, no " + field);
        return n;
    }

    /** A count the API may leave out (a hidden like count, a comment that has no descendants). */
    static Long optionalCount(JsonNode parent, String field, String host) throws FetchException {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) return null;
        if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
        // YouTube sends its counts as strings ("commentCount": "12").
        if (n.isTextual() && n.textValue().matches("-?\\d{1,18}")) return Long.parseLong(n.textValue());
        throw FetchException.retry(host + ": malformed answer, " + field + " is not a count");
    }

    /** An object the answer must have. */
    static JsonNode object(JsonNode parent, String field, String host) throws FetchException {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || !n.isObject()) throw FetchException.retry(host + ": malformed answer, no " + field + " object");
        return n;
    }
}
