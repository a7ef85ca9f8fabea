package dev.outpost.attribution;

import java.util.Map;

/**
 * The {@code utm_*} parameters of a landing: raw values, trimmed, {@code null} when absent or blank.
 * Only {@code source} and {@code medium} take part in classification; the rest is carried along for reports.
 */
public record Utm(String source, String medium, String campaign, String content, String term) {

    public static final Utm NONE = new Utm(null, null, null, null, null);

    /**
     * Reads the tags from query parameters. Names are matched ignoring case ("UTM_Source" happens in
     * hand-built links); the exact lower-case spelling wins when both are present.
     */
    static Utm from(Map<String, String> params) {
        if (!hasUtmKey(params)) {
            return NONE; // the common case: one cheap pass, no allocation
        }
        return new Utm(param(params, "utm_source"), param(params, "utm_medium"), param(params, "utm_campaign"),
                param(params, "utm_content"), param(params, "utm_term"));
    }

    private static boolean hasUtmKey(Map<String, String> params) {
        for (String key : params.keySet()) {
            if (key != null && key.regionMatches(true, 0, "utm_", 0, 4)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A query parameter's trimmed value, null when absent or blank. Names match ignoring case (hand-built links
     * say "UTM_Content"); the exact spelling wins when both are present.
     */
    static String param(Map<String, String> params, String name) {
        String raw = params.get(name);
        if (raw == null) {
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (name.equalsIgnoreCase(e.getKey())) {
                    raw = e.getValue();
                    break;
                }
            }
        }
        if (raw == null) {
            return null;
        }
        String trimmed = raw.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
