package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.attribution.AttributionModel;
import dev.outpost.demo.DemoCommand;
import dev.outpost.support.TestOutpost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's figures as a reader checks them: in every row of every table (each exported in full as
 * CSV), under every attribution model, the visitors who converted are some of the row's visitors and
 * the conversion rate is at most 100%; the same for the dashboard's and each post page's totals.
 */
class DemoFiguresTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static TestOutpost.Browser owner;
    static final String BASE = "/sites/" + DemoCommand.DOMAIN;
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @BeforeAll
    static void demo() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThat(DemoCommand.run(List.of("--events", "30000"), outpost.config(outpost.jdbcUrl()), quiet)).isZero();
        owner = outpost.signedIn();
    }

    @Test
    void convertedVisitorsNeverOutnumberVisitorsInAnyTable() {
        List<String> views = new ArrayList<>();
        for (AttributionModel m : AttributionModel.values()) views.add("?period=30d&model=" + m.key());
        views.add("?period=90d");
        views.add("?period=7d");
        views.add("?period=today");
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String view : views) {
            for (String table : Sheets.KEYS) {
                var r = owner.get(BASE + "/export/" + table + ".csv" + view);
                assertThat(r.status()).as(table + view).isEqualTo(200);
                String[] lines = r.body().split("\r\n");
                List<String> header = Arrays.asList(lines[0].split(","));
                int visitors = header.indexOf("visitors"), converted = header.indexOf("converting_visitors");
                int rate = header.indexOf("conversion_rate");
                for (int i = 1; i < lines.length; i++) {
                    // Names may hold commas (quoted); the figures are the last fields, so count from the end.
                    String[] cells = lines[i].split(",", -1);
                    int shift = cells.length - header.size();
                    String where = table + view + " row " + i + " (" + lines[i] + "): ";
                    if (visitors >= 0 && converted >= 0) {
                        BigDecimal v = number(cells[visitors + shift]), c = number(cells[converted + shift]);
                        if (c.compareTo(v) > 0) wrong.add(where + c + " converted of " + v + " visitors");
                    }
                    if (rate >= 0 && number(cells[rate + shift]).compareTo(HUNDRED) > 0) wrong.add(where + "rate over 100%");
                    rows++;
                }
            }
            Document d = Jsoup.parse(owner.get(BASE + view).body());
            long visitors = Long.parseLong(d.selectFirst("#total-visitors .value").attr("title").isEmpty()
                    ? d.selectFirst("#total-visitors .value").text() : d.selectFirst("#total-visitors .value").attr("title"));
            String convertedText = d.selectFirst("#total-converting_visitors .value").attr("title").isEmpty()
                    ? d.selectFirst("#total-converting_visitors .value").text() : d.selectFirst("#total-converting_visitors .value").attr("title");
            if (Long.parseLong(convertedText) > visitors) wrong.add("totals" + view + ": " + convertedText + " converted of " + visitors);
            String rateText = d.selectFirst("#total-conversion_rate .value").text().replace("%", "");
            if (new BigDecimal(rateText).compareTo(HUNDRED) > 0) wrong.add("totals" + view + ": rate " + rateText);
        }
        assertThat(rows).as("rows checked").isGreaterThan(500);
        assertThat(wrong).isEmpty();
    }

    @Test
    void eachPostPagesRateIsAShareOfItsVisitors() {
        var posts = outpost.get("/api/v1/posts?site=" + DemoCommand.DOMAIN).json().get("posts");
        assertThat(posts.size()).isGreaterThan(10);
        for (var p : posts) {
            Document d = Jsoup.parse(owner.get(BASE + "/posts/" + p.get("id").asText()).body());
            for (var fact : d.select(".totals .total")) {
                if (!fact.selectFirst(".label").text().equals("Conversion rate")) continue;
                String rate = fact.selectFirst(".value").text();
                assertThat(rate.equals("—") || new BigDecimal(rate.replace("%", "")).compareTo(HUNDRED) <= 0)
                        .as(p.get("title").asText() + ": " + rate).isTrue();
            }
        }
    }

    private static BigDecimal number(String s) {
        return s.isEmpty() ? BigDecimal.ZERO : new BigDecimal(s);
    }
}
