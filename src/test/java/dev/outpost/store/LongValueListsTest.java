package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.store.QueryStore.Condition;
import dev.outpost.store.QueryStore.Op;
import dev.outpost.store.QueryStore.VisitRow;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code matches} filter goes to SQL as the list of values it matched, which on a big site's pages
 * can be tens of thousands: more than a statement may bind (PostgreSQL: 65535); a long contains list
 * nested its ORs deeper than SQLite allows (1000). Both must still count right.
 */
class LongValueListsTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK);

    static final String ODD = "/it's \"odd\" \\ ünïcode";
    static Database db;
    static long site;

    @BeforeAll
    static void visits() {
        site = outpost.createSite("lists.example").get("id").asLong();
        String[] entries = {"/e1", "/e2", "/e3", ODD.replace("\\", "%5C").replace("\"", "%22").replace(" ", "%20")};
        for (int i = 0; i < entries.length; i++) {
            var r = outpost.beacon("{\"site\":\"lists.example\",\"url\":\"https://lists.example" + entries[i].replace("\"", "\\\"")
                    + "\",\"vid\":\"listvisitor" + i + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(202);
        }
        outpost.exportEvents("lists.example");
        db = Database.open(outpost.jdbcUrl());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void isWithSeventyThousandValuesFindsTheOnesThatExist() {
        assertThat(entries(Op.IS, many("/e2", ODD))).containsExactlyInAnyOrder("/e2", ODD);
    }

    @Test
    void isNotWithSeventyThousandValuesKeepsTheOthers() {
        assertThat(entries(Op.IS_NOT, many("/e2"))).containsExactlyInAnyOrder("/e1", "/e3", ODD);
    }

    @Test
    void containsWithTwelveHundredValuesFindsTheOnesThatExist() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1200; i++) values.add("not-" + i);
        values.addAll(List.of("e3", "\"odd\""));
        assertThat(entries(Op.CONTAINS, values)).containsExactlyInAnyOrder("/e3", ODD);
    }

    @Test
    void aShortListIsBoundValueByValueAndAnswersTheSame() {
        assertThat(entries(Op.IS, List.of("/e2", ODD, "/nowhere"))).containsExactlyInAnyOrder("/e2", ODD);
    }

    private static List<String> many(String... real) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) values.add("/not-a-page-" + i);
        values.addAll(Arrays.asList(real));
        return values;
    }

    private static List<String> entries(Op op, List<String> values) {
        List<VisitRow> rows = new QueryStore(db).visitsStarted(site, 0, Long.MAX_VALUE / 2, new Condition("entry_page", op, values));
        return rows.stream().map(r -> r.get("entry_page")).toList();
    }
}
