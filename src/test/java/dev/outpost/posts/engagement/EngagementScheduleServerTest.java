package dev.outpost.posts.engagement;

import static dev.outpost.posts.engagement.FakeNetwork.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schedule runs with the server, fetches new posts on its own, and stops with it. */
class EngagementScheduleServerTest {
    static final FakeNetwork instance = new FakeNetwork();

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost()
            .with("OUTPOST_ENGAGEMENT_SCHEDULE", "true")
            .with("OUTPOST_ENGAGEMENT_TICK_SECONDS", "1")
            .with("OUTPOST_FETCH_ALLOW_PRIVATE", "true")
            // Every network with a base URL points at the fake one: nothing may reach the internet.
            .with("OUTPOST_BLUESKY_APPVIEW_URL", instance.base())
            .with("OUTPOST_REDDIT_URL", instance.base())
            .with("OUTPOST_HN_URL", instance.base());

    @AfterAll
    static void stop() {
        instance.shutdown();
    }

    @Test
    void theServerFetchesANewPostOnItsOwnAndItsThreadsStopWithIt() throws Exception {
        outpost.createSite("sched-server.example");
        instance.on("/api/v1/statuses/110000000000000001", json(Fixtures.MASTODON_STATUS));
        var r = outpost.send("POST", "/api/v1/posts", "{\"site\":\"sched-server.example\",\"url\":\"" + instance.base()
                        + "/@jane/110000000000000001\",\"target\":\"https://sched-server.example/\"}",
                Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY, "Content-Type", "application/json"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();

        JsonNode e = outpost.get("/api/v1/posts/" + id).json().get("engagement");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (e.get("comments").isNull() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            e = outpost.get("/api/v1/posts/" + id).json().get("engagement");
        }
        assertThat(e.get("comments").asLong()).isEqualTo(7);
        assertThat(e.get("source").asText()).isEqualTo("fetch");
        assertThat(instance.hits("/api/v1/statuses/110000000000000001")).hasSize(1);

        // A clean stop ends the old schedule's threads; the new server has exactly its own.
        outpost.restart();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (SchedulerTest.threads("engagement-tick").size() > 1 && System.nanoTime() < end) Thread.sleep(10);
        assertThat(SchedulerTest.threads("engagement-tick")).hasSize(1);
        assertThat(outpost.get("/api/v1/posts/" + id).json().get("engagement").get("comments").asLong()).isEqualTo(7);
    }
}
