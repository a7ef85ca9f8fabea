package dev.outpost.report.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;

/**
 * The patterns of {@code matches} filters, compiled by RE2/J: matching time grows linearly with the
 * text and the pattern, never exponentially as a backtracking engine's can ("(.*a){12}!x" on a
 * path of 40 a's pinned a core for minutes under java.util.regex). RE2 syntax has no
 * backreferences or lookaround. RE2/J expands counted repeats when compiling, so nested ones
 * multiply ("((a{999}){999}){999}" filled a 512 MB heap): like RE2 and Go we refuse a product of
 * nested repeat counts over {@link #MAX_REPEAT}.
 */
final class Regex {
    static final int MAX_REPEAT = 1000;
    private static final java.util.regex.Pattern COUNT = java.util.regex.Pattern.compile("\\{(\\d{1,9})(,(\\d{0,9}))?}");

    private Regex() {}

    /** The compiled pattern; an IllegalArgumentException says what is wrong with it. */
    static Pattern compile(String source) {
        long product = repeatProduct(source);
        if (product > MAX_REPEAT) {
            throw new IllegalArgumentException("repeat counts, nested ones multiplied, come to " + product + "; at most " + MAX_REPEAT);
        }
        try {
            return Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage().replace("error parsing regexp: ", ""));
        }
    }

    /**
     * The largest product of counted repeats nested in one another, e.g. 60 for "(a{3}b){20}". A
     * scan, not a parse: escapes, classes and groups are skipped just well enough to find the counts;
     * what RE2/J then refuses as malformed does not matter here.
     */
    static long repeatProduct(String p) {
        Deque<long[]> groups = new ArrayDeque<>(); // per open group: the largest product inside it
        long inside = 1, last = 1, max = 1; // last: the product inside the atom a count would repeat
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\') {
                i = afterEscape(p, i);
                last = 1;
            } else if (c == '[') {
                i = afterClass(p, i);
                last = 1;
            } else if (c == '(') {
                groups.push(new long[] {inside});
                inside = 1;
                i++;
                last = 1;
            } else if (c == ')' && !groups.isEmpty()) {
                last = inside;
                inside = Math.max(groups.pop()[0], last);
                i++;
            } else if (c == '{') {
                Matcher m = COUNT.matcher(p).region(i, p.length());
                if (m.lookingAt()) {
                    long n = Long.parseLong(m.group(1));
                    String upper = m.group(3);
                    if (upper != null && !upper.isEmpty()) n = Math.max(n, Long.parseLong(upper));
                    last = Math.min(last * Math.max(n, 1), Long.MAX_VALUE / 1_000_000_000L);
                    inside = Math.max(inside, last);
                    i = m.end();
                } else {
                    last = 1;
                    i++;
                }
            } else {
                if (c != '*' && c != '+' && c != '?') last = 1;
                i++;
            }
            max = Math.max(max, Math.max(inside, last));
        }
        return max;
    }

    /** Past "\x", "\pL", "\p{Greek}", "\x{263a}" or "\Q...\E". */
    private static int afterEscape(String p, int i) {
        if (i + 1 >= p.length()) return p.length();
        char e = p.charAt(i + 1);
        if (e == 'Q') {
            int end = p.indexOf("\\E", i + 2);
            return end < 0 ? p.length() : end + 2;
        }
        if ((e == 'p' || e == 'P' || e == 'x') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
            int end = p.indexOf('}', i + 3);
            return end < 0 ? p.length() : end + 1;
        }
        return i + 2;
    }

    /** Past a class such as "[^]a\]b[:alpha:]]". */
    private static int afterClass(String p, int i) {
        int j = i + 1;
        if (j < p.length() && p.charAt(j) == '^') j++;
        if (j < p.length() && p.charAt(j) == ']') j++;
        while (j < p.length()) {
            char c = p.charAt(j);
            if (c == '\\') {
                j = afterEscape(p, j);
            } else if (c == '[' && p.startsWith("[:", j)) {
                int end = p.indexOf(":]", j + 2);
                j = end < 0 ? j + 1 : end + 2;
            } else if (c == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return j;
    }
}
