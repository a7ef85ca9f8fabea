package dev.outpost.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.web.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostCsvTest {
    private static List<String> fields(PostCsv.Record r) {
        return r.fields();
    }

    @Test
    void splitsPlainFieldsAndLines() {
        var records = PostCsv.records("a,b,c\n1,2,3\n");
        assertThat(records).extracting(PostCsvTest::fields).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"));
    }

    @Test
    void readsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks() {
        var records = PostCsv.records("url,title\r\n\"https://x.com/a?b=1,2\",\"Say \"\"hi\"\", then\r\nleave\"\r\n");
        assertThat(records).hasSize(2);
        assertThat(fields(records.get(1))).containsExactly("https://x.com/a?b=1,2", "Say \"hi\", then\r\nleave");
    }

    @Test
    void numbersRecordsByTheLineTheyStartOnCountingLineBreaksInsideQuotes() {
        var records = PostCsv.records("h1,h2\r\n\"two\nlines\",x\r\n\r\nlast,y");
        assertThat(records).extracting(PostCsv.Record::line).containsExactly(1, 2, 5);
        assertThat(fields(records.get(2))).containsExactly("last", "y");
    }

    @Test
    void keepsEmptyFieldsAndSkipsBlankLines() {
        var records = PostCsv.records("a,,c\n\n,\n\"\"\n");
        assertThat(records).extracting(PostCsvTest::fields)
                .containsExactly(List.of("a", "", "c"), List.of("", ""), List.of(""));
    }

    @Test
    void toleratesBlanksAfterAClosingQuote() {
        assertThat(fields(PostCsv.records("\"a\" ,b").get(0))).containsExactly("a", "b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unterminated quote           | 'a,b\\n1,"open\\nstill open'     | line 2: a quoted field is never closed
            quote inside a plain field   | 'a,b\\n1,ab"c'                   | line 2: a double quote inside an unquoted field
            text after a closing quote   | 'a,b\\n1,"ab"c'                  | line 2: text after a closing double quote
            """)
    void refusesBrokenQuotingNamingTheLine(String name, String csv, String error) {
        assertThatThrownBy(() -> PostCsv.records(csv.replace("\\n", "\n")))
                .isInstanceOf(ApiError.class).hasMessageStartingWith(error);
    }

    @Test
    void mapsRowsByTheHeaderInAnyOrderIgnoringCaseAndBlanksInNames() {
        var rows = PostCsv.rows(" Target ,URL,title\nhttps://s.example/a,https://x.com/u/status/1\n");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(0).get("url")).isEqualTo("https://x.com/u/status/1");
        assertThat(rows.get(0).get("target")).isEqualTo("https://s.example/a");
        assertThat(rows.get(0).get("title")).isNull();
        assertThat(rows.get(0).get("campaign")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty file            | ''                                  | body: empty
            header only           | 'url,target\\n'                     | body: no posts after the header row
            unknown column        | 'url,target,author\\nx,y,z'         | line 1: unknown column 'author'; the columns are url,target,title,published_at,campaign,comments,shares,likes
            column twice          | 'url,target,url\\nx,y,z'            | line 1: column 'url' appears twice
            no target column      | 'url,title\\nx,y'                   | line 1: the header has no 'target' column
            too many fields       | 'url,target\\nx,y\\nx,y,z'          | line 3: 3 fields, but the header names only 2 columns
            """)
    void refusesABadFileNamingTheLine(String name, String csv, String error) {
        assertThatThrownBy(() -> PostCsv.rows(csv.replace("\\n", "\n")))
                .isInstanceOf(ApiError.class).hasMessageStartingWith(error);
    }

    @Test
    void acceptsFiveThousandRowsAndRefusesMore() {
        String row = "https://x.com/u/status/1,https://s.example/\n";
        assertThat(PostCsv.rows("url,target\n" + row.repeat(PostCsv.MAX_ROWS))).hasSize(PostCsv.MAX_ROWS);
        assertThatThrownBy(() -> PostCsv.rows("url,target\n" + row.repeat(PostCsv.MAX_ROWS + 1)))
                .hasMessageStartingWith("body: more than 5000 rows");
    }

    @Test
    void decodesUtf8WithoutTheByteOrderMarkAndRefusesOtherEncodingsAndLargeFiles() {
        byte[] bom = "\uFEFFurl,target\ntitel,ü".getBytes(StandardCharsets.UTF_8);
        assertThat(PostCsv.decode(bom)).startsWith("url,target").endsWith("ü");
        byte[] latin1 = "url,target\nü".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> PostCsv.decode(latin1)).hasMessageStartingWith("body: not valid UTF-8");
        assertThatThrownBy(() -> PostCsv.decode(new byte[PostCsv.MAX_BYTES + 1]))
                .isInstanceOf(ApiError.class).hasFieldOrPropertyWithValue("status", 413);
    }
}
