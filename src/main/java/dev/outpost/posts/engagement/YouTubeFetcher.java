package dev.outpost.posts.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.attribution.PostUrls;
import dev.outpost.domain.Post;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * YouTube: the Data API's {@code videos?part=statistics} with the owner's API key (one quota unit a call). Only
 * built when {@code OUTPOST_YOUTUBE_API_KEY} is set. Comments and likes, either of which a channel can hide;
 * the API has no shares.
 */
final class YouTubeFetcher extends NetworkFetcher {
    private final String key;

    YouTubeFetcher(FetchClient client, URI base, String key) {
        super(PostUrls.YOUTUBE, client, base);
        this.key = key;
    }

    @Override
    public Counts fetch(Post post) throws FetchException, InterruptedException {
        String id = id(post, "[A-Za-z0-9_-]{11}", "video id");
        URI base = base(post);
        // The key rides in the query: error messages name the host only, never this URL.
        URI uri = URI.create(base + "/youtube/v3/videos?part=statistics&id=" + id
                + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        String host = base.getHost();
        FetchClient.Response r = client.get(uri);
        if (r.status() == 400 || r.status() == 403) {
            // "keyInvalid", "quotaExceeded", "accessNotConfigured": the owner can act on the reason, so show it.
            throw FetchException.retry(host + " answered " + r.status() + reason(r.body()));
        }
        JsonNode answer = FetchClient.json(uri, r);
        JsonNode items = answer.get("items");
        if (items == null || !items.isArray()) throw FetchException.retry(host + ": malformed answer, no items list");
        // Deleted and private videos are simply not listed.
        if (items.isEmpty()) throw FetchException.gone(host + ": the video is deleted or private");
        JsonNode stats = Json.object(items.get(0), "statistics", host);
        return new Counts(Json.optionalCount(stats, "commentCount", host), null, Json.optionalCount(stats, "likeCount", host));
    }

    private static String reason(String body) {
        try {
            JsonNode reason = FetchClient.JSON.readTree(body)
                    .path("error").path("errors").path(0).path("reason");
            return reason.isTextual() && reason.textValue().matches("[A-Za-z]{1,60}") ? " (" + reason.textValue() + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
