package dev.outpost.report.page;

import dev.outpost.report.query.Dimension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The visitors chart as SVG geometry, computed here so the template only places it: a line and the
 * area under it, a dot per bucket with its figure as a tooltip, and a few axis labels. Coordinates
 * are in the SVG's own units ({@link #WIDTH} × {@link #HEIGHT}); it scales with the page.
 */
public record ChartView(int width, int height, int gridFrom, int yLabelX, String line, String area, List<Dot> dots,
                 List<Tick> yTicks, List<Tick> xTicks, String summary) {
    static final int WIDTH = 1100, HEIGHT = 260;
    private static final int LEFT = 44, RIGHT = 12, TOP = 12, BOTTOM = 26;
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    /** One bucket: where, and what the tooltip says. */
    public record Dot(String x, String y, String title) {}

    /**
     * An axis label at x (bottom axis) or y (left axis), with the grid line's other end; {@code anchor}
     * keeps the first and last labels of the bottom axis inside the picture.
     */
    public record Tick(String x, String y, String label, String anchor) {}

    /** @param buckets the query API's bucket labels, in order; @param values the visitors of each */
    static ChartView of(Dimension step, List<String> buckets, List<BigDecimal> values) {
        int n = buckets.size();
        double max = 0;
        for (BigDecimal v : values) max = Math.max(max, v == null ? 0 : v.doubleValue());
        long top = niceCeiling(max);
        double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
        List<Dot> dots = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        double firstX = 0, lastX = 0;
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? LEFT + plotW / 2 : LEFT + plotW * i / (n - 1);
            double v = values.get(i) == null ? 0 : values.get(i).doubleValue();
            double y = TOP + plotH * (1 - v / top);
            line.append(i == 0 ? "M" : " L").append(num(x)).append(' ').append(num(y));
            if (i == 0) firstX = x;
            lastX = x;
            String figure = Format.count(values.get(i) == null ? BigDecimal.ZERO : values.get(i));
            dots.add(new Dot(num(x), num(y), label(step, buckets.get(i), true) + ": " + figure
                    + (figure.equals("1") ? " visitor" : " visitors")));
        }
        String bottom = num(TOP + plotH);
        String area = n == 0 ? "" : line + " L" + num(lastX) + " " + bottom + " L" + num(firstX) + " " + bottom + " Z";

        List<Tick> yTicks = new ArrayList<>();
        List<Long> marks = top % 2 == 0 ? List.of(0L, top / 2, top) : List.of(0L, top);
        for (long m : marks) {
            yTicks.add(new Tick(num(WIDTH - RIGHT), num(TOP + plotH * (1 - (double) m / top)), Format.count(m), "end"));
        }
        List<Tick> xTicks = new ArrayList<>();
        for (int i : xMarks(step, n)) {
            double x = n == 1 ? LEFT + plotW / 2 : LEFT + plotW * i / (n - 1);
            String anchor = n == 1 ? "middle" : i == 0 ? "start" : i == n - 1 ? "end" : "middle";
            xTicks.add(new Tick(num(x), num(HEIGHT - 6), label(step, buckets.get(i), false), anchor));
        }
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal v : values) if (v != null) total = total.add(v);
        String summary = "Visitors per " + (step == Dimension.HOUR ? "hour" : step == Dimension.DAY ? "day"
                : step == Dimension.WEEK ? "week" : "month") + "; highest " + Format.count(BigDecimal.valueOf(max).stripTrailingZeros()) + ".";
        return new ChartView(WIDTH, HEIGHT, LEFT, LEFT - 6, line.toString(), area, dots, yTicks, xTicks, summary);
    }

    /** The y axis ends at 1, 2 or 5 times a power of ten, at least 1: a chart of zeros is still a chart. */
    static long niceCeiling(double max) {
        if (max <= 1) return 1;
        long p = 1;
        while (p * 10 < max) p *= 10;
        for (long f : new long[] {1, 2, 5, 10}) if (f * p >= max) return f * p;
        return 10 * p;
    }

    /** Which buckets get an axis label: every six hours of a day, else the first, the middle and the last. */
    private static List<Integer> xMarks(Dimension step, int n) {
        List<Integer> out = new ArrayList<>();
        if (n == 0) return out;
        if (step == Dimension.HOUR) {
            for (int i = 0; i < n; i += n > 24 ? 12 : 6) out.add(i);
            return out;
        }
        out.add(0);
        if (n > 2) out.add(n / 2);
        if (n > 1) out.add(n - 1);
        return out;
    }

    private static String label(Dimension step, String bucket, boolean full) {
        try {
            LocalDate d = LocalDate.parse(bucket.substring(0, 10));
            return switch (step) {
                // Over several days, midnight names its day.
                case HOUR -> full ? SHORT.format(d) + " " + bucket.substring(11, 16)
                        : bucket.startsWith("00:00", 11) ? SHORT.format(d) : bucket.substring(11, 16);
                case WEEK -> (full ? "Week of " : "") + SHORT.format(d);
                case MONTH -> MONTH.format(d);
                default -> full ? d.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH) + " "
                        + SHORT.format(d) : SHORT.format(d);
            };
        } catch (RuntimeException e) {
            return bucket;
        }
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
