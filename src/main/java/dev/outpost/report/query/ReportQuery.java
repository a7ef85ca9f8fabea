package dev.outpost.report.query;

import dev.outpost.attribution.AttributionModel;
import java.time.LocalDate;
import java.util.List;

/**
 * A validated query: everything {@link QueryParser} accepted, nothing raw. The date range is kept
 * as asked ({@link DateSpec}) because "30d" means different days in different time zones.
 *
 * @param metrics  what the engine counts: the asked metrics, and those the asked {@link PostMetric}s are made of
 * @param currency the currency revenue is reported in; null lets the data decide (see QueryApi)
 * @param columns  the metrics as asked, in order: the answer's columns
 */
public record ReportQuery(String site, List<Metric> metrics, DateSpec dateRange, List<Dimension> dimensions,
                          List<Filter> filters, AttributionModel attribution, List<Order> orderBy, int limit, int page,
                          boolean comparison, String currency, List<Column> columns) {
    public ReportQuery {
        metrics = List.copyOf(metrics);
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
        orderBy = List.copyOf(orderBy);
        columns = List.copyOf(columns);
    }

    /** A query of engine metrics only: its columns are its metrics. */
    public ReportQuery(String site, List<Metric> metrics, DateSpec dateRange, List<Dimension> dimensions,
                       List<Filter> filters, AttributionModel attribution, List<Order> orderBy, int limit, int page,
                       boolean comparison, String currency) {
        this(site, metrics, dateRange, dimensions, filters, attribution, orderBy, limit, page, comparison, currency,
                metrics.stream().map(Column::of).toList());
    }

    /** One asked metric: counted by the engine, or computed after it from the rows and the posts. Exactly one is set. */
    public record Column(Metric metric, PostMetric post) {
        public static Column of(Metric m) {
            return new Column(m, null);
        }

        public static Column of(PostMetric m) {
            return new Column(null, m);
        }

        public String key() {
            return metric != null ? metric.key() : post.key();
        }
    }

    /** Sort by a metric, a post metric or a dimension of the query. Exactly one of the three is set. */
    public record Order(Metric metric, Dimension dimension, boolean descending, PostMetric post) {
        public Order(Metric metric, Dimension dimension, boolean descending) {
            this(metric, dimension, descending, null);
        }
    }

    /**
     * A range of whole days: {@code days} days ending today ("7d", "day"), this month or year so far,
     * or fixed days. Both ends included.
     */
    public record DateSpec(String label, int days, String period, LocalDate from, LocalDate to) {
        public static DateSpec lastDays(String label, int days) {
            return new DateSpec(label, days, null, null, null);
        }

        public static DateSpec toDate(String label, String period) {
            return new DateSpec(label, 0, period, null, null);
        }

        public static DateSpec fixed(LocalDate from, LocalDate to) {
            return new DateSpec(from + "/" + to, 0, null, from, to);
        }

        /** The days this means when today is {@code today} (in the site's zone). */
        public Days resolve(LocalDate today) {
            if (from != null) return new Days(from, to);
            if (period == null) return new Days(today.minusDays(days - 1L), today);
            return switch (period) {
                case "month" -> new Days(today.withDayOfMonth(1), today);
                case "year" -> new Days(today.withDayOfYear(1), today);
                default -> throw new IllegalStateException(period);
            };
        }
    }

    /** Both ends included. */
    public record Days(LocalDate from, LocalDate to) {
        /** The same number of days just before. */
        public Days previous() {
            long n = java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
            return new Days(from.minusDays(n), from.minusDays(1));
        }
    }
}
