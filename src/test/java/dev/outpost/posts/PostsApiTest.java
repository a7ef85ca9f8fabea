package dev.outpost.posts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.support.TestOutpost;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostsApiTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().with("OUTPOST_BASE_URL", "https://out.example/");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY,
            "Content-Type", "application/json");

    @BeforeAll
    static void sites() {
        var r = outpost.send("POST", "/api/v1/sites", "{\"domain\":\"blog.example\",\"timezone\":\"Europe/Berlin\","
                + "\"aliases\":[\"blog-example.pages.dev\"]}", AUTH);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        outpost.createSite("list.example");
        assertThat(post(body("https://x.com/me/status/1", "https://blog.example/").put("slug", "taken")).status()).isEqualTo(201);
    }

    private static ObjectNode body(String url, String target) {
        return JSON.createObjectNode().put("site", "blog.example").put("url", url).put("target", target);
    }

    private static TestOutpost.Response post(JsonNode body) {
        return outpost.send("POST", "/api/v1/posts", body.toString(), AUTH);
    }

    private static TestOutpost.Response send(String method, String path, String body) {
        return outpost.send(method, path, body, AUTH);
    }

    @Test
    void createsAPostWithItsNetworkPostIdAndTrackedLink() {
        var r = post(body("https://x.com/jane/status/1790000000000000001", "https://www.blog.example/launch?ref=x#top")
                .put("title", "Launch day").put("published_at", "2026-11-20T09:00:00Z").put("campaign", "launch"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode p = r.json();
        assertThat(p.get("id").asLong()).isPositive();
        assertThat(p.get("site").asText()).isEqualTo("blog.example");
        assertThat(p.get("url").asText()).isEqualTo("https://x.com/jane/status/1790000000000000001");
        assertThat(p.get("network").asText()).isEqualTo("X");
        assertThat(p.get("network_post_id").asText()).isEqualTo("1790000000000000001");
        assertThat(p.get("title").asText()).isEqualTo("Launch day");
        assertThat(p.get("published_at").asText()).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(p.get("campaign").asText()).isEqualTo("launch");
        assertThat(p.get("slug").asText()).matches("[2-9a-km-np-z]{7}");
        assertThat(p.get("tracked_url").asText()).isEqualTo("https://out.example/go/" + p.get("slug").asText());
        assertThat(p.get("targets")).extracting(JsonNode::asText).containsExactly("https://www.blog.example/launch?ref=x#top");
        assertThat(p.has("warning")).isFalse();
    }

    @Test
    void takesSeveralTargetsOnTheDomainAndItsAliasesAndACustomSlug() {
        ObjectNode b = JSON.createObjectNode().put("site", "blog.example").put("url", "https://news.ycombinator.com/item?id=4242")
                .put("slug", "hn-launch");
        b.putArray("targets").add("https://blog.example/a").add("https://blog-example.pages.dev/b");
        var r = post(b);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("network").asText()).isEqualTo("Hacker News");
        assertThat(r.json().get("network_post_id").asText()).isEqualTo("4242");
        assertThat(r.json().get("slug").asText()).isEqualTo("hn-launch");
        assertThat(r.json().get("targets")).extracting(JsonNode::asText)
                .containsExactly("https://blog.example/a", "https://blog-example.pages.dev/b");
    }

    @Test
    void readsADayAsTheStartOfThatDayInTheSitesTimeZoneAndDefaultsToNow() {
        var day = post(body("https://x.com/me/status/2", "https://blog.example/").put("published_at", "2026-11-20"));
        assertThat(day.json().get("published_at").asText()).isEqualTo("2026-11-19T23:00:00Z"); // Berlin is UTC+1 in November
        long before = System.currentTimeMillis();
        var now = post(body("https://x.com/me/status/3", "https://blog.example/"));
        long at = java.time.Instant.parse(now.json().get("published_at").asText()).toEpochMilli();
        assertThat(at).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    }

    @Test
    void acceptsAPostOnAnUnknownNetworkWithAWarning() {
        var r = post(body("https://forum.example.org/t/my-thread/123", "https://blog.example/"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("network").asText()).isEqualTo("Other");
        assertThat(r.json().get("network_post_id").isNull()).isTrue();
        assertThat(r.json().get("warning").asText()).startsWith("url: not recognised");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed url         | 400 | {"site":"blog.example","url":"https://","target":"https://blog.example/"}                 | url:
            url with a space      | 400 | {"site":"blog.example","url":"https://x.com/a b","target":"https://blog.example/"}        | url:
            ftp url               | 400 | {"site":"blog.example","url":"ftp://x.com/a","target":"https://blog.example/"}            | url: not an http(s) URL
            missing url           | 400 | {"site":"blog.example","target":"https://blog.example/"}                                  | url: is required
            ftp target            | 400 | {"site":"blog.example","url":"https://x.com/a","target":"ftp://blog.example/f"}           | target: 'ftp://blog.example/f' is not an http(s) URL
            malformed target      | 400 | {"site":"blog.example","url":"https://x.com/a","target":"https://blog.example/a b"}       | target: 'https://blog.example/a b' is not a valid URL
            foreign target host   | 400 | {"site":"blog.example","url":"https://x.com/a","target":"https://evil.example/x"}         | target: host 'evil.example' is not blog.example or one of its aliases
            foreign second target | 400 | {"site":"blog.example","url":"https://x.com/a","targets":["https://blog.example/","https://evil.example/"]} | targets: host 'evil.example'
            missing target        | 400 | {"site":"blog.example","url":"https://x.com/a"}                                           | target: is required
            empty targets         | 400 | {"site":"blog.example","url":"https://x.com/a","targets":[]}                              | targets: is required
            target and targets    | 400 | {"site":"blog.example","url":"https://x.com/a","target":"https://blog.example/","targets":[]} | targets: send either target or targets
            duplicate slug        | 409 | {"site":"blog.example","url":"https://x.com/a","target":"https://blog.example/","slug":"taken"} | slug: 'taken' is already taken
            bad slug              | 400 | {"site":"blog.example","url":"https://x.com/a","target":"https://blog.example/","slug":"No Way"} | slug: 'No Way' must be 3 to 64
            bad published_at      | 400 | {"site":"blog.example","url":"https://x.com/a","target":"https://blog.example/","published_at":"yesterday"} | published_at: 'yesterday' is not an instant
            unknown site          | 404 | {"site":"nowhere.example","url":"https://x.com/a","target":"https://nowhere.example/"}    | site: no site 'nowhere.example'
            missing site          | 400 | {"url":"https://x.com/a","target":"https://blog.example/"}                                | site: is required
            unknown field         | 400 | {"site":"blog.example","url":"https://x.com/a","target":"https://blog.example/","titel":"x"} | titel: unknown field
            title as number       | 400 | {"site":"blog.example","url":"https://x.com/a","target":"https://blog.example/","title":5} | title: must be a string
            malformed JSON        | 400 | {"site":                                                                                  | body: malformed JSON
            """)
    void refusesBadInputNamingTheFieldAndStoresNothing(String name, int status, String body, String error) {
        int before = outpost.get("/api/v1/posts?site=blog.example").json().get("posts").size();
        var r = send("POST", "/api/v1/posts", body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).startsWith(error);
        assertThat(outpost.get("/api/v1/posts?site=blog.example").json().get("posts")).hasSize(before);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/v1/posts/abc   | 400 | id: 'abc' is not a post id
            PATCH  | /api/v1/posts/1x    | 400 | id: '1x' is not a post id
            DELETE | /api/v1/posts/-     | 400 | id: '-' is not a post id
            GET    | /api/v1/posts/99999 | 404 | id: no post 99999
            PATCH  | /api/v1/posts/99999 | 404 | id: no post 99999
            DELETE | /api/v1/posts/99999 | 404 | id: no post 99999
            GET    | /api/v1/posts       | 400 | site: is required
            """)
    void answersABadOrUnknownIdClearly(String method, String path, int status, String error) {
        var r = send(method, path, method.equals("PATCH") ? "{\"title\":\"x\"}" : null);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).startsWith(error);
    }

    @Test
    void listsASitesPostsNewestPublishedFirst() {
        for (String when : new String[] {"2026-01-02T00:00:00Z", "2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z"}) {
            var r = post(JSON.createObjectNode().put("site", "list.example").put("url", "https://x.com/l/status/" + when.charAt(6))
                    .put("target", "https://list.example/").put("published_at", when));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        JsonNode list = outpost.get("/api/v1/posts?site=LIST.example").json();
        assertThat(list.get("site").asText()).isEqualTo("list.example");
        assertThat(list.get("posts")).extracting(p -> p.get("published_at").asText())
                .containsExactly("2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-01-02T00:00:00Z");
        assertThat(outpost.get("/api/v1/posts?site=nowhere.example").status()).isEqualTo(404);
    }

    @Test
    void showsAPostWithItsClicksVisitorsAndConversions() {
        JsonNode created = post(body("https://bsky.app/profile/me.bsky.social/post/3kabc", "https://blog.example/b")).json();
        var r = outpost.get("/api/v1/posts/" + created.get("id").asLong());
        assertThat(r.status()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.get("network").asText()).isEqualTo("Bluesky");
        assertThat(p.get("slug").asText()).isEqualTo(created.get("slug").asText());
        assertThat(p.get("clicks").asLong()).isZero();
        assertThat(p.get("visitors").asLong()).isZero();
        assertThat(p.get("conversions").asLong()).isZero();
    }

    @Test
    void patchChangesTitleCampaignPublishedAtAndTargetsOnly() {
        JsonNode created = post(body("https://x.com/me/status/77", "https://blog.example/old").put("title", "Old")
                .put("campaign", "c1")).json();
        String path = "/api/v1/posts/" + created.get("id").asLong();
        var r = send("PATCH", path, "{\"title\":\"New\",\"campaign\":null,\"published_at\":\"2026-05-01T10:00:00+02:00\","
                + "\"targets\":[\"https://blog.example/new\",\"https://blog.example/other\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode p = outpost.get(path).json();
        assertThat(p.get("title").asText()).isEqualTo("New");
        assertThat(p.get("campaign").isNull()).isTrue();
        assertThat(p.get("published_at").asText()).isEqualTo("2026-05-01T08:00:00Z");
        assertThat(p.get("targets")).extracting(JsonNode::asText).containsExactly("https://blog.example/new", "https://blog.example/other");
        assertThat(p.get("slug").asText()).isEqualTo(created.get("slug").asText());
        assertThat(p.get("url").asText()).isEqualTo("https://x.com/me/status/77");

        var titleOnly = send("PATCH", path, "{\"title\":\"Newer\"}");
        assertThat(titleOnly.json().get("targets")).hasSize(2);
        assertThat(titleOnly.json().get("published_at").asText()).isEqualTo("2026-05-01T08:00:00Z");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            foreign target        | {"target":"https://evil.example/"}        | target: host 'evil.example'
            no targets            | {"targets":[]}                            | targets: is required
            bad published_at      | {"published_at":"2026-13-01"}             | published_at: '2026-13-01' is not an instant
            removed published_at  | {"published_at":null}                     | published_at: cannot be removed
            url                   | {"url":"https://x.com/me/status/1"}       | url: cannot be changed
            slug                  | {"slug":"another"}                        | slug: cannot be changed
            nothing               | {}                                        | body: nothing to change
            """)
    void patchRefusesBadChangesAndKeepsThePost(String name, String body, String error) {
        JsonNode created = post(body("https://x.com/me/status/88", "https://blog.example/keep").put("title", "Keep")).json();
        String path = "/api/v1/posts/" + created.get("id").asLong();
        var r = send("PATCH", path, body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).startsWith(error);
        JsonNode p = outpost.get(path).json();
        assertThat(p.get("targets")).extracting(JsonNode::asText).containsExactly("https://blog.example/keep");
        assertThat(p.get("published_at").asText()).isEqualTo(created.get("published_at").asText());
    }

    @Test
    void deleteRemovesThePostAndItsTrackedLink() {
        JsonNode created = post(body("https://x.com/me/status/99", "https://blog.example/")).json();
        String path = "/api/v1/posts/" + created.get("id").asLong();
        var r = send("DELETE", path, null);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(outpost.get(path).status()).isEqualTo(404);
        assertThat(send("DELETE", path, null).status()).isEqualTo(404);
        assertThat(outpost.send("GET", "/go/" + created.get("slug").asText(), null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void asksForTheAdminKey() {
        assertThat(outpost.send("GET", "/api/v1/posts?site=blog.example", null, Map.of()).status()).isEqualTo(401);
        assertThat(outpost.send("POST", "/api/v1/posts/import?site=blog.example", "url,target\n", Map.of()).status())
                .isEqualTo(401);
    }
}
