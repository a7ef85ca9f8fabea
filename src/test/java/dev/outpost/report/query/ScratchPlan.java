package dev.outpost.report.query;
import dev.outpost.store.*;
public final class ScratchPlan {
    public static void main(String[] a) {
        Database db = Database.open("jdbc:sqlite:target/bench/report-" + System.getenv("EVENTS") + ".db");
        for (String q : a) {
            System.out.println("== " + q);
            db.jdbi().useHandle(h -> h.createQuery("EXPLAIN QUERY PLAN " + q).map((r, c) -> r.getString(4)).forEach(System.out::println));
        }
    }
}
