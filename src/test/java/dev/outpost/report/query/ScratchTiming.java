package dev.outpost.report.query;

import dev.outpost.store.*;
import java.time.*;
import java.util.*;

public final class ScratchTiming {
    public static void main(String[] a) throws Exception {
        Database db = Database.open("jdbc:sqlite:target/bench/report-" + System.getenv("EVENTS") + ".db");
        var site = new SiteStore(db).byDomain("bench.example").orElseThrow();
        RollupStore rs = new RollupStore(db); QueryStore qs = new QueryStore(db);
        ZoneId zone = ZoneId.of(site.timezone());
        int d2 = (int) LocalDate.of(2026,11,30).toEpochDay(), d1 = d2 - 29;
        for (int i = 0; i < 5; i++) {
            StringBuilder sb = new StringBuilder();
            for (String dim : List.of("", "page", "entry_page", "source", "browser")) {
                long t0 = System.nanoTime();
                var sums = rs.sum(site.id(), dim, d1, d2, d2, null);
                sb.append(String.format("%s %.1f (%d)  ", dim, (System.nanoTime() - t0) / 1e6, sums.sums().size()));
            }
            var st = rs.state(site.id());
            long t0 = System.nanoTime();
            var tail = qs.visitsStarted(site.id(), st.builtTo(), ReportBench.NOW.toEpochMilli() + 86400000L);
            Set<String> vs = new HashSet<>(); for (var v : tail) vs.add(v.visitorId());
            var hist = qs.visitsOf(site.id(), vs, Rollups.dayStart(zone, d1), st.builtTo());
            long t1 = System.nanoTime();
            List<QueryStore.VisitRow> all = new ArrayList<>(tail); all.addAll(hist);
            var views = qs.pageviewsOf(site.id(), all, Rollups.VIEW_SLACK);
            long t2 = System.nanoTime();
            sb.append(String.format("| tail+hist %.1f views %.1f (%d sessions)", (t1 - t0) / 1e6, (t2 - t1) / 1e6, all.size()));
            System.out.println(sb);
        }
    }
}
