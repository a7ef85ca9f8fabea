package dev.outpost.report.page;

import java.util.List;

/**
 * A small SVG bar chart (a post's visits by hour after publication), laid out here for the template:
 * bars in a stretched plot {@link ChartView#WIDTH} units wide and {@code plotHeight} pixels high,
 * labels in percent of the width as on the dashboard's chart.
 */
public record BarsView(int height, int plotHeight, List<Bar> bars, List<ChartView.Tick> yTicks, List<ChartView.Tick> xTicks,
                       String summary) {
    /** One bar and its tooltip. */
    public record Bar(String x, String y, String w, String h, String title) {}
}
