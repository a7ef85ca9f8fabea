package dev.outpost.report.query;

import dev.outpost.store.QueryStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one result row has gathered: its visits (as sums: the engine counts them in SQL or from
 * rollup rows), pageviews, and conversion credit.
 */
final class Bucket {
    /** A visit that bounced: at most one pageview and under this much engaged time. */
    static final long BOUNCE_ENGAGED_MS = QueryStore.BOUNCE_ENGAGED_MS;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Distinct visitors of the row's visits. */
    long visitors;
    long visits;
    long pageviews;
    /** Visits that bounced, and the engaged time of all the row's visits. */
    long bounces;
    long engagedMs;
    BigDecimal conversions = BigDecimal.ZERO;
    /** Revenue per currency, never added across currencies. */
    final Map<String, BigDecimal> revenue = new TreeMap<>();
    /** Distinct visitors with credit in the row. */
    long converters;
    /** Of those, the ones credited through a visit of the range in this row: never more than its visitors. */
    long convertingVisitors;
    /**
     * Visitors conversion_rate divides by when they are not this row's own (rows by event:goal
     * count converters only; their base is the visitors of the same row without the goal).
     */
    Long rateBase;

    /**
     * The metric as the API shows it: counts as integers, credit as an exact decimal, rates as
     * percentages (conversion rate to 2 places, bounce rate whole), duration in whole seconds,
     * revenue in {@code currency} to its usual decimals (null when the query has no revenue at all).
     */
    BigDecimal value(Metric m, String currency, boolean byGoal) {
        return switch (m) {
            case VISITORS -> BigDecimal.valueOf(byGoal ? converters : visitors);
            case VISITS -> BigDecimal.valueOf(visits);
            case PAGEVIEWS -> BigDecimal.valueOf(pageviews);
            case CONVERSIONS -> plain(conversions);
            case CONVERTING_VISITORS -> BigDecimal.valueOf(convertingVisitors);
            case REVENUE -> currency == null ? null
                    : revenue.getOrDefault(currency, BigDecimal.ZERO).setScale(digits(currency), RoundingMode.HALF_UP);
            case CONVERSION_RATE -> {
                long base = rateBase != null ? rateBase : visitors;
                yield base == 0 ? BigDecimal.ZERO.setScale(2)
                        : BigDecimal.valueOf(convertingVisitors).multiply(HUNDRED).divide(BigDecimal.valueOf(base), 2, RoundingMode.HALF_UP);
            }
            case BOUNCE_RATE -> visits == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(bounces * 100).divide(BigDecimal.valueOf(visits), 0, RoundingMode.HALF_UP);
            case VISIT_DURATION -> visits == 0 ? BigDecimal.ZERO
                    : BigDecimal.valueOf(engagedMs).divide(BigDecimal.valueOf(visits * 1000L), 0, RoundingMode.HALF_UP);
        };
    }

    /** 1.000000 → 1, 0.500000 → 0.5, never "1E+2". */
    static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    static int digits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }
}
