package dev.outpost.report.page;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/**
 * Numbers for people: 1.2k visitors, 3m 20s, 12.5%, €80.00. The exact figure goes in the cell's
 * title and in the CSV; the page shows what a reader takes in at a glance.
 */
final class Format {
    private static final String[] UNITS = {"", "k", "M", "B", "T"};
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_NO_YEAR = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEE, d MMM yyyy", Locale.ENGLISH);

    private Format() {}

    /** 999, 1.2k, 12k, 123k, 1.2M: one decimal below ten of a unit, none above. Null is a dash. */
    static String count(BigDecimal n) {
        if (n == null) return "—";
        BigDecimal abs = n.abs();
        if (abs.compareTo(THOUSAND) < 0) return plain(n.setScale(0, RoundingMode.HALF_UP));
        int unit = 0;
        BigDecimal x = abs;
        while (unit < UNITS.length - 1 && x.compareTo(THOUSAND) >= 0) {
            x = x.divide(THOUSAND);
            unit++;
        }
        BigDecimal shown = x.setScale(x.compareTo(BigDecimal.TEN) < 0 ? 1 : 0, RoundingMode.HALF_UP);
        if (shown.compareTo(THOUSAND) >= 0 && unit < UNITS.length - 1) { // 999,999 is 1M, not 1000k
            shown = BigDecimal.ONE.setScale(1);
            unit++;
        }
        return (n.signum() < 0 ? "-" : "") + plain(shown) + UNITS[unit];
    }

    static String count(long n) {
        return count(BigDecimal.valueOf(n));
    }

    /** Conversion credit, fractional under multi-touch models: 3, 2.5, 0.33; large ones like counts. */
    static String credit(BigDecimal n) {
        if (n == null) return "—";
        if (n.abs().compareTo(THOUSAND) >= 0 || n.stripTrailingZeros().scale() <= 0) return count(n);
        return plain(n.setScale(2, RoundingMode.HALF_UP));
    }

    /** 40%, 12.5%, 33.3%. */
    static String percent(BigDecimal p) {
        if (p == null) return "—";
        return plain(p.setScale(1, RoundingMode.HALF_UP)) + "%";
    }

    /** A plain ratio such as visits per 100 engagements: 12.5. */
    static String ratio(BigDecimal r) {
        if (r == null) return "—";
        return r.abs().compareTo(THOUSAND) >= 0 ? count(r) : plain(r.setScale(1, RoundingMode.HALF_UP));
    }

    /** 0s, 45s, 3m 20s, 3m, 1h 5m. */
    static String duration(BigDecimal seconds) {
        if (seconds == null) return "—";
        long s = seconds.setScale(0, RoundingMode.HALF_UP).longValue();
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        long m = s / 60;
        return m / 60 + "h" + (m % 60 == 0 ? "" : " " + m % 60 + "m");
    }

    /** €80.00, $1,234.50, ¥1,200, CHF 5.00; a dash when there was no revenue at all. */
    static String money(BigDecimal amount, String currency) {
        if (amount == null || currency == null) return "—";
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.US);
        try {
            Currency c = Currency.getInstance(currency);
            f.setCurrency(c);
            int digits = Math.max(0, c.getDefaultFractionDigits());
            f.setMinimumFractionDigits(digits);
            f.setMaximumFractionDigits(digits);
        } catch (IllegalArgumentException e) {
            return plain(amount) + " " + currency;
        }
        // The US locale spells some codes with a space ("CHF 5.00") and others by sign; both read well.
        return f.format(amount);
    }

    /** 20 Nov 2026 – 21 Nov 2026 shortened: "20 – 21 Nov 2026", "Fri, 20 Nov 2026" for one day. */
    static String range(LocalDate from, LocalDate to) {
        if (from.equals(to)) return WEEKDAY.format(from);
        if (from.getYear() == to.getYear()) return DAY_NO_YEAR.format(from) + " – " + DAY.format(to);
        return DAY.format(from) + " – " + DAY.format(to);
    }

    static String day(LocalDate d) {
        return DAY.format(d);
    }

    /** Without trailing zeros and never in E-notation: 40.00 → 40, 12.50 → 12.5. */
    static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
