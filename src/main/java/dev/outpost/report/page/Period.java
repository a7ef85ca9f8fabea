package dev.outpost.report.page;

import dev.outpost.report.query.ReportQuery;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The dashboard's period picker: named ranges of whole days in the site's time zone, or a custom one. */
enum Period {
    TODAY("today", "Today"),
    YESTERDAY("yesterday", "Yesterday"),
    LAST_7("7d", "7 days"),
    LAST_30("30d", "30 days"),
    LAST_90("90d", "90 days"),
    MONTH("month", "This month"),
    LAST_MONTH("last_month", "Last month"),
    CUSTOM("custom", "Custom");

    static final Period DEFAULT = LAST_30;

    final String key;
    final String label;

    Period(String key, String label) {
        this.key = key;
        this.label = label;
    }

    static Period byKey(String key) {
        for (Period p : values()) if (p.key.equals(key)) return p;
        return null;
    }

    static String known() {
        return Arrays.stream(values()).map(p -> p.key).collect(Collectors.joining(", "));
    }

    /** The days meant when it is {@code today} in the site's zone; both ends included. Not for CUSTOM. */
    ReportQuery.Days resolve(LocalDate today) {
        return switch (this) {
            case TODAY -> new ReportQuery.Days(today, today);
            case YESTERDAY -> new ReportQuery.Days(today.minusDays(1), today.minusDays(1));
            case LAST_7 -> new ReportQuery.Days(today.minusDays(6), today);
            case LAST_30 -> new ReportQuery.Days(today.minusDays(29), today);
            case LAST_90 -> new ReportQuery.Days(today.minusDays(89), today);
            case MONTH -> new ReportQuery.Days(today.withDayOfMonth(1), today);
            case LAST_MONTH -> {
                LocalDate first = today.withDayOfMonth(1).minusMonths(1);
                yield new ReportQuery.Days(first, first.plusMonths(1).minusDays(1));
            }
            case CUSTOM -> throw new IllegalStateException("a custom period has its own days");
        };
    }
}
