package dev.outpost.report.page;

import dev.outpost.report.query.Dimension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's chart as SVG geometry, computed here so the template only places it. The plot's
 * shapes are drawn in a stretched inner SVG ({@link #WIDTH} units wide, {@link #PLOT_HEIGHT} pixels
 * high), while labels and dots sit in the outer one at percentages of its width: the chart fills any
 * width, from a phone to a wide screen, and its text keeps its size. One {@link Series} per metric;
 * the page shows visitors and its script switches to the others.
 */
public record ChartView(int height, int plotHeight, List<Series> series, List<Tick> xTicks, List<Marker> markers) {
    static final int WIDTH = 1000, PLOT_HEIGHT = 200, HEIGHT = 226;
    /** Room above the top grid line for its label. */
    private static final int TOP = 16;
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    /** One metric's picture: its line, the previous period's (null when not asked), dots with tooltips, y labels. */
    public record Series(String key, String label, boolean shown, String line, String area, String previous,
                         List<Dot> dots, List<Tick> yTicks, String summary) {}

    /** One bucket: where (x in percent of the width, y in pixels), and what the tooltip says. */
    public record Dot(String x, String y, String title) {}

    /**
     * A label: at x (percent of the width, bottom axis) or at y (pixels, left axis); {@code anchor}
     * keeps the first and last labels of the bottom axis inside the picture. {@code minor} labels are
     * left out on narrow screens.
     */
    public record Tick(String x, String y, String label, String anchor, boolean minor) {}

    /** A post published in the period: where it went out, what it is, its page (null: no link). */
    public record Marker(String x, String title, String href) {}

    /** One metric's values per bucket (null: a bucket still to come) and the previous period's (may be empty). */
    record Data(String key, String label, Sheet.Kind kind, String unit, List<BigDecimal> values, List<BigDecimal> previous) {}

    /** @param buckets the query API's bucket labels, in order */
    static ChartView of(Dimension step, List<String> buckets, List<Data> metrics, String currency, List<Marker> markers) {
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) series.add(series(step, buckets, metrics.get(i), currency, i == 0));
        int n = buckets.size();
        List<Tick> xTicks = new ArrayList<>();
        List<Integer> marks = xMarks(step, n);
        for (int j = 0; j < marks.size(); j++) {
            int i = marks.get(j);
            String anchor = n == 1 ? "middle" : i == 0 ? "start" : i == n - 1 ? "end" : "middle";
            // Every other label gives way on a phone; the first and the last always stay.
            boolean minor = j % 2 == 1 && j != marks.size() - 1;
            xTicks.add(new Tick(pct(x(i, n)), String.valueOf(HEIGHT - 4), label(step, buckets.get(i), false), anchor, minor));
        }
        return new ChartView(HEIGHT, PLOT_HEIGHT, series, xTicks, markers);
    }

    private static Series series(Dimension step, List<String> buckets, Data d, String currency, boolean shown) {
        int n = buckets.size();
        double max = 0;
        for (BigDecimal v : d.values()) if (v != null) max = Math.max(max, v.doubleValue());
        for (BigDecimal v : d.previous()) if (v != null) max = Math.max(max, v.doubleValue());
        long top = niceCeiling(max);
        List<Dot> dots = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        double firstX = -1, lastX = 0;
        for (int i = 0; i < n; i++) {
            BigDecimal v = d.values().get(i);
            if (v == null) continue; // still to come: the line stops at the last bucket that has begun
            double x = x(i, n), y = y(v.doubleValue(), top);
            line.append(firstX < 0 ? "M" : " L").append(num(x * WIDTH)).append(' ').append(num(y));
            if (firstX < 0) firstX = x;
            lastX = x;
            String figure = text(d, v, currency);
            String title = label(step, buckets.get(i), true) + ": " + figure + (d.unit() == null ? ""
                    : " " + d.unit() + (figure.equals("1") ? "" : "s"));
            BigDecimal before = i < d.previous().size() ? d.previous().get(i) : null;
            if (before != null) title += " (previous period: " + text(d, before, currency) + ")";
            dots.add(new Dot(pct(x), num(y), title));
        }
        String bottom = num(TOP + plotH());
        String area = firstX < 0 ? "" : line + " L" + num(lastX * WIDTH) + " " + bottom + " L" + num(firstX * WIDTH) + " " + bottom + " Z";
        String previous = null;
        if (!d.previous().isEmpty()) {
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < Math.min(n, d.previous().size()); i++) {
                BigDecimal v = d.previous().get(i);
                p.append(i == 0 ? "M" : " L").append(num(x(i, n) * WIDTH)).append(' ').append(num(y(v == null ? 0 : v.doubleValue(), top)));
            }
            previous = p.toString();
        }
        List<Tick> yTicks = new ArrayList<>();
        List<Long> marks = top % 2 == 0 ? List.of(0L, top / 2, top) : List.of(0L, top);
        for (long m : marks) {
            yTicks.add(new Tick("0", num(y(m, top)), text(d, BigDecimal.valueOf(m), currency), "start", false));
        }
        String per = step == Dimension.HOUR ? "hour" : step == Dimension.DAY ? "day" : step == Dimension.WEEK ? "week" : "month";
        String summary = d.label() + " per " + per + "; highest " + text(d, BigDecimal.valueOf(max).stripTrailingZeros(), currency) + ".";
        return new Series(d.key(), d.label(), shown, line.toString(), area, previous, dots, yTicks, summary);
    }

    private static String text(Data d, BigDecimal v, String currency) {
        return d.kind() == Sheet.Kind.MONEY ? Format.money(v, currency == null ? "EUR" : currency)
                : d.kind() == Sheet.Kind.CREDIT ? Format.credit(v) : Format.count(v);
    }

    private static double plotH() {
        return PLOT_HEIGHT - TOP;
    }

    /** A bucket's place across the plot, 0 to 1. */
    static double x(double i, int n) {
        return n <= 1 ? 0.5 : i / (n - 1);
    }

    private static double y(double v, long top) {
        return TOP + plotH() * (1 - v / top);
    }

    /** The y axis ends at 1, 2 or 5 times a power of ten, at least 1: a chart of zeros is still a chart. */
    static long niceCeiling(double max) {
        if (max <= 1) return 1;
        long p = 1;
        while (p * 10 < max) p *= 10;
        for (long f : new long[] {1, 2, 5, 10}) if (f * p >= max) return f * p;
        return 10 * p;
    }

    /** Which buckets get an axis label: every three hours of a day (six over two or three days), else about eight. */
    private static List<Integer> xMarks(Dimension step, int n) {
        List<Integer> out = new ArrayList<>();
        if (n == 0) return out;
        if (step == Dimension.HOUR) {
            for (int i = 0; i < n; i += n > 24 ? 6 : 3) out.add(i);
            return out;
        }
        int every = Math.max(1, (int) Math.ceil((n - 1) / 7.0));
        for (int i = 0; i < n; i += every) out.add(i);
        int last = out.get(out.size() - 1);
        if (last != n - 1) {
            // The last label always shows; one too close before it gives way.
            if (n - 1 - last < every / 2.0 && out.size() > 1) out.remove(out.size() - 1);
            out.add(n - 1);
        }
        return out;
    }

    static String label(Dimension step, String bucket, boolean full) {
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

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    static String num(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
