package dev.outpost.posts.engagement;

/**
 * Answers shaped like the networks' real ones (trimmed of long fields that nothing reads, never of the structure
 * around the counts), so the fetchers are tested against what they will actually meet.
 */
final class Fixtures {
    private Fixtures() {}

    /** Mastodon 4.x, GET /api/v1/statuses/:id. */
    static final String MASTODON_STATUS = """
            {"id":"113501234567890123","created_at":"2026-11-20T09:00:00.000Z","in_reply_to_id":null,
             "in_reply_to_account_id":null,"sensitive":false,"spoiler_text":"","visibility":"public","language":"en",
             "uri":"https://mastodon.social/users/jane/statuses/113501234567890123",
             "url":"https://mastodon.social/@jane/113501234567890123",
             "replies_count":7,"reblogs_count":23,"favourites_count":112,"edited_at":null,
             "content":"<p>New on the blog: <a href=\\"https://blog.example/launch\\">blog.example/launch</a></p>",
             "reblog":null,"application":{"name":"Web","website":null},
             "account":{"id":"109000000000000001","username":"jane","acct":"jane","display_name":"Jane",
               "locked":false,"bot":false,"discoverable":true,"group":false,"created_at":"2022-11-01T00:00:00.000Z",
               "note":"<p>Writing at blog.example</p>","url":"https://mastodon.social/@jane",
               "avatar":"https://files.mastodon.social/accounts/avatars/original/jane.png",
               "followers_count":1500,"following_count":300,"statuses_count":2400,"last_status_at":"2026-11-20",
               "emojis":[],"fields":[]},
             "media_attachments":[],"mentions":[],"tags":[],"emojis":[],
             "card":{"url":"https://blog.example/launch","title":"Launch day","description":"","type":"link"},
             "poll":null}
            """;

    static final String MASTODON_NOT_FOUND = """
            {"error":"Record not found"}
            """;

    static final String BLUESKY_DID = "did:plc:z72i7hdynmk6r22z27h6tvur";

    /** com.atproto.identity.resolveHandle. */
    static final String BLUESKY_RESOLVED = """
            {"did":"did:plc:z72i7hdynmk6r22z27h6tvur"}
            """;

    static final String BLUESKY_UNRESOLVED = """
            {"error":"InvalidRequest","message":"Unable to resolve handle"}
            """;

    /** app.bsky.feed.getPosts. */
    static final String BLUESKY_POSTS = """
            {"posts":[{"uri":"at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l6oveex3ii2l",
              "cid":"bafyreibmcbe2pwdqwtzzf2i3lcyrdg4iwfvjwqlnmgxkfiyqtt5zkhuxwe",
              "author":{"did":"did:plc:z72i7hdynmk6r22z27h6tvur","handle":"jane.bsky.social","displayName":"Jane",
                "avatar":"https://cdn.bsky.app/img/avatar/plain/did:plc:z72i7hdynmk6r22z27h6tvur/bafkreihhpqbi@jpeg",
                "associated":{"chat":{"allowIncoming":"following"}},"labels":[],"createdAt":"2023-04-12T04:53:57.057Z"},
              "record":{"$type":"app.bsky.feed.post","createdAt":"2026-11-20T09:00:00.000Z",
                "embed":{"$type":"app.bsky.embed.external","external":{"description":"","title":"Launch day",
                  "uri":"https://blog.example/launch"}},"langs":["en"],"text":"New on the blog"},
              "embed":{"$type":"app.bsky.embed.external#view","external":{"uri":"https://blog.example/launch",
                "title":"Launch day","description":""}},
              "replyCount":4,"repostCount":9,"likeCount":51,"quoteCount":2,
              "indexedAt":"2026-11-20T09:00:01.234Z","viewer":{"threadMuted":false,"embeddingDisabled":false},
              "labels":[]}]}
            """;

    static final String BLUESKY_NO_POSTS = """
            {"posts":[]}
            """;

    /** GET /comments/:id.json?limit=1&depth=1: [post listing, comment listing]. */
    static final String REDDIT_THREAD = """
            [{"kind":"Listing","data":{"after":null,"dist":1,"modhash":"","geo_filter":"","children":[
               {"kind":"t3","data":{"approved_at_utc":null,"subreddit":"selfhosted","selftext":"",
                 "author_fullname":"t2_abc123","title":"I built a self-hosted attribution server","name":"t3_1gq2w3e",
                 "upvote_ratio":0.96,"ups":342,"downs":0,"score":342,"num_comments":87,"num_crossposts":3,
                 "id":"1gq2w3e","author":"jane","over_18":false,"locked":false,"removed_by_category":null,
                 "permalink":"/r/selfhosted/comments/1gq2w3e/i_built_a_selfhosted_attribution_server/",
                 "url":"https://blog.example/launch","created_utc":1763629200.0,"subreddit_subscribers":450000}}],
               "before":null}},
             {"kind":"Listing","data":{"after":null,"dist":null,"modhash":"","geo_filter":"","children":[
               {"kind":"t1","data":{"id":"lx1abcd","author":"someone","body":"Nice work!","score":12,"replies":""}},
               {"kind":"more","data":{"count":86,"name":"t1_lx2abcd","id":"lx2abcd","depth":0,"children":["lx2abcd"]}}],
               "before":null}}]
            """;

