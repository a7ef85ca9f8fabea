package dev.outpost.report.query;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.report.Attribution;
import dev.outpost.store.*;
import java.util.*;

public final class ScratchTiming {
    public static void main(String[] a) throws Exception {
        Database db = Database.open("jdbc:sqlite:target/bench/report-" + System.getenv("EVENTS") + ".db");
        var site = new SiteStore(db).byDomain("bench.example").orElseThrow();
        GoalStore gs = new GoalStore(db); ConversionStore cs = new ConversionStore(db);
        Attribution at = new Attribution(gs, cs);
        long to = ReportBench.NOW.toEpochMilli(), from = to - 30L * 86400000;
        for (int i = 0; i < 8; i++) {
            long t0 = System.nanoTime();
            var goals = gs.list(site.id());
            long t1 = System.nanoTime();
            var convs = cs.conversions(site.id(), from, to, goals);
            long t2 = System.nanoTime();
            Set<String> vs = new HashSet<>(); for (var c : convs) vs.add(c.visitorId());
            var visits = cs.visits(site.id(), vs, from - 30L*86400000, to);
            long t3 = System.nanoTime();
            var credits = at.credits(site.id(), from, to, AttributionModel.DEFAULT);
            long t4 = System.nanoTime();
            System.out.printf("goals %.1f conv %.1f (%d) visits %.1f (%d) credits-all %.1f (%d)%n", (t1-t0)/1e6, (t2-t1)/1e6, convs.size(), (t3-t2)/1e6, visits.size(), (t4-t3)/1e6, credits.size());
        }
    }
}
