package dev.outpost.report.page;

import java.util.List;

/**
 * One report table as data, before formatting: the dashboard formats it for people, the CSV export
 * writes it as it is. Cells are in column order: text as {@code String}, figures as
 * {@code BigDecimal}, unknown as null.
 *
 * @param dimension the query dimension a row filters the page by when clicked; null: rows are not filters
 * @param currency  the currency of the MONEY columns; null when the period had no revenue
 * @param totalRows rows there are in all, of which {@code lines} may be the first few
 * @param empty     what to tell (and what to do next) when there are no rows
 */
record Sheet(String key, String title, String dimension, List<Column> columns, List<Line> lines, int totalRows,
             String currency, String empty) {
    Sheet {
        columns = List.copyOf(columns);
        lines = List.copyOf(lines);
    }

    enum Kind { TEXT, COUNT, CREDIT, PERCENT, DURATION, MONEY, RATIO, TIME }

    /** Where a column shows on the page: its own column, a line under the column before it, or only in the CSV. */
    enum Placement { MAIN, SUB, CSV_ONLY }

    /**
     * @param key           the CSV header (snake_case, stable)
     * @param label         the page's header
     * @param muted         shown, but de-emphasised (likes)
     * @param hideWhenEmpty left off the page when no row has a value (engagement nobody entered)
     */
    record Column(String key, String label, Kind kind, Placement placement, boolean muted, boolean hideWhenEmpty) {
        static Column main(String key, String label, Kind kind) {
            return new Column(key, label, kind, Placement.MAIN, false, false);
        }

        static Column sub(String key, String label, Kind kind) {
            return new Column(key, label, kind, Placement.SUB, false, false);
        }

        static Column csvOnly(String key, Kind kind) {
            return new Column(key, key, kind, Placement.CSV_ONLY, false, false);
        }

        static Column engagement(String key, String label, Kind kind, boolean muted) {
            return new Column(key, label, kind, Placement.MAIN, muted, true);
        }
    }

    /**
     * @param filterValue the value of {@link #dimension} this row stands for; null: not a filter
     * @param postId      the post this row is about, for a link to its page; null for other rows
     * @param note        a remark shown next to the row's name ("deleted on the network")
     */
    record Line(List<Object> cells, String filterValue, Long postId, String note) {
        Line {
            cells = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(cells));
        }
    }
}
