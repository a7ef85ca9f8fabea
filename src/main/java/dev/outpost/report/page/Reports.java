package dev.outpost.report.page;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.domain.Site;
import dev.outpost.report.query.Answer;
import dev.outpost.report.query.Dimension;
import dev.outpost.report.query.Filter;
import dev.outpost.report.query.Metric;
import dev.outpost.report.query.QueryApi;
import dev.outpost.report.query.ReportQuery;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages' way into the query API: builds a {@link ReportQuery} from Java and reads the API's
 * answer (sorted, paged, compared) as typed rows. The figures are the API's own, never recomputed.
 */
final class Reports {
    private final QueryApi api;

    Reports(QueryApi api) {
        this.api = api;
    }

    /** One row: its dimension values, its metrics, and (when compared) the previous period's and the change. */
    record Row(List<String> dimensions, Map<Metric, BigDecimal> now, Map<Metric, BigDecimal> before,
               Map<Metric, BigDecimal> change) {
        BigDecimal get(Metric m) {
            return now.get(m);
        }

        String dimension(int i) {
            return dimensions.get(i);
        }
    }

    /**
     * @param currency          the one currency revenue is given in; null when nothing had revenue
     * @param currenciesLeftOut currencies of conversions whose revenue the figures leave out
     */
    record Result(List<Row> rows, int totalRows, String currency, List<String> currenciesLeftOut) {
        Row first() {
            return rows.get(0);
        }
    }

    /** What to ask, beside the site and the days. */
    record Ask(List<Dimension> dimensions, List<Metric> metrics, List<Filter> filters, AttributionModel model,
               int limit, boolean comparison, String currency) {
        Ask {
            dimensions = List.copyOf(dimensions);
            metrics = List.copyOf(metrics);
            filters = List.copyOf(filters);
        }
    }

    Result run(Site site, ReportQuery.Days days, Ask ask) {
        ReportQuery q = new ReportQuery(site.domain(), ask.metrics(), ReportQuery.DateSpec.fixed(days.from(), days.to()),
                ask.dimensions(), ask.filters(), ask.model(), List.of(), ask.limit(), 1, ask.comparison(), ask.currency());
        Answer answer = api.answer(site, q);
        List<Row> rows = new ArrayList<>();
        for (Answer.Row r : answer.results()) {
            Answer.Comparison c = r.comparison();
            rows.add(new Row(r.dimensions(), metrics(ask.metrics(), r.metrics()),
                    c == null ? Map.of() : metrics(ask.metrics(), c.metrics()),
                    c == null ? Map.of() : metrics(ask.metrics(), c.change())));
        }
        Answer.Revenue revenue = answer.meta().revenue();
        return new Result(rows, answer.meta().totalRows(), revenue == null ? null : revenue.currency(),
                revenue == null ? List.of() : revenue.notIncluded());
    }

    /** The figures by metric; null stays null (no revenue, no change). */
    private static Map<Metric, BigDecimal> metrics(List<Metric> names, List<BigDecimal> values) {
        Map<Metric, BigDecimal> out = new HashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), values.get(i));
        return out;
    }
}
