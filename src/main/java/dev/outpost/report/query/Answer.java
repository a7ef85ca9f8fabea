package dev.outpost.report.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The answer to a query: what {@code POST /api/v1/query} writes as JSON (the README's "Query API"
 * and {@code QueryApiTest.answerJsonIsPinned} hold its exact shape) and what the report pages read,
 * so JSON and HTML never disagree on a figure.
 *
 * @param results the rows of the asked page, sorted
 */
public record Answer(List<Row> results, Meta meta) {
    public Answer {
        results = List.copyOf(results);
    }

    /**
     * One row: its dimension values and its figures, one per asked metric in order (null where
     * there is none: revenue without a currency, a count no post knows).
     *
     * @param comparison the previous period's row; null (and not written) when not asked
     */
    public record Row(List<String> dimensions, List<BigDecimal> metrics,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Comparison comparison) {}

    /** The same row in the previous period, and the change of each figure (null: none to give, as from nothing). */
    public record Comparison(List<String> dimensions, List<BigDecimal> metrics, List<BigDecimal> change) {}

    /**
     * What was counted.
     *
     * @param comparisonDateRange null (and not written) without a comparison
     * @param revenue             null (and not written) when revenue was not asked
     * @param totalRows           the rows of all pages
     * @param posts               with {@code visit:post} among the dimensions, each registered post of the rows by its id
     *                            (a row's id stays bare, so rows keep one shape); else null (and not written)
     */
    public record Meta(String site, String timezone, @JsonProperty("date_range") List<String> dateRange,
                       @JsonProperty("comparison_date_range") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> comparisonDateRange,
                       List<String> metrics, List<String> dimensions, String attribution,
                       @JsonUnwrapped Revenue revenue,
                       @JsonProperty("total_rows") int totalRows, int page, int limit,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Post> posts) {}

    /** A registered post as rows by {@code visit:post} name it. */
    public record Post(String title, String network) {}

    /**
     * The one currency revenue is given in (null when nothing had revenue), and the currencies of
     * conversions whose revenue the figures leave out (not written when there are none).
     */
    public record Revenue(String currency,
                          @JsonProperty("revenue_not_included") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notIncluded) {}
}
