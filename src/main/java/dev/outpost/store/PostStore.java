package dev.outpost.store;

import dev.outpost.domain.Post;
import dev.outpost.domain.Slugs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Posts, their landing URLs (post_targets) and the clicks on their tracked links. */
public final class PostStore {
    private static final String SELECT_POSTS = """
            SELECT p.id, p.site_id, s.domain, p.network, p.network_post_id, p.url, p.title, p.published_at,
                   p.campaign, p.slug, p.created_at
            FROM posts p JOIN sites s ON s.id = p.site_id
            """;

    private static final String INSERT_POST = """
            INSERT INTO posts (site_id, network, network_post_id, url, title, published_at, campaign, slug, created_at)
            VALUES (:site, :network, :networkPostId, :url, :title, :publishedAt, :campaign, :slug, :now)
            """;

    private static final String INSERT_TARGET = """
            INSERT INTO post_targets (post_id, position, url, path) VALUES (:post, :position, :url, :path)
            """;

    private static final String UPDATE_POST = """
            UPDATE posts SET title = :title, campaign = :campaign, published_at = :publishedAt WHERE id = :id
            """;

    private static final String INSERT_CLICK = """
            INSERT INTO clicks (post_id, ts, visitor_id, referrer_host) VALUES (:post, :ts, :visitor, :referrerHost)
            """;

    private final Jdbi jdbi;

    public PostStore(Database db) {
        this.jdbi = db.jdbi();
    }

    /** Thrown when a custom slug already belongs to a post. */
    public static final class SlugTaken extends RuntimeException {
        public final String slug;

        SlugTaken(String slug) {
            super("slug already taken: " + slug, null, false, false);
            this.slug = slug;
        }
    }

    /** What else to write in the transaction that stores posts, once they have their ids. */
    @FunctionalInterface
    public interface Alongside {
        void write(Handle h, List<Post> stored);
    }

    /**
     * Stores posts with their targets in one transaction: all of them or none. Posts without a slug
     * get a random one (drawn again on the rare collision); a custom slug already in use is a {@link SlugTaken}.
     */
    public List<Post> insert(List<Post.Draft> drafts, long now) {
        return insert(drafts, now, (h, stored) -> {});
    }

    /** The same, with {@code alongside} written in the same transaction: a failure there stores no post either. */
    public List<Post> insert(List<Post.Draft> drafts, long now, Alongside alongside) {
        try {
            return jdbi.inTransaction(h -> {
                Set<String> used = new HashSet<>();
                List<Long> ids = new ArrayList<>();
                for (Post.Draft d : drafts) {
                    String slug = d.slug();
                    if (slug != null && (used.contains(slug) || slugExists(h, slug))) throw new SlugTaken(slug);
                    while (slug == null || used.contains(slug) || slugExists(h, slug)) slug = Slugs.random();
                    used.add(slug);
                    long id = h.createUpdate(INSERT_POST)
                            .bind("site", d.siteId()).bind("network", d.network()).bind("networkPostId", d.networkPostId())
                            .bind("url", d.url()).bind("title", d.title()).bind("publishedAt", d.publishedAt())
                            .bind("campaign", d.campaign()).bind("slug", slug).bind("now", now)
                            .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                    insertTargets(h, id, d.targets());
                    ids.add(id);
                }
                List<Post> out = new ArrayList<>();
                for (long id : ids) out.add(load(h, "WHERE p.id = :id", Map.of("id", id)).get(0));
                alongside.write(h, out);
                return out;
            });
        } catch (UnableToExecuteStatementException e) {
            // Another node took a custom slug between our check and our insert: the unique key said no.
            for (Post.Draft d : drafts) {
                if (d.slug() != null && bySlug(d.slug()).isPresent()) throw new SlugTaken(d.slug());
            }
            throw e;
        }
    }

    /** Replaces the editable fields and the targets; empty when the post is gone. */
    public Optional<Post> update(long id, String title, String campaign, long publishedAt, List<Post.Target> targets) {
        return jdbi.inTransaction(h -> {
            int n = h.createUpdate(UPDATE_POST).bind("id", id).bind("title", title).bind("campaign", campaign)
                    .bind("publishedAt", publishedAt).execute();
            if (n == 0) return Optional.<Post>empty();
            h.createUpdate("DELETE FROM post_targets WHERE post_id = :id").bind("id", id).execute();
            insertTargets(h, id, targets);
            return load(h, "WHERE p.id = :id", Map.of("id", id)).stream().findFirst();
        });
    }