    static final String REDDIT_NOT_FOUND = """
            {"message":"Not Found","error":404}
            """;

    /** GET /v0/item/:id.json, a story. */
    static final String HN_STORY = """
            {"by":"jane","descendants":71,"id":42424242,"kids":[42424300,42424301,42424302],"score":256,
             "time":1763629200,"title":"Show HN: Outpost – self-hosted traffic attribution","type":"story",
             "url":"https://blog.example/launch"}
            """;

    /** What Firebase keeps of a deleted item. */
    static final String HN_DELETED = """
            {"deleted":true,"id":42424243,"time":1763629200,"type":"story"}
            """;

    /** Lemmy 0.19, GET /api/v3/post?id=. */
    static final String LEMMY_POST = """
            {"post_view":{"post":{"id":123456,"name":"Outpost: self-hosted traffic attribution",
               "url":"https://blog.example/launch","creator_id":42,"community_id":7,"removed":false,"locked":false,
               "published":"2026-11-20T09:00:00.000000Z","deleted":false,"nsfw":false,
               "ap_id":"https://lemmy.world/post/123456","local":true,"language_id":37,"featured_community":false,
               "featured_local":false},
              "creator":{"id":42,"name":"jane","banned":false,"published":"2023-06-01T00:00:00Z",
               "actor_id":"https://lemmy.world/u/jane","local":true,"deleted":false,"bot_account":false,"instance_id":1},
              "community":{"id":7,"name":"selfhosted","title":"Selfhosted","removed":false,
               "published":"2023-06-01T00:00:00Z","nsfw":false,"actor_id":"https://lemmy.world/c/selfhosted",
               "local":true,"hidden":false,"posting_restricted_to_mods":false,"instance_id":1,"visibility":"Public"},
              "creator_banned_from_community":false,"banned_from_community":false,"creator_is_moderator":false,
              "creator_is_admin":false,
              "counts":{"post_id":123456,"comments":19,"score":148,"upvotes":151,"downvotes":3,
               "published":"2026-11-20T09:00:00.000000Z","newest_comment_time":"2026-11-20T12:00:00.000000Z"},
              "subscribed":"NotSubscribed","saved":false,"read":false,"hidden":false,"creator_blocked":false,
              "my_vote":null,"unread_comments":19},
             "community_view":{"community":{"id":7,"name":"selfhosted","title":"Selfhosted"},
              "subscribed":"NotSubscribed","blocked":false,"counts":{"community_id":7,"subscribers":52000}},
             "moderators":[],
             "cross_posts":[{"post":{"id":123999,"name":"Outpost: self-hosted traffic attribution"},
               "counts":{"post_id":123999,"comments":2,"score":10,"upvotes":10,"downvotes":0}}]}
            """;

    static final String LEMMY_NOT_FOUND = """
            {"error":"couldnt_find_post"}
            """;

    /** YouTube Data API v3, GET /youtube/v3/videos?part=statistics. */
    static final String YOUTUBE_VIDEO = """
            {"kind":"youtube#videoListResponse","etag":"fR4ZDmJ3wWbZyVmOb3mS1N2nE3A",
             "items":[{"kind":"youtube#video","etag":"8rS1pUvbvN5ZtQ9SdbRj0xDkWgs","id":"dQw4w9WgXcQ",
               "statistics":{"viewCount":"15234","likeCount":"812","favoriteCount":"0","commentCount":"64"}}],
             "pageInfo":{"totalResults":1,"resultsPerPage":1}}
            """;

    /** A video whose channel turned comments off and hides likes: the fields are simply absent. */
    static final String YOUTUBE_QUIET_VIDEO = """
            {"kind":"youtube#videoListResponse","etag":"x",
             "items":[{"kind":"youtube#video","etag":"y","id":"dQw4w9WgXcQ",
               "statistics":{"viewCount":"15234","favoriteCount":"0"}}],
             "pageInfo":{"totalResults":1,"resultsPerPage":1}}
            """;

    static final String YOUTUBE_NONE = """
            {"kind":"youtube#videoListResponse","etag":"z","items":[],"pageInfo":{"totalResults":0,"resultsPerPage":0}}
            """;

    static final String YOUTUBE_QUOTA = """
            {"error":{"code":403,"message":"The request cannot be completed because you have exceeded your quota.",
              "errors":[{"message":"The request cannot be completed because you have exceeded your quota.",
                "domain":"youtube.quota","reason":"quotaExceeded"}]}}
            """;
}
