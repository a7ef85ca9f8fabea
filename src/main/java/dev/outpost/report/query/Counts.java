package dev.outpost.report.query;

/** The sums of one group of visits, counted from rollup rows or by SQL over the visits. */
record Counts(long visitors, long visits, long pageviews, long bounces, long engagedMs) {
    Counts plus(Counts o) {
        return new Counts(visitors + o.visitors, visits + o.visits, pageviews + o.pageviews, bounces + o.bounces,
                engagedMs + o.engagedMs);
    }
}
