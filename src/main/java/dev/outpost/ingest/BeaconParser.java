package dev.outpost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outpost.domain.Money;
import dev.outpost.domain.StoredText;
import dev.outpost.web.ApiError;
import dev.outpost.web.JsonBody;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the raw body of {@code POST /api/event} into a {@link BeaconRequest}, or refuses it with a
 * {@link BadBeacon} naming the field. Parsing happens at the edge so nothing later sees raw input.
 */
public final class BeaconParser {
    public static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_URL = 4096;
    static final int MAX_REFERRER = 2048;
    static final int MAX_TITLE = 500;
    static final int MAX_ENGAGED_MS = 86_400_000;
    static final int MAX_NAME = 100;
    static final int MAX_PROPS = 30;
    static final int MAX_PROP_KEY = 100;
    static final int MAX_PROP_VALUE = 500;
    private static final Pattern VID = Pattern.compile("[A-Za-z0-9_-]{8,128}");
    private static final Set<String> FIELDS = Set.of("site", "name", "url", "referrer", "title", "screen_width",
            "props", "revenue", "vid", "engaged_ms", "scroll_depth", "webdriver");

    public BeaconRequest parse(byte[] body) {
        if (body.length == 0) throw new BadBeacon(400, "empty_body", "body: empty; send a JSON object");
        if (body.length > MAX_BODY_BYTES) {
            throw new BadBeacon(413, "too_large", "body: larger than " + MAX_BODY_BYTES + " bytes");
        }
        checkUtf8(body);
        JsonNode root;
        try {
            root = JsonBody.object(body);
        } catch (ApiError e) {
            throw new BadBeacon(400, "malformed_json", e.getMessage());
        }
        return fromJson(root);
    }

    /**
     * The pixel's raw query string as parameters. Decoded here, strictly, so that {@code ?url=%ff%fe}
     * is refused naming {@code url} rather than turned into replacement characters or an error.
     */
    public static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode("query", eq < 0 ? pair : pair.substring(0, eq));
            out.put(key, decode(key, eq < 0 ? "" : pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String field, String s) {
        ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.put((byte) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else if (c > 0x7F) {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8)); // a lone surrogate becomes '?'
            } else {
                bytes.put((byte) c);
            }
        }
        try {
            return strictUtf8().decode(bytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new BadBeacon(400, "invalid_utf8", shown(field) + ": not valid UTF-8");
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String shown(String field) {
        return field.length() > 100 ? field.substring(0, 100) + "..." : field;
    }

    /** The no-JavaScript pixel: a pageview described by query parameters. */
    public BeaconRequest fromQuery(Map<String, String> q) {
        var node = JsonNodeFactory.instance.objectNode();
        q.forEach((k, v) -> {
            if (FIELDS.contains(k) && v != null) node.put(k, v);
        });
        if (!node.has("name")) node.put("name", "pageview");
        if (node.has("screen_width")) {
            String w = node.get("screen_width").asText();
            try {
                node.put("screen_width", Integer.parseInt(w));
            } catch (NumberFormatException e) {
                throw BadBeacon.field("screen_width", "must be a whole number");
            }
        }
        return fromJson(node);
    }

    private BeaconRequest fromJson(JsonNode o) {
        String site = requiredString(o, "site", 253);
        String name = optionalString(o, "name", MAX_NAME);
        if (name == null) name = "pageview";
        // Blank also when nothing would be left once stored (StoredText removes control characters).
        if (StoredText.clean(name).isBlank()) throw BadBeacon.field("name", "must not be blank");
        String urlText = requiredString(o, "url", MAX_URL);
        URI url = httpUrl(urlText);
        // A page's referrer and title are what they are: a long one is cut, not a reason to lose the view.
        String referrer = truncate(optionalString(o, "referrer", MAX_BODY_BYTES), MAX_REFERRER);
        if (referrer != null && referrer.isBlank()) referrer = null;
        String title = truncate(optionalString(o, "title", MAX_BODY_BYTES), MAX_TITLE);
        Integer screenWidth = optionalInt(o, "screen_width", 0, 100_000);
        Map<String, String> props = props(o.get("props"));
        Money revenue = revenue(o.get("revenue"));
        String vid = optionalString(o, "vid", 128);
        if (vid != null && !VID.matcher(vid).matches()) {
            throw BadBeacon.field("vid", "must be 8 to 128 letters, digits, '-' or '_'");
        }
        Integer engaged = optionalInt(o, "engaged_ms", 0, Integer.MAX_VALUE);
        if (engaged != null) engaged = Math.min(engaged, MAX_ENGAGED_MS); // a tab left open for days
        Integer scroll = optionalInt(o, "scroll_depth", 0, 100);
        JsonNode wd = o.get("webdriver");
        if (wd != null && !wd.isNull() && !wd.isBoolean()) throw BadBeacon.field("webdriver", "must be true or false");
        return new BeaconRequest(site, name, url, referrer, title, screenWidth, props, revenue, vid, engaged, scroll,
                wd != null && wd.asBoolean());
    }

    private static String truncate(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** Refuses anything that is not strict UTF-8; most beacons are plain ASCII and pass at once. */
    private static void checkUtf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                try {
                    strictUtf8().decode(ByteBuffer.wrap(body));
                    return;
                } catch (CharacterCodingException e) {
                    throw new BadBeacon(400, "invalid_utf8", "body: not valid UTF-8");
                }
            }
        }
    }


    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static String requiredString(JsonNode o, String field, int max) {
        String s = optionalString(o, field, max);
        if (s == null || s.isBlank()) throw BadBeacon.field(field, "is required");
        return s;
    }

