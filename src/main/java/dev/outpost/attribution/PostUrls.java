package dev.outpost.attribution;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the network and the post's id from the URL of a post, so that a registered post can be matched to
 * referrers and its engagement fetched later.
 *
 * <p>The network comes from the sources table ({@code sources.txt}), so names here are always the names the
 * classifier gives visits. A known social network without a post parser (Tumblr, Discord ...) is still named,
 * with a null id; any other host is {@link PostRef#OTHER}, except that a path shaped like a Mastodon status is
 * recognised on any host, because every host can be a Mastodon instance.
 *
 * <p>Post ids, by network:
 * <ul>
 *   <li>X: the numeric status id.</li>
 *   <li>Reddit: the base-36 thread id, lower case; for a share link ({@code /r/sub/s/CODE}) the share code,
 *       since the thread behind it is only known after following the redirect.</li>
 *   <li>Hacker News: the item id.</li>
 *   <li>Mastodon: the status id, which is local to the instance in the URL.</li>
 *   <li>Bluesky: {@code handle/rkey} ({@code did:plc:.../rkey} when the URL has a DID): the record key alone
 *       is not unique, and the engagement fetcher needs the handle to resolve the DID.</li>
 *   <li>LinkedIn: the URN, {@code urn:li:activity:ID}, {@code urn:li:share:ID} or {@code urn:li:ugcPost:ID}.</li>
 *   <li>YouTube: the 11-character video id.</li>
 *   <li>Facebook: the post, video or reel id ({@code pfbid...} ids included) or the share / fb.watch code.</li>
 *   <li>Instagram, Threads: the shortcode. TikTok: the video id, or the short-link code.
 *       Pinterest: the pin id, or the pin.it code.</li>
 *   <li>Medium: the trailing hex id of the slug. Substack: the slug. Lemmy: the post id on the instance.</li>
 * </ul>
 * Codes from short links (redd.it is the exception: it carries the real id) are not the canonical id; resolving
 * them needs a network request, which this pure package does not make.
 */
public final class PostUrls {

    /** The networks' names as detection gives them; fetchers and the demo spell them through these. */
    public static final String X = "X";
    public static final String REDDIT = "Reddit";
    public static final String HACKER_NEWS = "Hacker News";
    public static final String MASTODON = "Mastodon";
    public static final String BLUESKY = "Bluesky";
    public static final String LINKEDIN = "LinkedIn";
    public static final String YOUTUBE = "YouTube";
    public static final String FACEBOOK = "Facebook";
    public static final String INSTAGRAM = "Instagram";
    public static final String THREADS = "Threads";
    public static final String TIKTOK = "TikTok";
    public static final String PINTEREST = "Pinterest";
    public static final String MEDIUM = "Medium";
    public static final String SUBSTACK = "Substack";
    public static final String LEMMY = "Lemmy";

    /**
     * Lemmy instances beyond those in sources.txt. Lemmy's {@code /post/123} is far too common a path to be
     * recognised on unknown hosts, so only listed instances count. feddit.de has shut down, but posts linking
     * to it remain.
     */
    private static final Set<String> MORE_LEMMY = Set.of("feddit.de", "feddit.nl", "feddit.it", "feddit.uk",
            "lemmy.one", "lemmy.sdf.org", "lemmygrad.ml", "hexbear.net", "startrek.website", "aussie.zone",
            "jlai.lu", "lemmy.nz", "lemmy.eco.br", "lemmy.kde.social", "lemmynsfw.com");

    private static final Pattern DIGITS = Pattern.compile("\\d{1,25}");
    private static final Pattern BASE36 = Pattern.compile("[A-Za-z0-9]{1,13}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern YOUTUBE_ID = Pattern.compile("[A-Za-z0-9_-]{11}");
    private static final Pattern HEX_SUFFIX = Pattern.compile(".*-([0-9a-f]{8,16})");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{8,16}");
    private static final Pattern MASTODON_ACCOUNT = Pattern.compile("@[A-Za-z0-9_][A-Za-z0-9_.-]*(@[A-Za-z0-9.-]+)?");
    private static final Pattern LINKEDIN_URN = Pattern.compile("urn:li:(activity|share|ugcPost):(\\d+)",
            Pattern.CASE_INSENSITIVE);
    /** "/posts/jane-doe_launch-day-activity-7160000000000000000-AbCd": the type and id inside the slug. */
    private static final Pattern LINKEDIN_SLUG = Pattern.compile("(?:^|[-_])(activity|share|ugcPost)-(\\d{6,})(?:-|$)",
            Pattern.CASE_INSENSITIVE);

    private static final Set<String> REDDIT_OWNERS = Set.of("r", "u", "user");
    private static final Set<String> YOUTUBE_ROUTES = Set.of("shorts", "embed", "live", "v", "e");
    private static final Set<String> FACEBOOK_ROUTES = Set.of("watch", "reel", "reels", "share", "permalink.php",
            "story.php", "photo.php", "photo", "groups");
    private static final Set<String> SHARE_KINDS = Set.of("p", "r", "v");
    private static final Set<String> GROUP_POSTS = Set.of("posts", "permalink");
    private static final Set<String> INSTAGRAM_ROUTES = Set.of("p", "reel", "reels", "tv");
    private static final Set<String> TIKTOK_KINDS = Set.of("video", "photo");

    private PostUrls() {
    }

    /**
     * Detects the network and the post's id on it from the URL of a post.
     *
     * @throws IllegalArgumentException "url: ..." for a malformed or non-http(s) URL (a URL without scheme is
     *                                  refused too: callers add "https://" when they want to be lenient)
     */
    public static PostRef detect(String url) {
        return detect(WebUrl.parse(url));
    }

    static PostRef detect(WebUrl u) {
        String network = network(u);
        if (network == null) {
            String status = mastodonStatus(u.segments());
            return status != null ? new PostRef(MASTODON, status) : new PostRef(PostRef.OTHER, null);
        }
        return new PostRef(network, postId(network, u));
    }

    /** The social network owning the host, or null. */
    private static String network(WebUrl u) {
        String bare = u.bareHost();
        if (MORE_LEMMY.contains(bare)) {
            return LEMMY;
        }
        if (bare.equals("youtube-nocookie.com")) {
            return YOUTUBE; // privacy-enhanced embeds; not a referrer host, so not in sources.txt
        }
        SourceTable.Known known = SourceTable.standard().byHost(u.host());
        return known != null && known.channel() == Channel.SOCIAL ? known.name() : null;
    }

    private static String postId(String network, WebUrl u) {
        return switch (network) {
            case X -> x(u);
            case REDDIT -> reddit(u);
            case HACKER_NEWS -> hackerNews(u);
            case MASTODON -> mastodonStatus(u.segments());
            case BLUESKY -> bluesky(u);
            case LINKEDIN -> linkedIn(u);
            case YOUTUBE -> youTube(u);
            case FACEBOOK -> facebook(u);
            case INSTAGRAM -> instagram(u);
            case THREADS -> threads(u);
            case TIKTOK -> tikTok(u);
            case PINTEREST -> pinterest(u);
            case MEDIUM -> medium(u);
            case SUBSTACK -> substack(u);
            case LEMMY -> lemmy(u);
            default -> null;
        };
    }

    // ---------------------------------------------------------------- networks

    private static String x(WebUrl u) {
        List<String> seg = u.segments();
        if (seg.isEmpty() && u.fragment() != null && u.fragment().startsWith("!/")) {
            seg = WebUrl.segments(u.fragment().substring(1)); // 2010-era "twitter.com/#!/user/status/ID"
        }
        // "/user/status/ID[/photo/1]", "/i/web/status/ID", "/i/status/ID", old "/user/statuses/ID"
        for (int i = 1; i + 1 < seg.size(); i++) {
            String s = seg.get(i);
            if ((s.equalsIgnoreCase("status") || s.equalsIgnoreCase("statuses")) && is(DIGITS, seg.get(i + 1))) {
                return seg.get(i + 1);
            }
        }
        return null;
    }

    private static String reddit(WebUrl u) {
        List<String> seg = u.segments();
        if (u.bareHost().equals("redd.it")) {
            return seg.size() == 1 && is(BASE36, seg.get(0)) ? seg.get(0).toLowerCase(Locale.ROOT) : null;
        }
        for (int i = 0; i + 1 < seg.size(); i++) {
            if (seg.get(i).equalsIgnoreCase("comments") && is(BASE36, seg.get(i + 1))) {
                return seg.get(i + 1).toLowerCase(Locale.ROOT);
            }
        }
        if (seg.size() >= 2 && seg.get(0).equalsIgnoreCase("gallery") && is(BASE36, seg.get(1))) {
            return seg.get(1).toLowerCase(Locale.ROOT); // a gallery shares its thread's id
        }
        // Share links: "/r/sub/s/CODE", "/u/name/s/CODE". Codes are case-sensitive, so kept as they are.
        if (seg.size() >= 4 && REDDIT_OWNERS.contains(seg.get(0).toLowerCase(Locale.ROOT))
                && seg.get(2).equals("s") && is(CODE, seg.get(3))) {
            return seg.get(3);
        }
        return null;
    }

    private static String hackerNews(WebUrl u) {
        if (u.host().equals("news.ycombinator.com") && u.segments().equals(List.of("item"))) {
            String id = u.query().get("id");
            return id != null && is(DIGITS, id) ? id : null;
        }
        return null;
    }

    /** "/@user/ID", "/@user@other.host/ID", "/users/user/statuses/ID", and the old "/web/..." forms. */
    static String mastodonStatus(List<String> seg) {
        if (!seg.isEmpty() && seg.get(0).equals("web")) {
            seg = seg.subList(1, seg.size()); // Mastodon's pre-4.0 web app: "/web/@user/ID", "/web/statuses/ID"
            if (seg.size() == 2 && seg.get(0).equals("statuses") && is(DIGITS, seg.get(1))) {
                return seg.get(1);
            }
        }
        if (seg.size() == 2 && is(MASTODON_ACCOUNT, seg.get(0)) && is(DIGITS, seg.get(1))) {
            return seg.get(1);
        }
        if (seg.size() == 4 && seg.get(0).equals("users") && seg.get(2).equals("statuses") && is(DIGITS, seg.get(3))) {
            return seg.get(3);
        }
        return null;
    }

    private static String bluesky(WebUrl u) {
        List<String> seg = u.segments();
        if (u.bareHost().equals("bsky.app") && seg.size() >= 4 && seg.get(0).equals("profile")
                && seg.get(2).equals("post") && !seg.get(1).isEmpty() && is(CODE, seg.get(3))) {
            String actor = seg.get(1);
            // Handles are case-insensitive and compared lower case; DIDs are kept exactly as written.
            return (actor.startsWith("did:") ? actor : actor.toLowerCase(Locale.ROOT)) + "/" + seg.get(3);
        }
        return null;
    }

    private static String linkedIn(WebUrl u) {
        List<String> seg = u.segments();
        for (String s : seg) { // "/feed/update/urn:li:activity:ID/", "/embed/feed/update/urn:li:share:ID"
            Matcher m = LINKEDIN_URN.matcher(s);
            if (m.matches()) {
                return urn(m.group(1), m.group(2));
            }
        }
        if (seg.size() >= 2 && seg.get(0).equals("posts")) {
            Matcher m = LINKEDIN_SLUG.matcher(seg.get(1));
            if (m.find()) {
                return urn(m.group(1), m.group(2));
            }
        }
        return null;
    }

    private static String urn(String type, String id) {
        String canonical = type.equalsIgnoreCase("ugcPost") ? "ugcPost" : type.toLowerCase(Locale.ROOT);
        return "urn:li:" + canonical + ":" + id;
    }

    private static String youTube(WebUrl u) {
        List<String> seg = u.segments();
        String id = null;
        if (u.bareHost().equals("youtu.be")) {
            id = u.segment(0);
        } else if (seg.size() == 1 && seg.get(0).equals("watch")) {
            id = u.query().get("v");
        } else if (seg.size() >= 2 && YOUTUBE_ROUTES.contains(seg.get(0))) {
            id = seg.get(1);
        }
        return id != null && is(YOUTUBE_ID, id) ? id : null;
    }

    private static String facebook(WebUrl u) {
        List<String> seg = u.segments();
        String first = u.segment(0);
        if (first == null) {
            return null;
        }
        if (u.bareHost().equals("fb.watch")) {
            return code(first);
        }
        String id = switch (first) {
            case "watch" -> digits(u.query().get("v"));
            case "reel", "reels" -> digits(u.segment(1));
            // "/share/p/CODE" (post), "/share/r/CODE" (reel), "/share/v/CODE" (video), "/share/CODE"
            case "share" -> seg.size() >= 3 && SHARE_KINDS.contains(seg.get(1)) ? code(seg.get(2))
                    : seg.size() == 2 ? code(seg.get(1)) : null;
            case "permalink.php", "story.php" -> code(u.query().get("story_fbid"));
            case "photo.php", "photo" -> code(u.query().get("fbid"));
            // "/groups/NAME/posts/ID", "/groups/NAME/permalink/ID"
            case "groups" -> seg.size() >= 4 && GROUP_POSTS.contains(seg.get(2)) ? code(seg.get(3)) : null;
            default -> null;
        };
        if (FACEBOOK_ROUTES.contains(first)) {
            return id; // reserved first segments: no page can be named "watch" or "share"
        }
        if (seg.size() >= 3 && seg.get(1).equals("posts")) {
            return code(seg.get(2)); // "/PAGE/posts/ID" or "/PAGE/posts/pfbid0..."
        }
        if (seg.size() >= 3 && seg.get(1).equals("videos")) {
            for (int i = seg.size() - 1; i >= 2; i--) { // "/PAGE/videos/ID" and "/PAGE/videos/TITLE/ID"
                if (is(DIGITS, seg.get(i))) {
                    return seg.get(i);
                }
            }
        }
        return null;
    }

    private static String instagram(WebUrl u) {
        List<String> seg = u.segments();
        // "/p/CODE", "/reel/CODE", "/tv/CODE", and since 2023 also "/USER/p/CODE"
        for (int i = 0; i <= 1 && i + 1 < seg.size(); i++) {
            if (INSTAGRAM_ROUTES.contains(seg.get(i))) {
                return code(seg.get(i + 1));
            }
        }
        return null;
    }

    private static String threads(WebUrl u) {
        List<String> seg = u.segments();
        if (seg.size() >= 3 && seg.get(0).startsWith("@") && seg.get(1).equals("post")) {
            return code(seg.get(2));
        }
        if (seg.size() >= 2 && seg.get(0).equals("t")) {
            return code(seg.get(1));
        }
        return null;
    }

    private static String tikTok(WebUrl u) {
        List<String> seg = u.segments();
        String host = u.bareHost();
        if (host.equals("vm.tiktok.com") || host.equals("vt.tiktok.com")) {
            return code(u.segment(0));
        }
        if (seg.size() >= 3 && seg.get(0).startsWith("@") && TIKTOK_KINDS.contains(seg.get(1))) {
            return digits(seg.get(2));
        }
        if (seg.size() >= 2 && seg.get(0).equals("t")) {
            return code(seg.get(1));
        }
        if (seg.size() == 2 && seg.get(0).equals("v") && seg.get(1).endsWith(".html")) {
            return digits(seg.get(1).substring(0, seg.get(1).length() - 5)); // m.tiktok.com/v/ID.html
        }
        if (seg.size() >= 2 && seg.get(0).equals("embed")) {
            return digits(seg.get(seg.size() - 1)); // "/embed/ID", "/embed/v2/ID"
        }
        return null;
    }

    private static String pinterest(WebUrl u) {
        if (u.bareHost().equals("pin.it")) {
            return code(u.segment(0));
        }
        return "pin".equals(u.segment(0)) ? code(u.segment(1)) : null;
    }

    private static String medium(WebUrl u) {
        List<String> seg = u.segments();
        if (seg.isEmpty()) {
            return null;
        }
        if (seg.size() == 2 && seg.get(0).equals("p") && is(HEX, seg.get(1))) {
            return seg.get(1); // "medium.com/p/ID", the canonical short form
        }
        // "/@user/slug-ID", "/publication/slug-ID", "pub.medium.com/slug-ID": the id ends the last segment
        Matcher m = HEX_SUFFIX.matcher(seg.get(seg.size() - 1));
        return m.matches() ? m.group(1) : null;
    }

    private static String substack(WebUrl u) {
        List<String> seg = u.segments();
        if (seg.size() >= 2 && seg.get(0).equals("p")) {
            return code(seg.get(1)); // "name.substack.com/p/SLUG"
        }
        if (seg.size() >= 4 && seg.get(0).equals("pub") && seg.get(2).equals("p")) {
            return code(seg.get(3)); // the app's share form, "open.substack.com/pub/NAME/p/SLUG"
        }
        return null;
    }

    private static String lemmy(WebUrl u) {
        return "post".equals(u.segment(0)) ? digits(u.segment(1)) : null;
    }

    // ---------------------------------------------------------------- helpers

    private static boolean is(Pattern p, String s) {
        return s != null && p.matcher(s).matches();
    }

    private static String digits(String s) {
        return is(DIGITS, s) ? s : null;
    }

    private static String code(String s) {
        return is(CODE, s) ? s : null;
    }
}
