package dev.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.MutableClock;
import dev.outpost.support.TestOutpost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Visits are built as events are stored, and carry the post that brought them. */
class SessionsTest {
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @RegisterExtension
    static TestOutpost outpost = new TestOutpost().withClock(CLOCK).with("OUTPOST_TRUSTED_PROXIES", "127.0.0.1");

    static long redditPost;

    @BeforeAll
    static void postsOnAnOutpost() {
        long site = outpost.createSite("visits.example").get("id").asLong();
        try (Database db = Database.open(outpost.jdbcUrl())) {
            redditPost = addPost(db, site, "Reddit", "abc123", "https://www.reddit.com/r/java/comments/abc123/my_post/",
                    "rdtslug", "/launch", Instant.parse("2026-11-18T09:00:00Z"));
            addPost(db, site, "X", "1790000000000000000", "https://x.com/me/status/1790000000000000000",
                    "xslug01", "/launch", Instant.parse("2026-11-19T09:00:00Z"));
        }
    }

    static long addPost(Database db, long site, String network, String postId, String url, String slug, String path, Instant published) {
        return db.jdbi().inTransaction(h -> {
            long id = h.createUpdate("INSERT INTO posts (site_id, network, network_post_id, url, published_at, slug, created_at) "
                            + "VALUES (:s, :n, :pid, :u, :p, :slug, 0)")
                    .bind("s", site).bind("n", network).bind("pid", postId).bind("u", url)
                    .bind("p", published.toEpochMilli()).bind("slug", slug)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            h.createUpdate("INSERT INTO post_targets (post_id, position, url, path) VALUES (:id, 0, :u, :p)")
                    .bind("id", id).bind("u", "https://visits.example" + path).bind("p", path).execute();
            return id;
        });
    }

    private static void hit(String visitorIp, String json) {
        var r = outpost.beacon(json, Map.of("X-Forwarded-For", visitorIp));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    @Test
    void eventsUnderThirtyMinutesApartAreOneVisitAndTheVisitKeepsItsTrackedPost() {
        // op_post is what the tracked link /go/rdtslug appends to the landing URL.
        CLOCK.set(Instant.parse("2026-11-20T10:00:00Z"));
        hit("1.1.1.1", "{\"site\":\"visits.example\",\"url\":\"https://visits.example/launch?op_post=rdtslug\",\"referrer\":\"https://www.reddit.com/\"}");
        CLOCK.advance(Duration.ofMinutes(20));
        hit("1.1.1.1", "{\"site\":\"visits.example\",\"url\":\"https://visits.example/pricing\"}");
        hit("1.1.1.1", "{\"site\":\"visits.example\",\"name\":\"engagement\",\"url\":\"https://visits.example/pricing\",\"engaged_ms\":42000}");
        CLOCK.advance(Duration.ofMinutes(45));
        hit("1.1.1.1", "{\"site\":\"visits.example\",\"url\":\"https://visits.example/docs\"}");

        List<JsonNode> events = outpost.exportEvents("visits.example").stream()
                .filter(e -> e.get("ts").asText().startsWith("2026-11-20T1")).toList();
        assertThat(events).hasSize(4);
        assertThat(events.get(0).get("path").asText()).isEqualTo("/launch");
        long first = events.get(0).get("session_id").asLong();
        assertThat(events.get(1).get("session_id").asLong()).isEqualTo(first);
        assertThat(events.get(2).get("session_id").asLong()).isEqualTo(first);
        assertThat(events.get(3).get("session_id").asLong()).as("a 45-minute gap starts a new visit").isNotEqualTo(first);
        for (int i = 0; i < 3; i++) {
            assertThat(events.get(i).get("post_id").asLong()).isEqualTo(redditPost);
            assertThat(events.get(i).get("post_match").asText()).isEqualTo("exact");
        }
        assertThat(events.get(3).get("post_id").isNull()).isTrue();

        try (Database db = Database.open(outpost.jdbcUrl())) {
            Map<String, Object> visit = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT pageviews, events, engaged_ms, network, entry_path FROM sessions WHERE id = :id").bind("id", first).mapToMap().one());
            assertThat(((Number) visit.get("pageviews")).intValue()).isEqualTo(2);
            assertThat(((Number) visit.get("events")).intValue()).isEqualTo(3);
            assertThat(((Number) visit.get("engaged_ms")).longValue()).isEqualTo(42000);
            assertThat(visit.get("network")).isEqualTo("Reddit");
            assertThat(visit.get("entry_path")).isEqualTo("/launch");
        }
    }

    @Test
    void aVisitFromTheNetworkOfExactlyOneRecentPostToItsLandingPageIsInferred() {
        CLOCK.set(Instant.parse("2026-11-21T12:00:00Z"));
        hit("2.2.2.2", "{\"site\":\"visits.example\",\"url\":\"https://visits.example/launch\",\"referrer\":\"https://old.reddit.com/\"}");
        // Same page from X: one X post links there too. From Bluesky: no post, the network alone.
        hit("3.3.3.3", "{\"site\":\"visits.example\",\"url\":\"https://visits.example/launch\",\"referrer\":\"https://t.co/\"}");
        hit("4.4.4.4", "{\"site\":\"visits.example\",\"url\":\"https://visits.example/launch\",\"referrer\":\"https://bsky.app/\"}");
        List<JsonNode> events = outpost.exportEvents("visits.example").stream()
                .filter(e -> e.get("ts").asText().startsWith("2026-11-21")).toList();
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("post_id").asLong()).isEqualTo(redditPost);
        assertThat(events.get(0).get("post_match").asText()).isEqualTo("inferred");
        assertThat(events.get(1).get("post_match").asText()).isEqualTo("inferred");
        assertThat(events.get(1).get("post_id").asLong()).isNotEqualTo(redditPost);
        assertThat(events.get(2).get("post_id").isNull()).isTrue();
        assertThat(events.get(2).get("post_match").isNull()).isTrue();
        assertThat(events.get(2).get("network").asText()).isEqualTo("Bluesky");
    }
}
