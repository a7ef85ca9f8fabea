package dev.outpost.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers for people, and CSV cells for spreadsheets. */
class FormatTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(textBlock = """
            0,          0
            7,          7
            999,        999
            1000,       1k
            1234,       1.2k
            1250,       1.3k
            9999,       10k
            12345,      12k
            999499,     999k
            999999,     1M
            1200000,    1.2M
            3400000000, 3.4B
            -1234,      -1.2k
            2.5,        3
            """)
    void countsAreShortened(String n, String shown) {
        assertThat(Format.count(new BigDecimal(n))).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(textBlock = """
            1,        1
            2.500000, 2.5
            0.333333, 0.33
            1500.5,   1.5k
            """)
    void creditKeepsItsFractions(String n, String shown) {
        assertThat(Format.credit(new BigDecimal(n))).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} s → {1}")
    @CsvSource(textBlock = """
            0,    0s
            45,   45s
            60,   1m
            200,  3m 20s
            3600, 1h
            3900, 1h 5m
            """)
    void durationsReadAsMinutesAndSeconds(long seconds, String shown) {
        assertThat(Format.duration(BigDecimal.valueOf(seconds))).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(textBlock = """
            40.00, 40%
            12.50, 12.5%
            33.33, 33.3%
            0.00,  0%
            """)
    void percentagesHaveOneDecimalAtMost(String p, String shown) {
        assertThat(Format.percent(new BigDecimal(p))).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            80.00   | EUR | €80.00
            1234.5  | USD | $1,234.50
            1200    | JPY | ¥1,200
            5       | GBP | £5.00
            """)
    void moneyHasItsCurrency(String amount, String currency, String shown) {
        assertThat(Format.money(new BigDecimal(amount), currency)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0}..{1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-21 | 2026-11-21 | Sat, 21 Nov 2026
            2026-11-15 | 2026-11-21 | 15 Nov – 21 Nov 2026
            2025-12-20 | 2026-01-03 | 20 Dec 2025 – 3 Jan 2026
            """)
    void rangesAreShort(String from, String to, String shown) {
        assertThat(Format.range(LocalDate.parse(from), LocalDate.parse(to))).isEqualTo(shown);
    }

    @ParameterizedTest(name = "[{0}] → [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            plain           | plain
            =1+2            | '=1+2
            +49 30 1234     | '+49 30 1234
            -cmd            | '-cmd
            @SUM(A1)        | '@SUM(A1)
            a,b             | "a,b"
            say "hi"        | "say ""hi""\"
            =HYPERLINK("x") | "'=HYPERLINK(""x"")"
            """)
    void csvCellsAreQuotedAndFormulasNeutralised(String text, String cell) {
        assertThat(Csv.quoted(Csv.cell(text))).isEqualTo(cell);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            -5,    -5
            29.90, 29.90
            """)
    void figuresStayNumbersInCsv(String n, String cell) {
        assertThat(Csv.cell(new BigDecimal(n))).isEqualTo(cell);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(textBlock = """
            0,    1
            1,    1
            3,    5
            7,    10
            11,   20
            150,  200
            4999, 5000
            """)
    void theChartsScaleEndsOnARoundNumber(double max, long top) {
        assertThat(ChartView.niceCeiling(max)).isEqualTo(top);
    }
}
