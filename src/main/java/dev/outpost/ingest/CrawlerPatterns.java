package dev.outpost.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The User-Agent patterns of monperrus/crawler-user-agents, matched in one pass. Nearly all (1,456 of 1,500)
 * are plain strings once their escapes are read ({@code Googlebot\/}): those go into one Aho-Corasick
 * automaton, which reads the User-Agent once whatever the number of patterns. The few real regexes
 * ({@code [wW]get}, {@code ^curl}) are one combined {@link Pattern}. A huge alternation of all 1,500 in
 * java.util.regex would try every alternative at every position of the string.
 */
final class CrawlerPatterns {

    private static final String META = ".[]()|^$*+?{}";

    private final Automaton literals;
    private final Pattern regexes;

    CrawlerPatterns(List<String> patterns) {
        List<String> plain = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String p : patterns) {
            String literal = literal(p);
            if (literal != null) {
                plain.add(literal);
            } else {
                other.add("(?:" + p + ")");
            }
        }
        literals = new Automaton(plain);
        regexes = other.isEmpty() ? null : Pattern.compile(String.join("|", other));
    }

    /** True when one of the patterns occurs in the User-Agent (case-sensitively, as the list means them). */
    boolean matches(String userAgent) {
        return literals.containsAny(userAgent) || regexes != null && regexes.matcher(userAgent).find();
    }

    /** The string a pattern stands for ({@code Googlebot\/} is "Googlebot/"), or null when it is a real regex. */
    static String literal(String pattern) {
        StringBuilder b = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (++i == pattern.length() || Character.isLetterOrDigit(pattern.charAt(i))) {
                    return null; // \d, \s, \b ...
                }
                b.append(pattern.charAt(i));
            } else if (META.indexOf(c) >= 0) {
                return null;
            } else {
                b.append(c);
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    /** A plain Aho-Corasick automaton that only answers "does any word occur". */
    static final class Automaton {
        private final List<Map<Character, Integer>> next = new ArrayList<>();
        private final List<Integer> fail = new ArrayList<>();
        private final List<Boolean> accepts = new ArrayList<>();

        Automaton(List<String> words) {
            node();
            for (String w : words) {
                int s = 0;
                for (int i = 0; i < w.length(); i++) {
                    Integer t = next.get(s).get(w.charAt(i));
                    if (t == null) {
                        t = node();
                        next.get(s).put(w.charAt(i), t);
                    }
                    s = t;
                }
                accepts.set(s, true);
            }
            // breadth first: a node's fail link is the longest proper suffix of its path that is also a path
            ArrayDeque<Integer> queue = new ArrayDeque<>(next.get(0).values());
            while (!queue.isEmpty()) {
                int s = queue.poll();
                for (Map.Entry<Character, Integer> e : next.get(s).entrySet()) {
                    int t = e.getValue();
                    int f = fail.get(s);
                    while (f > 0 && !next.get(f).containsKey(e.getKey())) {
                        f = fail.get(f);
                    }
                    Integer g = next.get(f).get(e.getKey());
                    int failTo = g != null && g != t ? g : 0;
                    fail.set(t, failTo);
                    accepts.set(t, accepts.get(t) || accepts.get(failTo));
                    queue.add(t);
                }
            }
        }

        private int node() {
            next.add(new HashMap<>());
            fail.add(0);
            accepts.add(false);
            return next.size() - 1;
        }

        boolean containsAny(String text) {
            int s = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                Integer t = next.get(s).get(c);
                while (t == null && s > 0) {
                    s = fail.get(s);
                    t = next.get(s).get(c);
                }
                s = t == null ? 0 : t;
                if (accepts.get(s)) {
                    return true;
                }
            }
            return false;
        }
    }
}
