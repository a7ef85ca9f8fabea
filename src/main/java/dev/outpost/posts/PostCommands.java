package dev.outpost.posts;

import dev.outpost.attribution.PostRef;
import dev.outpost.config.Config;
import dev.outpost.domain.Post;
import dev.outpost.site.SiteRegistry;
import dev.outpost.store.Database;
import dev.outpost.store.PostStore;
import dev.outpost.store.SiteStore;
import dev.outpost.web.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's {@code post} commands. Refusals are thrown ({@link ApiError} naming the
 * field, or IllegalArgumentException for a bad option), as for {@code site add}; Main prints them.
 */
public final class PostCommands {
    public static final String USAGE = """
              post add SITE URL --target URL [--target URL]... [--title T] [--published-at T] [--campaign C] [--slug S]
                                          register a post on an outpost and print its tracked link
              post list SITE              list a site's posts, newest first
              post import SITE FILE.csv   add posts from CSV (columns url,target,title,published_at,campaign and the
                                          counts comments,shares,likes): all or none
            """;

    private PostCommands() {}

    /** Runs {@code args} (the words after "post"); 0 when done, 2 with the usage for a malformed command. */
    public static int run(List<String> args, Config config, PrintStream out) {
        String cmd = args.isEmpty() ? "" : args.get(0);
        PostsApi.NewPost add = null;
        if (cmd.equals("add") && args.size() >= 3) {
            add = addArgs(args.subList(1, args.size()));
        } else if (!(cmd.equals("list") && args.size() == 2) && !(cmd.equals("import") && args.size() == 3)) {
            out.print("usage:\n" + USAGE);
            return 2;
        }
        try (Database db = Database.open(config.databaseUrl())) {
            PostsApi api = new PostsApi(new SiteRegistry(new SiteStore(db)), new PostStore(db), config.baseUrl(),
                    Clock.systemUTC(), null);
            switch (cmd) {
                case "add" -> {
                    Post p = api.add(add);
                    out.println("added post " + p.id() + " (" + p.network() + ") to " + p.site() + ". Its tracked link:");
                    out.println(api.trackedUrl(p));
                    if (PostRef.OTHER.equals(p.network())) out.println("warning: " + PostsApi.OTHER_WARNING);
                }
                case "list" -> {
                    for (Post p : api.list(args.get(1))) {
                        out.println(p.id() + "\t" + Instant.ofEpochMilli(p.publishedAt()) + "\t" + p.network() + "\t"
                                + api.trackedUrl(p) + "\t" + p.url() + "\t" + (p.title() == null ? "" : p.title()));
                    }
                }
                default -> {
                    Path file = Path.of(args.get(2));
                    List<Post> added;
                    try {
                        added = api.importCsv(args.get(1), PostCsv.decode(read(file)));
                    } catch (ApiError e) {
                        throw new ApiError(e.status, file + ": " + e.getMessage());
                    }
                    out.println("imported " + added.size() + " posts into " + added.get(0).site() + ":");
                    for (Post p : added) out.println(api.trackedUrl(p) + "\t" + p.url());
                }
            }
        }
        return 0;
    }

    private static PostsApi.NewPost addArgs(List<String> a) {
        String site = a.get(0), url = a.get(1);
        String title = null, publishedAt = null, campaign = null, slug = null;
        List<String> targets = new ArrayList<>();
        for (int i = 2; i < a.size(); i++) {
            String flag = a.get(i);
            if (i + 1 >= a.size()) throw new IllegalArgumentException(flag + " needs a value");
            String v = a.get(++i);
            switch (flag) {
                case "--target" -> targets.add(v);
                case "--title" -> title = v;
                case "--published-at" -> publishedAt = v;
                case "--campaign" -> campaign = v;
                case "--slug" -> slug = v;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new PostsApi.NewPost(site, url, targets, title, publishedAt, campaign, slug);
    }

    /** The file's bytes, at most one past the import limit (PostCsv refuses larger). */
    private static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(PostCsv.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
