package dev.outpost.snippet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web site under test: a real HTTP server on 127.0.0.1 (the JDK's), serving pages a test puts
 * in. The same port answers as http://127.0.0.1:PORT (the tracked site) and as
 * http://localhost:PORT (another origin: the "social network" that links to it, and the target of
 * outbound links). Unknown paths get a plain untracked page, paths ending in .pdf or .zip a download.
 */
final class PageServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    /** Per path, the Sec-Purpose header of each request ("" when none): how a prerender shows. */
    private final Map<String, java.util.List<String>> requests = new ConcurrentHashMap<>();

    PageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The tracked site's origin. */
    String site() {
        return "http://127.0.0.1:" + port();
    }

    /** Another origin on the same server: a referrer, or the target of an outbound link. */
    String elsewhere() {
        return "http://localhost:" + port();
    }

    /** The Sec-Purpose headers of the requests for {@code path} so far ("" for an ordinary request). */
    java.util.List<String> requests(String path) {
        return java.util.List.copyOf(requests.getOrDefault(path, java.util.List.of()));
    }

    /** Serves {@code html} at {@code path} (without the query string). */
    void put(String path, String html) {
        pages.put(path, html);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String purpose = ex.getRequestHeaders().getFirst("Sec-Purpose");
            requests.computeIfAbsent(path, p -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(purpose == null ? "" : purpose);
            if (path.equals("/favicon.ico")) {
                ex.sendResponseHeaders(204, -1);
                return;
            }
            if (path.endsWith(".pdf") || path.endsWith(".zip")) {
                byte[] body = "not really a file".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.getResponseHeaders().set("Content-Disposition", "attachment");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            String html = pages.getOrDefault(path,
                    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Elsewhere</title></head>"
                            + "<body><h1 id=\"elsewhere\">Elsewhere</h1></body></html>");
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
