package dev.outpost.report.page;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Sheet} as CSV (RFC 4180): a header row, CRLF line ends, a field quoted when it holds a
 * comma, a quote or a line break, quotes doubled. Every column is exported, all rows.
 *
 * <p>Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
 * return that some programs skip before one) gets a leading apostrophe: a page path or a UTM tag is
 * chosen by whoever sent the visit, and "=HYPERLINK(...)" in an owner's spreadsheet must stay text.
 * Figures are ours and written as plain numbers, so a negative score stays a number.
 */
final class Csv {
    private Csv() {}

    static String write(Sheet sheet) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (Sheet.Column c : sheet.columns()) {
            header.add(c.kind() == Sheet.Kind.MONEY && sheet.currency() != null ? c.key() + "_" + sheet.currency().toLowerCase(java.util.Locale.ROOT) : c.key());
        }
        line(out, header);
        for (Sheet.Line l : sheet.lines()) {
            List<String> cells = new ArrayList<>();
            for (Object v : l.cells()) cells.add(cell(v));
            line(out, cells);
        }
        return out.toString();
    }

    static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof BigDecimal d) return d.toPlainString(); // as the query API gives it: 29.90, 33.33, 1.5
        if (v instanceof Number n) return n.toString();
        return text(v.toString());
    }

    /** Neutralises a would-be formula; see the class comment. */
    static String text(String s) {
        if (s.isEmpty()) return s;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) out.append(',');
            out.append(quoted(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String quoted(String f) {
        boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0;
        return quote ? '"' + f.replace("\"", "\"\"") + '"' : f;
    }
}
