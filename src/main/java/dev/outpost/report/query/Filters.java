package dev.outpost.report.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's filters by what they narrow: visits by their properties, visits by a page they viewed,
 * conversions by their goal. All of them hold together (AND).
 */
record Filters(List<Filter> visit, List<Filter> page, List<Filter> goal) {
    Filters {
        visit = List.copyOf(visit);
        page = List.copyOf(page);
        goal = List.copyOf(goal);
    }

    static Filters of(List<Filter> filters) {
        List<Filter> visit = new ArrayList<>(), page = new ArrayList<>(), goal = new ArrayList<>();
        for (Filter f : filters) {
            switch (f.dimension().kind()) {
                case VISIT -> visit.add(f);
                case PAGE -> page.add(f);
                case GOAL -> goal.add(f);
                case TIME -> throw new IllegalStateException("time filters are refused by the parser");
            }
        }
        return new Filters(visit, page, goal);
    }
}
