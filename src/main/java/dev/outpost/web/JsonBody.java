package dev.outpost.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading API request bodies field by field, so every refusal names the field. */
public final class JsonBody {
    private JsonBody() {}

    public static JsonNode object(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) throw ApiError.badRequest("body: send a JSON object");
        JsonNode n;
        try {
            n = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("body: malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        }
        if (n == null || !n.isObject()) throw ApiError.badRequest("body: must be a JSON object");
        return n;
    }

    public static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiError.badRequest(field + ": must be a string");
        return n.textValue();
    }
}
