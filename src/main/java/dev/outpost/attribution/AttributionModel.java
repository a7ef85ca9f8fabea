package dev.outpost.attribution;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a conversion's credit is shared among the visits that led to it.
 *
 * <p>Credit is exact decimal with {@link #SCALE} places and always sums to exactly 1, so that per-source totals
 * over many conversions add up to the conversion count in reports. Each model first gives every touch a weight;
 * shares are the weights' exact proportions rounded by the largest-remainder method: every share is rounded
 * down to a millionth, and the millionths still missing go one each to the touches whose rounding lost the most,
 * ties going to the later touch (the one closer to the conversion). No share is ever off by a millionth or more.
 */
public enum AttributionModel {

    /** All credit to the first touch. */
    FIRST_TOUCH("first_touch"),
    /** All credit to the last touch. */
    LAST_TOUCH("last_touch"),
    /** All credit to the last touch that had a source; to the last touch when all were direct. */
    LAST_NON_DIRECT("last_non_direct"),
    /** Equal shares. */
    LINEAR("linear"),
    /** 40 % first, 40 % last, 20 % shared by the ones between; 50/50 for two touches, all for one. */
    POSITION_BASED("position_based"),
    /** Weight 2^(-age / 7 days), age measured to the conversion, normalised. */
    TIME_DECAY("time_decay");

    public static final AttributionModel DEFAULT = LAST_NON_DIRECT;

    /** How far before a conversion visits still count; the caller filters touches to this window. */
    public static final Duration LOOKBACK = Duration.ofDays(30);

    /** Time decay's half-life: a touch a week older gets half the weight. */
    public static final Duration HALF_LIFE = Duration.ofDays(7);

    /** Decimal places of every share. */
    public static final int SCALE = 6;

    private static final long UNITS = 1_000_000; // 10^SCALE: one unit is the smallest share
    private static final BigDecimal UNITS_DECIMAL = BigDecimal.valueOf(UNITS);

    private final String key;

    AttributionModel(String key) {
        this.key = key;
    }

    /** Stable lower-case name, e.g. {@code "last_non_direct"}; used in storage, URLs and settings. */
    public String key() {
        return key;
    }

    /** The model with this key (surrounding space and case ignored). */
    public static AttributionModel parse(String key) {
        if (key != null) {
            String k = key.strip().toLowerCase(Locale.ROOT);
            for (AttributionModel m : values()) {
                if (m.key.equals(k)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("attribution model must be one of "
                + Arrays.stream(values()).map(AttributionModel::key).collect(Collectors.joining(", "))
                + "; got: " + key);
    }

    /**
     * Credit per touch, in the order of {@code touches}, each with scale {@link #SCALE}, summing to exactly 1.
     *
     * @param touches      sorted by ts, all at or before {@code conversionTs} and inside {@link #LOOKBACK} (the
     *                     caller filters); empty gives an empty list
     * @param conversionTs when the conversion happened, epoch milliseconds
     * @throws IllegalArgumentException when touches are out of order or after the conversion: a caller bug that
     *                                  would otherwise silently misattribute
     */
    public List<BigDecimal> credit(List<Touch> touches, long conversionTs) {
        for (int i = 0; i < touches.size(); i++) {
            long ts = touches.get(i).ts();
            if (ts > conversionTs) {
                throw new IllegalArgumentException("touch " + i + " at " + ts + " is after the conversion at "
                        + conversionTs);
            }
            if (i > 0 && ts < touches.get(i - 1).ts()) {
                throw new IllegalArgumentException("touches must be sorted by ts; touch " + i + " is not");
            }
        }
        if (touches.isEmpty()) {
            return List.of();
        }
        return shares(weights(touches));
    }

    private BigDecimal[] weights(List<Touch> touches) {
        int n = touches.size();
        BigDecimal[] w = new BigDecimal[n];
        Arrays.fill(w, BigDecimal.ZERO);
        switch (this) {
            case FIRST_TOUCH -> w[0] = BigDecimal.ONE;
            case LAST_TOUCH -> w[n - 1] = BigDecimal.ONE;
            case LAST_NON_DIRECT -> {
                int chosen = n - 1;
                while (chosen >= 0 && touches.get(chosen).direct()) {
                    chosen--;
                }
                w[chosen < 0 ? n - 1 : chosen] = BigDecimal.ONE;
            }
            case LINEAR -> Arrays.fill(w, BigDecimal.ONE);
            case POSITION_BASED -> {
                if (n <= 2) {
                    Arrays.fill(w, BigDecimal.ONE);
                } else {
                    // Integer weights 2(n-2) : 1 ... 1 : 2(n-2) over a total of 5(n-2) are exactly 40 % / 20 % / 40 %.
                    Arrays.fill(w, BigDecimal.ONE);
                    w[0] = BigDecimal.valueOf(2L * (n - 2));
                    w[n - 1] = w[0];
                }
            }
            case TIME_DECAY -> {
                // Measured from the last touch rather than the conversion: the common factor
                // 2^(-(conversion - last) / half-life) cancels out when normalising, and the last touch's weight of 1
                // keeps the total away from zero however old the touches are.
                long last = touches.get(n - 1).ts();
                double halfLife = HALF_LIFE.toMillis();
                for (int i = 0; i < n; i++) {
                    w[i] = new BigDecimal(Math.pow(2, -(last - touches.get(i).ts()) / halfLife)); // exact binary value
                }
            }
        }
        return w;
    }

    /** Largest-remainder rounding of w[i] / sum(w) to millionths (see the class comment). */
    private static List<BigDecimal> shares(BigDecimal[] w) {
        int n = w.length;
        BigDecimal total = Arrays.stream(w).reduce(BigDecimal.ZERO, BigDecimal::add);
        long[] units = new long[n];
        BigDecimal[] lost = new BigDecimal[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            BigDecimal[] qr = w[i].multiply(UNITS_DECIMAL).divideAndRemainder(total); // exact: no rounding here
            units[i] = qr[0].longValueExact();
            lost[i] = qr[1];
            given += units[i];
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, BigDecimal>comparing(i -> lost[i]).reversed()
                .thenComparing(Comparator.reverseOrder()));
        // The missing units equal sum(lost) / total, which is below n because each lost[i] < total.
        for (int k = 0; given < UNITS; k = (k + 1) % n) {
            units[order.get(k)]++;
            given++;
        }
        List<BigDecimal> out = new ArrayList<>(n);
        for (long u : units) {
            out.add(new BigDecimal(BigInteger.valueOf(u), SCALE));
        }
        return List.copyOf(out);
    }
}
