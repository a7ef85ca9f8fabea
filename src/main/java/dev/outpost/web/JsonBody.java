package dev.outpost.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reading request bodies (beacons and every API write) field by field, so every refusal names the
 * field. All of them are parsed here, with limits no honest body comes near: without them
 * {@code [} × 8000 or a thousand-digit number costs the server more than the sender.
 */
public final class JsonBody {
    /** The deepest body we take is a query filter: body → filters → filter → values. */
    public static final int MAX_DEPTH = 32;
    /** Characters of one number as written; amounts and counts need fewer than 20. */
    public static final int MAX_NUMBER = 100;
    /** Characters of one string; the longest field we keep is a 4096-character URL. */
    public static final int MAX_STRING = 100_000;
    public static final int MAX_NAME = 1000;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER)
                            .maxStringLength(MAX_STRING)
                            .maxNameLength(MAX_NAME)
                            .build())
                    .build())
            // Amounts stay exact (29.90 is not 29.899999...), and "{...} junk" is not a body.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonBody() {}

    public static JsonNode object(String body) {
        if (body == null || body.isBlank()) throw ApiError.badRequest("body: send a JSON object");
        return object(read(body));
    }

    /** For bodies read as bytes (beacons); the caller has checked they are UTF-8. */
    public static JsonNode object(byte[] body) {
        if (body.length == 0) throw ApiError.badRequest("body: send a JSON object");
        return object(read(body));
    }

    private static JsonNode read(Object body) {
        JsonParser p = null;
        try {
            p = body instanceof byte[] b ? MAPPER.createParser(b) : MAPPER.createParser((String) body);
            return MAPPER.readTree(p);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(refusal(e, p));
        } catch (IOException e) {
            throw ApiError.badRequest("body: unreadable JSON");
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // nothing was held but memory
                }
            }
        }
    }

    private static JsonNode object(JsonNode n) {
        if (n == null || !n.isObject()) throw ApiError.badRequest("body: must be a JSON object");
        return n;
    }

    /** "props.k: number longer than 100 characters", or where the JSON broke. */
    private static String refusal(JsonProcessingException e, JsonParser p) {
        String where = p == null ? "body" : field(p);
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.startsWith("Number")) return where + ": number longer than " + MAX_NUMBER + " characters";
            if (m.startsWith("String")) return where + ": string longer than " + MAX_STRING + " characters";
            if (m.startsWith("Name")) return where + ": field name longer than " + MAX_NAME + " characters";
            if (m.contains("depth")) return where + ": nested deeper than " + MAX_DEPTH + " levels";
            return where + ": too large";
        }
        var at = e.getLocation();
        return at == null ? "body: malformed JSON"
                : "body: malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The field the parser was in, as {@code props.k} or {@code filters[0]}: at most three levels down. */
    private static String field(JsonParser p) {
        String pointer = p.getParsingContext().pathAsPointer().toString();
        StringBuilder b = new StringBuilder();
        String[] parts = pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1);
        for (int i = 0; i < Math.min(parts.length, 3); i++) {
            String name = parts[i].replace("~1", "/").replace("~0", "~");
            boolean index = !name.isEmpty() && name.chars().allMatch(Character::isDigit);
            if (i == 0 && index) break; // a top-level array: no field to name
            if (index) b.append('[').append(name).append(']');
            else b.append(i == 0 ? "" : ".").append(name.length() > 100 ? name.substring(0, 100) + "..." : name);
        }
        return b.isEmpty() ? "body" : b.toString();
    }

    public static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiError.badRequest(field + ": must be a string");
        String s = n.textValue();
        // PostgreSQL cannot store U+0000, and no name, URL or key needs a control character.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                throw ApiError.badRequest(field + ": contains a control character (U+" + String.format("%04X", (int) c) + ")");
            }
        }
        return s;
    }
}
