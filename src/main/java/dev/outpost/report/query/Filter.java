package dev.outpost.report.query;

import com.google.re2j.Pattern;
import dev.outpost.web.ApiError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One filter of a query: {@code [op, dimension, values]}. A null among the values of {@code is} /
 * {@code is_not} stands for {@link Dimension#NONE}; {@code pattern} is set for {@code matches}
 * (RE2 syntax, linear-time matching: see {@link Regex}).
 */
public record Filter(Op op, Dimension dimension, List<String> values, Pattern pattern) {
    public enum Op {
        IS("is"), IS_NOT("is_not"), CONTAINS("contains"), MATCHES("matches");

        private final String key;

        Op(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Op byKey(String key) {
            for (Op o : values()) if (o.key.equals(key)) return o;
            return null;
        }
    }

    public Filter {
        values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }

    /**
     * Does a value (null: none) pass? The SQL the store builds for is / is_not / contains answers
     * the same; this is the one place the event dimensions and {@code matches} are decided.
     */
    public boolean test(String value) {
        return switch (op) {
            case IS -> values.contains(value);
            case IS_NOT -> !values.contains(value);
            case CONTAINS -> value != null && values.stream().anyMatch(value::contains);
            // find(): a pattern matches anywhere unless anchored, as in Plausible.
            case MATCHES -> value != null && pattern.matcher(value).find();
        };
    }

    /**
     * The values that pass, given up past the budget: linear-time matching still costs about 0.2 ms
     * a value for the largest patterns allowed, and a year of a big site's pages is many values.
     * Nobody notices when a client has left, so the budget is what ends the work.
     */
    public List<String> passing(List<String> candidates, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (test(candidates.get(i))) out.add(candidates.get(i));
            if ((i & 63) == 63 && System.nanoTime() > deadline) {
                throw ApiError.badRequest("filters: " + op.key + " '" + values.get(0) + "' on " + dimension.key()
                        + " took over " + budget.toMillis() + " ms on the range's " + candidates.size()
                        + " values; use a simpler pattern or a shorter date_range");
            }
        }
        return out;
    }
}
