package dev.outpost.attribution;

import dev.outpost.domain.CandidatePost;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Decides which registered post, if any, a visit came from, by looking at the visit's entry pageview.
 *
 * <p>Rules, first that applies wins:
 * <ol>
 *   <li><b>exact</b> — the visit names the post, checked in this order: the tracked-link parameter
 *       {@code op_post=<slug>}; {@code utm_content} or {@code utm_id} equal to the post's id; either of them
 *       equal to its slug (case-insensitive); a referrer pointing at the post (see below).</li>
 *   <li><b>inferred</b> — the visit's network is known and exactly one post on that network links to the landing
 *       path, published at or before the visit and at most the inference window before it.</li>
 *   <li>otherwise {@link PostMatch#NONE}: the network gets the credit, no post does.</li>
 * </ol>
 * Exact evidence ignores the visit's network and the publication time: a tracked link copied from a Reddit post
 * into a chat still names that post, and a post's recorded time may be a little late.
 *
 * <p>A referrer points at a post when it is on the post's network (or the post URL's host) and either names the
 * same post id as {@link PostUrls#detect} reads it, or its path contains the post URL's path, or it contains the
 * post's network id as a whole token (bounded by anything but a letter or digit). The path rule needs a post path
 * of two or more segments: one-segment paths such as HN's "/item" or YouTube's "/watch" are shared by every post,
 * the id being in the query. Paths and ids are compared ignoring case; with the comparison confined to one network,
 * the chance of two ids differing only in case is negligible, and referrers are often lower-cased by apps.
 *
 * <p>Several posts satisfying the same exact rule (duplicate slugs, a post registered twice) resolve to the one
 * published at or before the visit, then the most recently published, then the lowest id: deterministic, and the
 * best guess at the post that was live when the visitor clicked.
 */
public final class PostMatcher {

    /** The tracked-link redirect appends {@code ?op_post=<slug>}. */
    public static final String TRACKED_PARAM = "op_post";

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(14);

    private final long windowMillis;

    public PostMatcher() {
        this(DEFAULT_WINDOW);
    }

    /** @param inferenceWindow how long after publication a post can still be inferred; zero or more */
    public PostMatcher(Duration inferenceWindow) {
        Objects.requireNonNull(inferenceWindow, "inferenceWindow");
        if (inferenceWindow.isNegative()) {
            throw new IllegalArgumentException("inferenceWindow must not be negative: " + inferenceWindow);
        }
        this.windowMillis = inferenceWindow.toMillis();
    }

    public PostMatch match(VisitEntry visit, List<CandidatePost> posts) {
        Objects.requireNonNull(visit, "visit");
        if (posts == null || posts.isEmpty()) {
            return PostMatch.NONE;
        }
        CandidatePost exact = exact(visit, posts);
        if (exact != null) {
            return new PostMatch(exact.id(), PostMatch.EXACT);
        }
        CandidatePost inferred = inferred(visit, posts);
        return inferred != null ? new PostMatch(inferred.id(), PostMatch.INFERRED) : PostMatch.NONE;
    }

    // ---------------------------------------------------------------- exact

    private static CandidatePost exact(VisitEntry visit, List<CandidatePost> posts) {
        String tracked = Utm.param(visit.params(), TRACKED_PARAM);
        List<String> tags = Stream.of(Utm.param(visit.params(), "utm_content"),
                Utm.param(visit.params(), "utm_id")).filter(Objects::nonNull).toList();
        String rawReferrer = visit.referrer();
        WebUrl referrer = WebUrl.tryParse(rawReferrer);
        PostRef referred = referrer == null ? null : PostUrls.detect(referrer);

        List<Predicate<CandidatePost>> rules = List.of(
                p -> tracked != null && tracked.equalsIgnoreCase(p.slug()),
                p -> tags.contains(Long.toString(p.id())),
                p -> p.slug() != null && tags.stream().anyMatch(t -> t.equalsIgnoreCase(p.slug())),
                p -> referrer != null && pointsAt(referrer, referred, rawReferrer, p));
        Comparator<CandidatePost> preference = preference(visit.ts());
        for (Predicate<CandidatePost> rule : rules) {
            CandidatePost best = posts.stream().filter(rule).min(preference).orElse(null);
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /** Published by the visit first, then the most recent, then the lowest id. */
    private static Comparator<CandidatePost> preference(long ts) {
        return Comparator.<CandidatePost, Boolean>comparing(p -> p.publishedAt() > ts)
                .thenComparing(CandidatePost::publishedAt, Comparator.reverseOrder())
                .thenComparingLong(CandidatePost::id);
    }

    private static boolean pointsAt(WebUrl referrer, PostRef referred, String rawReferrer, CandidatePost post) {
        String postId = post.networkPostId();
        boolean onNetwork = post.network() != null && !post.network().equals(PostRef.OTHER)
                && post.network().equalsIgnoreCase(referred.network());
        if (onNetwork && postId != null && postId.equalsIgnoreCase(referred.postId())) {
            return true; // covers shapes the token rule cannot, e.g. LinkedIn's "/posts/slug-activity-ID-x"
        }
        WebUrl postUrl = WebUrl.tryParse(post.url());
        if (!onNetwork && (postUrl == null || !postUrl.bareHost().equals(referrer.bareHost()))) {
            return false; // "123" or "/blog/launch" on some unrelated site says nothing about this post
        }
        if (postUrl != null && postUrl.segments().size() >= 2
                && referrer.slashedPath().contains(postUrl.slashedPath())) {
            return true;
        }
        return postId != null && !postId.isBlank()
                && containsToken(WebUrl.decode(rawReferrer.strip(), false).toLowerCase(Locale.ROOT),
                        postId.toLowerCase(Locale.ROOT));
    }

    /** True when {@code needle} occurs in {@code haystack} with no letter or digit right before or after it. */
    static boolean containsToken(String haystack, String needle) {
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            int after = at + needle.length();
            boolean startsClean = at == 0 || !Character.isLetterOrDigit(haystack.charAt(at - 1));
            boolean endsClean = after == haystack.length() || !Character.isLetterOrDigit(haystack.charAt(after));
            if (startsClean && endsClean) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- inferred

    private CandidatePost inferred(VisitEntry visit, List<CandidatePost> posts) {
        if (visit.network() == null || visit.path() == null) {
            return null;
        }
        String path = normalisePath(visit.path());
        CandidatePost found = null;
        for (CandidatePost p : posts) {
            long age = visit.ts() - p.publishedAt(); // negative: published after the visit (or overflow)
            if (age < 0 || age > windowMillis || !visit.network().equalsIgnoreCase(p.network()) || !linksTo(p, path)) {
                continue;
            }
            if (found != null && found.id() != p.id()) {
                // A second candidate means NONE. The tie-break "the most recent wins if it was published after
                // every other candidate's window had closed" can never hold here: each candidate o is inside the
                // window at the visit, so o.publishedAt + window >= visit.ts >= the most recent's publishedAt.
                // An older post whose window closed before the visit is no candidate and does not block.
                return null;
            }
            found = p;
        }
        return found;
    }

    private static boolean linksTo(CandidatePost post, String path) {
        for (String landing : post.landingPaths()) {
            if (landing != null && normalisePath(landing).equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** "/blog/post/", "blog/post" and "/blog/post?x#y" are all "/blog/post"; case is kept, paths are case-sensitive. */
    static String normalisePath(String path) {
        int cut = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '?' || path.charAt(i) == '#') {
                cut = i;
                break;
            }
        }
        String p = path.substring(0, cut).strip();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        int end = p.length();
        while (end > 1 && p.charAt(end - 1) == '/') {
            end--;
        }
        return p.substring(0, end);
    }
}