    private static String optionalString(JsonNode o, String field, int max) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw BadBeacon.field(field, "must be a string");
        return checkText(field, n.textValue(), max);
    }

    static String checkText(String field, String s, int max) {
        if (s.length() > max) throw BadBeacon.field(field, "longer than " + max + " characters");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                throw BadBeacon.field(field, "contains a control character (U+" + String.format("%04X", (int) c) + ")");
            }
        }
        return s;
    }

    private static Integer optionalInt(JsonNode o, String field, int min, int max) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw BadBeacon.field(field, "must be a whole number");
        int v = n.intValue();
        if (v < min || v > max) throw BadBeacon.field(field, "must be from " + min + " to " + max);
        return v;
    }

    private static URI httpUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw BadBeacon.field("url", "not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw BadBeacon.field("url", "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw BadBeacon.field("url", "has no host");
        return uri;
    }

    private static Map<String, String> props(JsonNode n) {
        if (n == null || n.isNull()) return Map.of();
        if (!n.isObject()) throw BadBeacon.field("props", "must be an object of strings, numbers or booleans");
        if (n.size() > MAX_PROPS) throw BadBeacon.field("props", "more than " + MAX_PROPS + " keys");
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.isEmpty()) throw BadBeacon.field("props", "empty key");
            checkText("props key", key, MAX_PROP_KEY);
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            if (!v.isValueNode()) throw BadBeacon.field("props." + key, "must be a string, number or boolean");
            String value = v.isNumber() ? number("props." + key, v) : v.asText();
            out.put(key, checkText("props." + key, value, MAX_PROP_VALUE));
        }
        return out;
    }

    /**
     * A number as its plain digits, refused before they are written out when there would be too many:
     * {@code 1e999999999} is eleven characters of JSON and a billion digits of plain string.
     */
    private static String number(String field, JsonNode v) {
        BigDecimal d = v.decimalValue();
        long integerDigits = (long) d.precision() - d.scale();
        if (integerDigits > MAX_PROP_VALUE || d.scale() > MAX_PROP_VALUE) {
            throw BadBeacon.field(field, "number longer than " + MAX_PROP_VALUE + " digits written out; send it as a string");
        }
        return d.toPlainString();
    }

    private static Money revenue(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) throw BadBeacon.field("revenue", "must be an object with amount and currency");
        try {
            return Money.parse(n.get("amount"), n.get("currency"), "revenue");
        } catch (IllegalArgumentException e) {
            throw new BadBeacon(400, "invalid_field", e.getMessage());
        }
    }

}
