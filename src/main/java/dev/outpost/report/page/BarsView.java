package dev.outpost.report.page;

import java.util.List;

/** A small SVG bar chart (a post's visits by hour after publication), laid out here for the template. */
public record BarsView(int width, int height, List<Bar> bars, List<ChartView.Tick> xTicks, String summary) {
    /** One bar and its tooltip. */
    public record Bar(String x, String y, String w, String h, String title) {}
}
