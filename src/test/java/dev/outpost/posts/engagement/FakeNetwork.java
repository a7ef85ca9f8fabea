package dev.outpost.posts.engagement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A network's API on a MockWebServer: answers by exact request target (path and query), in order, the last
 * answer repeating. Anything not set up answers 418, so a wrong path shows up as a clear failure, not as "gone".
 */
final class FakeNetwork extends Dispatcher {
    /** One request as the fake network saw it. */
    record Hit(String target, String userAgent, String accept, long atNanos) {}

    private final Map<String, Deque<MockResponse>> routes = new ConcurrentHashMap<>();
    private final List<Hit> hits = new ArrayList<>();
    final MockWebServer server = new MockWebServer();

    FakeNetwork() {
        server.setDispatcher(this);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "http://localhost:PORT", the base URL to give the server. */
    String base() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    String host() {
        return server.url("/").host();
    }

    int port() {
        return server.getPort();
    }

    FakeNetwork on(String target, MockResponse... answers) {
        routes.put(target, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        synchronized (hits) {
            hits.add(new Hit(request.getTarget(), request.getHeaders().get("User-Agent"), request.getHeaders().get("Accept"),
                    System.nanoTime()));
        }
        Deque<MockResponse> q = routes.get(request.getTarget());
        if (q == null || q.isEmpty()) return json(418, "{\"error\":\"not set up: " + request.getTarget() + "\"}");
        synchronized (q) {
            return q.size() > 1 ? q.poll() : q.peek();
        }
    }

    List<Hit> hits(String target) {
        synchronized (hits) {
            return hits.stream().filter(h -> h.target().equals(target)).toList();
        }
    }

    int hitCount() {
        synchronized (hits) {
            return hits.size();
        }
    }

    void shutdown() {
        server.close();
    }

    static MockResponse json(String body) {
        return json(200, body);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8")
                .body(body).build();
    }
}
