package dev.outpost.domain;

/**
 * What counts as a conversion on a site: a custom event by name, or a pageview whose path matches
 * a pattern ('*' matches anything, e.g. "/thank-you*"). Exactly one of the two is set.
 */
public record Goal(long id, long siteId, String name, String eventName, String pathPattern, Long valueMicros, String currency) {
    public Goal {
        if ((eventName == null) == (pathPattern == null)) {
            throw new IllegalArgumentException("a goal has an event name or a path pattern, not both");
        }
    }

    public boolean isEventGoal() {
        return eventName != null;
    }

    /** Does an event with this name and path reach the goal? */
    public boolean matches(String name, String path) {
        if (isEventGoal()) return eventName.equals(name);
        if (!"pageview".equals(name)) return false;
        return globMatches(pathPattern, stripQuery(path));
    }

    static String stripQuery(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#') return path.substring(0, i);
        }
        return path;
    }

    /** '*' matches any run of characters; everything else is literal. */
    static boolean globMatches(String pattern, String text) {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }
}
