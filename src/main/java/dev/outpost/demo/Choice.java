package dev.outpost.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A weighted pick among a few values: {@code Choice.of("a", 3, "b", 1)} gives "a" three times as often as "b". */
final class Choice<T> {
    private final List<T> values;
    private final double[] cumulative;

    private Choice(List<T> values, double[] weights) {
        this.values = List.copyOf(values);
        this.cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) throw new IllegalArgumentException("negative weight for " + values.get(i));
            sum += weights[i];
            cumulative[i] = sum;
        }
        if (sum <= 0) throw new IllegalArgumentException("no weight at all");
    }

    /** Pairs of (value, weight). */
    @SuppressWarnings("unchecked")
    static <T> Choice<T> of(Object... pairs) {
        if (pairs.length == 0 || pairs.length % 2 != 0) throw new IllegalArgumentException("give value, weight pairs");
        List<T> values = new ArrayList<>();
        double[] weights = new double[pairs.length / 2];
        for (int i = 0; i < pairs.length; i += 2) {
            values.add((T) pairs[i]);
            weights[i / 2] = ((Number) pairs[i + 1]).doubleValue();
        }
        return new Choice<>(values, weights);
    }

    static <T> Choice<T> of(List<T> values, double[] weights) {
        if (values.size() != weights.length) throw new IllegalArgumentException("one weight per value");
        return new Choice<>(values, weights);
    }

    T pick(Random r) {
        double x = r.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return values.get(i);
        return values.get(values.size() - 1);
    }

    List<T> values() {
        return values;
    }
}
