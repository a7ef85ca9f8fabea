package dev.outpost.posts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostImportTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    @BeforeAll
    static void sites() {
        outpost.createSite("import.example", "import-example.netlify.app");
        outpost.createSite("bad-import.example");
    }

    private static TestOutpost.Response upload(String site, String csv, String contentType) {
        return outpost.send("POST", "/api/v1/posts/import?site=" + site, csv,
                Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY, "Content-Type", contentType));
    }

    private static int stored(String site) {
        return outpost.get("/api/v1/posts?site=" + site).json().get("posts").size();
    }

    @Test
    void importsEveryRowWithQuotedFieldsAndSeveralTargets() {
        String csv = "\uFEFFurl,target,title,published_at,campaign\r\n"
                + "https://www.reddit.com/r/selfhosted/comments/1abcde/outpost/,https://import.example/a,"
                + "\"Outpost, \"\"self-hosted\"\"\",2026-11-20,launch\r\n"
                + "https://x.com/me/status/123,\"https://import.example/b | https://import-example.netlify.app/c\",,"
                + "2026-11-21T08:30:00Z,\r\n";
        var r = upload("import.example", csv, "text/csv; charset=utf-8");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("imported").asInt()).isEqualTo(2);
        JsonNode first = r.json().get("posts").get(0);
        assertThat(first.get("network").asText()).isEqualTo("Reddit");
        assertThat(first.get("network_post_id").asText()).isEqualTo("1abcde");
        assertThat(first.get("title").asText()).isEqualTo("Outpost, \"self-hosted\"");
        assertThat(first.get("published_at").asText()).isEqualTo("2026-11-20T00:00:00Z");
        assertThat(first.get("campaign").asText()).isEqualTo("launch");
        JsonNode second = r.json().get("posts").get(1);
        assertThat(second.get("targets")).extracting(JsonNode::asText)
                .containsExactly("https://import.example/b", "https://import-example.netlify.app/c");
        assertThat(second.get("title").isNull()).isTrue();
        assertThat(second.get("campaign").isNull()).isTrue();
        assertThat(second.get("slug").asText()).isNotEqualTo(first.get("slug").asText());
        assertThat(stored("import.example")).isEqualTo(2);
    }

    @Test
    void aBadLineNamesItsLineAndFieldAndLeavesNothingStored() {
        String csv = """
                url,target,title
                https://x.com/me/status/1,https://bad-import.example/ok,"first
                title on two lines"
                https://x.com/me/status/2,https://elsewhere.example/,second
                """;
        var r = upload("bad-import.example", csv, "text/csv");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).startsWith("line 4: target: host 'elsewhere.example' is not bad-import.example");
        assertThat(stored("bad-import.example")).isZero();
        var fixed = upload("bad-import.example", csv.replace("elsewhere.example", "bad-import.example"), "text/csv");
        assertThat(fixed.json().get("posts").get(0).get("title").asText()).isEqualTo("first title on two lines");
        outpost.send("DELETE", "/api/v1/posts/" + fixed.json().get("posts").get(0).get("id").asLong(), null,
                Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY));
        outpost.send("DELETE", "/api/v1/posts/" + fixed.json().get("posts").get(1).get("id").asLong(), null,
                Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY));

        var missing = upload("bad-import.example", "url,target\nhttps://x.com/me/status/1,\n", "text/csv");
        assertThat(missing.json().get("error").asText()).startsWith("line 2: target: is required");
        var date = upload("bad-import.example", "url,target,published_at\nhttps://x.com/me/status/1,https://bad-import.example/,20.11.2026\n",
                "text/csv");
        assertThat(date.json().get("error").asText()).startsWith("line 2: published_at: '20.11.2026' is not an instant");
        assertThat(stored("bad-import.example")).isZero();
    }

    @Test
    void countsInTheFileAreStoredAsAManualReadingAndBlankCellsStayUnknown() {
        outpost.createSite("counts-import.example");
        String csv = """
                url,target,comments,shares,likes
                https://www.linkedin.com/posts/me_launch-activity-7212345678901234567-abcd,https://counts-import.example/a,12,3,40
                https://x.com/me/status/31,https://counts-import.example/b,0, ,
                https://x.com/me/status/32,https://counts-import.example/c,,,
                """;
        var r = upload("counts-import.example", csv, "text/csv");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode posts = r.json().get("posts");

        JsonNode first = engagement(posts.get(0));
        assertThat(first.get("engagement").get("comments").asLong()).isEqualTo(12);
        assertThat(first.get("engagement").get("shares").asLong()).isEqualTo(3);
        assertThat(first.get("engagement").get("likes").asLong()).isEqualTo(40);
        assertThat(first.get("engagement").get("source").asText()).isEqualTo("manual");
        assertThat(first.get("snapshots")).hasSize(1);

        JsonNode second = engagement(posts.get(1)).get("engagement");
        assertThat(second.get("comments").asLong()).isZero();
        assertThat(second.get("shares").isNull()).as("a blank cell is not known, not 0").isTrue();
        assertThat(second.get("likes").isNull()).isTrue();

        JsonNode third = engagement(posts.get(2));
        assertThat(third.get("snapshots")).as("a row without counts stores no reading").isEmpty();
        assertThat(third.get("engagement").get("comments").isNull()).isTrue();

        // The ratio of the post page uses the imported counts: no visits yet, so 0 visits per 100 engagements.
        JsonNode detail = outpost.get("/api/v1/posts/" + posts.get(0).get("id").asLong()).json();
        assertThat(detail.get("visits_per_100_engagements").asInt()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not a number   | 12k  | line 3: likes: must be a whole number of 0 or more, not '12k'
            negative       | -1   | line 3: likes: must be a whole number of 0 or more, not '-1'
            a fraction     | 1.5  | line 3: likes: must be a whole number of 0 or more, not '1.5'
            too large      | 1000000000001 | line 3: likes: at most 1000000000000
            """)
    void aBadCountNamesLineAndColumnAndStoresNoPostAndNoCount(String name, String likes, String error) {
        String csv = "url,target,comments,likes\n"
                + "https://x.com/me/status/41,https://bad-import.example/a,5,50\n"
                + "https://x.com/me/status/42,https://bad-import.example/b,6," + likes + "\n";
        var r = upload("bad-import.example", csv, "text/csv");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo(error);
        assertThat(stored("bad-import.example")).isZero();
    }

    private static JsonNode engagement(JsonNode post) {
        var r = outpost.get("/api/v1/posts/" + post.get("id").asLong() + "/engagement");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void refusesOtherContentTypesAndUnknownSites() {
        assertThat(upload("import.example", "{}", "application/json").status()).isEqualTo(415);
        var unknown = upload("nowhere.example", "url,target\nhttps://x.com/a,https://nowhere.example/\n", "text/csv");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).startsWith("site: no site 'nowhere.example'");
    }

    @Test
    void refusesAFileLargerThanOneMebibyte() {
        String csv = "url,target\n" + ("https://x.com/me/status/1,https://import.example/" + "x".repeat(60) + "\n").repeat(10_000);
        var r = upload("bad-import.example", csv, "text/csv");
        assertThat(r.status()).isEqualTo(413);
        assertThat(stored("bad-import.example")).isZero();
    }
}
