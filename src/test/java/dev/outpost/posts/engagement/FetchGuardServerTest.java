package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.TestOutpost;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No SSRF through posts: with the default settings, a post URL pointing inside the network is never fetched. */
class FetchGuardServerTest {
    static final FakeNetwork inside = new FakeNetwork();

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().with("OUTPOST_ENGAGEMENT_SCHEDULE", "false");

    @AfterAll
    static void stop() {
        inside.shutdown();
    }

    @Test
    void aMastodonPostOnALoopbackHostIsRefusedAndNotRequested() {
        outpost.createSite("guard.example");
        inside.on("/api/v1/statuses/1234567", json(Fixtures.MASTODON_STATUS));
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY, "Content-Type", "application/json");
        var created = outpost.send("POST", "/api/v1/posts", "{\"site\":\"guard.example\",\"url\":\"" + inside.base()
                + "/@jane/1234567\",\"target\":\"https://guard.example/\"}", auth);
        long id = created.json().get("id").asLong();

        var r = outpost.send("POST", "/api/v1/posts/" + id + "/engagement/refresh", null, auth);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().get("error").asText()).startsWith("fetch: " + inside.host() + ": refused, resolves to the internal address")
                .contains("OUTPOST_FETCH_ALLOW_PRIVATE=true");
        assertThat(inside.hitCount()).isZero();
        var e = outpost.get("/api/v1/posts/" + id).json().get("engagement");
        assertThat(e.get("error").asText()).contains("refused");
        assertThat(e.get("next_fetch_at").isNull()).isTrue(); // no automatic retries against an internal address
    }
}
