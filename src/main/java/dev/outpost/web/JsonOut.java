package dev.outpost.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one mapper for the JSON we write ourselves, outside Javalin's {@code ctx.json}: error bodies, stored props,
 * NDJSON exports. Request bodies are read by {@link JsonBody}, with its limits. A configured mapper is safe to
 * share between threads.
 */
public final class JsonOut {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOut() {}

    /** A value that is always JSON (maps and lists of strings and numbers) as text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not writable as JSON: " + value.getClass(), e);
        }
    }
}
