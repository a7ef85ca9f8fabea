package dev.outpost.posts;

import dev.outpost.domain.Post;
import dev.outpost.domain.Slugs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outpost.domain.Site;
import dev.outpost.site.SiteRegistry;
import dev.outpost.store.Database;
import dev.outpost.store.EngagementStore;
import dev.outpost.store.PostStore;
import dev.outpost.store.SiteStore;
import dev.outpost.support.TestDatabases;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store on a real database: whole transactions, slugs, and the numbers a post's page shows. */
class PostStoreTest {
    private static Database db;
    private static PostStore posts;
    private static Site site;

    @BeforeAll
    static void open() {
        db = Database.open(TestDatabases.freshUrl());
        posts = new PostStore(db);
        site = new SiteStore(db).create("store.example", "Store", "UTC", List.of(), 0);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Post.Draft draft(String url, String slug) {
        return new Post.Draft(site.id(), "X", "1", url, null, 1_000, null, slug,
                List.of(new Post.Target("https://store.example/a", "/a"), new Post.Target("https://store.example/b?x=1", "/b")));
    }

    @Test
    void storesAPostWithItsTargetsInOrderAndARandomSlug() {
        Post p = posts.insert(List.of(draft("https://x.com/u/status/1", null)), 5).get(0);
        assertThat(p.slug()).hasSize(Slugs.LENGTH).matches("[" + Slugs.ALPHABET + "]+");
        assertThat(p.site()).isEqualTo("store.example");
        assertThat(p.createdAt()).isEqualTo(5);
        assertThat(p.targets()).extracting(Post.Target::url)
                .containsExactly("https://store.example/a", "https://store.example/b?x=1");
        assertThat(posts.bySlug(p.slug())).contains(p);
        assertThat(posts.byId(p.id())).contains(p);
    }

    @Test
    void whatIsWrittenAlongsideShareThePostsTransaction() {
        int before = posts.bySite(site.id()).size();
        EngagementStore engagement = new EngagementStore(db);
        long[] id = new long[1];
        assertThatThrownBy(() -> posts.insert(List.of(draft("https://x.com/u/status/9", null)), 5, (h, stored) -> {
            id[0] = stored.get(0).id();
            EngagementStore.add(h, new EngagementStore.Snapshot(id[0], 5, 1L, 2L, 3L, "manual"));
            throw new IllegalStateException("the database went away");
        })).hasMessage("the database went away");
        assertThat(posts.bySite(site.id())).hasSize(before);
        assertThat(engagement.history(id[0], 10)).isEmpty();

        Post kept = posts.insert(List.of(draft("https://x.com/u/status/9", null)), 5, (h, stored) ->
                EngagementStore.add(h, new EngagementStore.Snapshot(stored.get(0).id(), 5, 1L, null, 3L, "manual"))).get(0);
        assertThat(engagement.latest(kept.id())).hasValueSatisfying(s -> assertThat(s.shares()).isNull());
    }

    @Test
    void writesNothingWhenOnePostOfABatchFails() {
        int before = posts.bySite(site.id()).size();
        assertThatThrownBy(() -> posts.insert(List.of(draft("https://x.com/u/status/2", "same-slug"),
                draft("https://x.com/u/status/3", "same-slug")), 5))
                .isInstanceOf(PostStore.SlugTaken.class);
        assertThat(posts.bySite(site.id())).hasSize(before);
        assertThat(posts.bySlug("same-slug")).isEmpty();
    }

    @Test
    void randomSlugsAreShortUrlSafeAndWithoutLookAlikes() {
        for (int i = 0; i < 1000; i++) assertThat(Slugs.random()).matches("[2-9a-km-np-z]{7}");
        assertThat(Slugs.ALPHABET).hasSize(32).doesNotContain("0", "1", "o", "l");
    }

    @Test
    void countsClicksVisitorsFromSessionsAndAsksForConversions() {
        Post p = posts.insert(List.of(draft("https://x.com/u/status/4", null)), 5).get(0);
        posts.recordClick(p.id(), 10, "v1", "t.co");
        posts.recordClick(p.id(), 11, "v1", null);
        db.jdbi().useHandle(h -> {
            for (String visitor : List.of("a", "a", "b")) {
                h.createUpdate("""
                        INSERT INTO sessions (site_id, visitor_id, started_at, last_seen, entry_path, channel, post_id,
                            pageviews, events, engaged_ms)
                        VALUES (:site, :visitor, 1, 1, '/a', 'social', :post, 1, 1, 0)
                        """).bind("site", site.id()).bind("visitor", visitor).bind("post", p.id()).execute();
            }
        });
        PostsApi api = new PostsApi(new SiteRegistry(new SiteStore(db)), posts, "https://o.example", Clock.systemUTC(),
                (post, model) -> post.id() == p.id()
                        ? new PostsApi.ConversionCredit.Credit(new java.math.BigDecimal("5"), new java.math.BigDecimal("2.5"))
                        : PostsApi.ConversionCredit.Credit.NONE);
        var view = api.detailView(p);
        assertThat(view).containsEntry("clicks", 2L).containsEntry("visitors", 2L)
                .containsEntry("conversions", new java.math.BigDecimal("7.5"))
                .containsEntry("conversions_exact", new java.math.BigDecimal("5"))
                .containsEntry("conversions_inferred", new java.math.BigDecimal("2.5"))
                .containsEntry("tracked_url", "https://o.example/go/" + p.slug());
    }

    @Test
    void deletingAPostTakesItsTargetsAndClicksWithIt() {
        Post p = posts.insert(List.of(draft("https://x.com/u/status/5", null)), 5).get(0);
        posts.recordClick(p.id(), 10, "v1", null);
        assertThat(posts.delete(p.id())).isTrue();
        assertThat(posts.delete(p.id())).isFalse();
        assertThat(posts.clicks(p.id())).isZero();
        long targets = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM post_targets WHERE post_id = :id")
                .bind("id", p.id()).mapTo(Long.class).one());
        assertThat(targets).isZero();
    }
}