    /** Deletes a post with its targets and clicks; false when there was no such post. */
    public boolean delete(long id) {
        // Targets and clicks go with it (ON DELETE CASCADE; Database turns SQLite's foreign keys on).
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM posts WHERE id = :id").bind("id", id).execute() > 0);
    }

    /** A site's posts, newest published first. */
    public List<Post> bySite(long siteId) {
        return jdbi.withHandle(h -> load(h, "WHERE p.site_id = :site", Map.of("site", siteId)));
    }

    public Optional<Post> byId(long id) {
        return jdbi.withHandle(h -> load(h, "WHERE p.id = :id", Map.of("id", id))).stream().findFirst();
    }

    public Optional<Post> bySlug(String slug) {
        return jdbi.withHandle(h -> load(h, "WHERE p.slug = :slug", Map.of("slug", slug))).stream().findFirst();
    }

    public void recordClick(long postId, long ts, String visitorId, String referrerHost) {
        jdbi.useHandle(h -> h.createUpdate(INSERT_CLICK).bind("post", postId).bind("ts", ts).bind("visitor", visitorId)
                .bind("referrerHost", referrerHost).execute());
    }

    /** A follow of a tracked link, for {@link #recordClicks}. */
    public record Click(long postId, long ts, String visitorId, String referrerHost) {}

    /** Many clicks in one transaction (the demo traffic generator records a day's at once). */
    public void recordClicks(List<Click> clicks) {
        if (clicks.isEmpty()) return;
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch(INSERT_CLICK);
            for (Click c : clicks) {
                batch.bind("post", c.postId()).bind("ts", c.ts()).bind("visitor", c.visitorId())
                        .bind("referrerHost", c.referrerHost()).add();
            }
            batch.execute();
        });
    }

    /** Follows of the post's tracked link by people. */
    public long clicks(long postId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM clicks WHERE post_id = :id")
                .bind("id", postId).mapTo(Long.class).one());
    }

    /** Distinct visitors among the visits credited to the post. */
    public long visitors(long postId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(DISTINCT visitor_id) FROM sessions WHERE post_id = :id")
                .bind("id", postId).mapTo(Long.class).one());
    }

    /** Distinct visitors of the post's visits by how the visit was matched ("exact", "inferred"). */
    public java.util.Map<String, Long> visitorsByMatch(long postId) {
        return jdbi.withHandle(h -> {
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            h.createQuery("SELECT post_match, COUNT(DISTINCT visitor_id) FROM sessions WHERE post_id = :id GROUP BY post_match")
                    .bind("id", postId).map((rs, ctx) -> java.util.Map.entry(String.valueOf(rs.getString(1)), rs.getLong(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    private static boolean slugExists(Handle h, String slug) {
        return h.createQuery("SELECT COUNT(*) FROM posts WHERE slug = :slug").bind("slug", slug)
                .mapTo(Integer.class).one() > 0;
    }

    private static void insertTargets(Handle h, long postId, List<Post.Target> targets) {
        for (int i = 0; i < targets.size(); i++) {
            h.createUpdate(INSERT_TARGET).bind("post", postId).bind("position", i)
                    .bind("url", targets.get(i).url()).bind("path", targets.get(i).path()).execute();
        }
    }

    private record Row(long id, long siteId, String site, String network, String networkPostId, String url,
                       String title, long publishedAt, String campaign, String slug, long createdAt) {}

    /** Posts matching a WHERE clause over {@code posts p}, with their targets, newest published first. */
    private static List<Post> load(Handle h, String where, Map<String, ?> args) {
        List<Row> rows = h.createQuery(SELECT_POSTS + where + " ORDER BY p.published_at DESC, p.id DESC").bindMap(args)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getLong("site_id"), rs.getString("domain"),
                        rs.getString("network"), rs.getString("network_post_id"), rs.getString("url"),
                        rs.getString("title"), rs.getLong("published_at"), rs.getString("campaign"),
                        rs.getString("slug"), rs.getLong("created_at")))
                .list();
        if (rows.isEmpty()) return List.of();
        Map<Long, List<Post.Target>> targets = new LinkedHashMap<>();
        h.createQuery("SELECT t.post_id, t.url, t.path FROM post_targets t WHERE t.post_id IN (SELECT p.id FROM posts p "
                        + where + ") ORDER BY t.post_id, t.position")
                .bindMap(args)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), new Post.Target(rs.getString(2), rs.getString(3))))
                .forEach(e -> targets.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        List<Post> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Post(r.id, r.siteId, r.site, r.network, r.networkPostId, r.url, r.title, r.publishedAt,
                    r.campaign, r.slug, r.createdAt, targets.getOrDefault(r.id, List.of())));
        }
        return out;
    }
}
