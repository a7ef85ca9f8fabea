package dev.outpost.report.page;

import dev.outpost.report.query.Dimension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Sheet} made ready for the page: the columns people see, figures formatted, each row a
 * link that filters the page by it. No logic is left for the template.
 *
 * @param more   a line saying the table shows only the first rows; null when it shows them all
 * @param legend what the table's shortened headings mean, under it (a tooltip never shows on a phone); empty when none
 */
public record TableView(String key, String title, List<Header> headers, List<RowView> rows, String empty, String csvHref,
                 String more, List<Header> legend) {
    /** @param help what the column counts, for a tooltip; null: its name says it */
    public record Header(String label, boolean numeric, boolean muted, String help) {
        public String css() {
            return TableView.css(numeric, muted);
        }
    }

    /**
     * @param href     this page filtered by the row; null when the row is no filter
     * @param postHref the row's post page; null when none (or on a shared view)
     * @param share    the row's first figure as a percentage of the table's largest, for a bar behind its name
     */
    public record RowView(String href, List<Cell> cells, String postHref, String note, String share) {}

    /** @param title the exact figure, for a tooltip; @param sub a smaller line under the figure */
    public record Cell(String text, String title, String sub, boolean numeric, boolean muted) {
        public String css() {
            return TableView.css(numeric, muted);
        }
    }

    private static String css(boolean numeric, boolean muted) {
        String c = (numeric ? "num " : "") + (muted ? "muted" : "");
        return c.isBlank() ? null : c.strip();
    }

    /** Where a table's links go: the page's base, the view they change, and where post pages are (null: nowhere). */
    record Links(String base, ViewParams view, String postsBase) {}

    static TableView of(Sheet sheet, Links links, String csvHref) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < sheet.columns().size(); i++) {
            Sheet.Column c = sheet.columns().get(i);
            if (c.placement() != Sheet.Placement.MAIN) continue;
            if (c.hideWhenEmpty() && allNull(sheet, i)) continue;
            shown.add(i);
        }
        List<Header> headers = new ArrayList<>();
        List<Header> legend = new ArrayList<>();
        for (int i : shown) {
            Sheet.Column c = sheet.columns().get(i);
            Header h = new Header(c.label(), numeric(c.kind()), c.muted(), Sheets.help(c.key()));
            headers.add(h);
            if (Sheets.SHORTENED.contains(c.key())) legend.add(h);
        }
        // The bars behind the rows: the first figure shown (visitors, mostly) against the table's largest.
        int barColumn = shown.stream().filter(i -> numeric(sheet.columns().get(i).kind())).findFirst().orElse(-1);
        BigDecimal largest = BigDecimal.ZERO;
        for (Sheet.Line line : sheet.lines()) {
            if (barColumn >= 0 && line.cells().get(barColumn) instanceof BigDecimal d && d.compareTo(largest) > 0) largest = d;
        }
        List<RowView> rows = new ArrayList<>();
        for (Sheet.Line line : sheet.lines()) {
            List<Cell> cells = new ArrayList<>();
            for (int i : shown) {
                Sheet.Column c = sheet.columns().get(i);
                Object v = line.cells().get(i);
                List<String> subs = new ArrayList<>();
                for (int j = i + 1; j < sheet.columns().size() && sheet.columns().get(j).placement() == Sheet.Placement.SUB; j++) {
                    Object sv = line.cells().get(j);
                    if (sv != null) subs.add(text(sheet.columns().get(j).kind(), sv, sheet.currency()) + " " + sheet.columns().get(j).label());
                }
                String figure = text(c.kind(), v, sheet.currency());
                // Channels are lower-case keys in the API and the CSV ("search"); people read names.
                if (Dimension.CHANNEL.key().equals(sheet.dimension()) && i == 0 && !figure.isEmpty()) {
                    figure = Character.toUpperCase(figure.charAt(0)) + figure.substring(1);
                }
                cells.add(new Cell(figure, exact(c.kind(), v), subs.isEmpty() ? null : String.join(" · ", subs),
                        numeric(c.kind()), c.muted()));
            }
            String href = sheet.dimension() == null || line.filterValue() == null || links.view() == null ? null
                    : links.base() + links.view().withFilter(sheet.dimension(), line.filterValue());
            String postHref = links.postsBase() == null || line.postId() == null ? null : links.postsBase() + "/" + line.postId();
            String share = barColumn < 0 || largest.signum() == 0 || !(line.cells().get(barColumn) instanceof BigDecimal d) ? null
                    : d.multiply(BigDecimal.valueOf(100)).divide(largest, 1, java.math.RoundingMode.HALF_UP).toPlainString();
            rows.add(new RowView(href, cells, postHref, line.note(), share));
        }
        String more = sheet.totalRows() > sheet.lines().size()
                ? "The first " + sheet.lines().size() + " of " + Format.count(sheet.totalRows()) + "; the CSV has them all." : null;
        return new TableView(sheet.key(), sheet.title(), headers, rows, sheet.empty(), csvHref, more,
                rows.isEmpty() ? List.of() : legend);
    }

    static String text(Sheet.Kind kind, Object v, String currency) {
        if (v == null) return "—";
        if (!(v instanceof BigDecimal d)) return kind == Sheet.Kind.TIME ? time(v.toString()) : v.toString();
        return switch (kind) {
            case COUNT -> Format.count(d);
            case CREDIT -> Format.credit(d);
            case PERCENT -> Format.percent(d);
            case DURATION -> Format.duration(d);
            case MONEY -> Format.money(d, currency);
            case RATIO -> Format.ratio(d);
            case TEXT, TIME -> d.toPlainString();
        };
    }

    /** The figure in full where the page shows it rounded (1.2k, 3m 20s); null when they are the same. */
    private static String exact(Sheet.Kind kind, Object v) {
        if (!(v instanceof BigDecimal d)) return null;
        String full = switch (kind) {
            case COUNT, CREDIT, RATIO -> Format.plain(d);
            case DURATION -> Format.plain(d) + " seconds";
            case PERCENT -> Format.plain(d) + "%";
            default -> null;
        };
        return full == null || full.equals(text(kind, v, null)) ? null : full;
    }

    /** "2026-11-20" → "20 Nov 2026"; "2026-11-20 10:00:00" → "20 Nov 2026 10:00". */
    static String time(String bucket) {
        try {
            if (bucket.length() == 10) return Format.day(LocalDate.parse(bucket));
            return Format.day(LocalDate.parse(bucket.substring(0, 10))) + " " + bucket.substring(11, 16);
        } catch (RuntimeException e) {
            return bucket;
        }
    }

    private static boolean numeric(Sheet.Kind k) {
        return k != Sheet.Kind.TEXT && k != Sheet.Kind.TIME;
    }

    private static boolean allNull(Sheet sheet, int column) {
        for (Sheet.Line l : sheet.lines()) if (l.cells().get(column) != null) return false;
        return true;
    }
}
