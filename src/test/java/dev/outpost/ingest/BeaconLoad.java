package dev.outpost.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.support.TestOutpost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Beacons sent from a few threads until stopped, each to a path of its own, remembering which were
 * accepted (202): what the storage fault tests hold the database to afterwards.
 */
final class BeaconLoad implements AutoCloseable {
    private final String baseUrl;
    private final String site;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tried = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** Starts {@code senders} threads, each sending one beacon at a time with a short pause between them. */
    BeaconLoad(String baseUrl, String site, int senders) {
        this.baseUrl = baseUrl;
        this.site = site;
        for (int t = 0; t < senders; t++) {
            int sender = t;
            Thread thread = new Thread(() -> send(sender), "beacon-load-" + t);
            threads.add(thread);
            thread.start();
        }
    }

    private void send(int sender) {
        for (int n = 0; running; n++) {
            String path = "/load/" + sender + "-" + n;
            tried.incrementAndGet();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/event"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "text/plain").header("User-Agent", TestOutpost.CHROME)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"" + site + "\",\"url\":\"https://" + site + path + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) accepted.add(path);
                else if (r.statusCode() == 503) busy.incrementAndGet();
                else unexpected.add(r.statusCode() + " " + r.body());
                // A pause, so a 2-core machine shared with other work is not only sending beacons.
                Thread.sleep(r.statusCode() == 503 ? 20 : 1);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                unexpected.add(e.toString());
            }
        }
    }

    Set<String> accepted() {
        return accepted;
    }

    /** The accepted beacons (their paths) that are not among these exported events. */
    Set<String> lostFrom(List<JsonNode> exported) {
        Set<String> lost = new HashSet<>(accepted);
        exported.forEach(e -> lost.remove(e.get("path").asText()));
        return lost;
    }

    int tried() {
        return tried.get();
    }

    /** Beacons answered 503 (queue full). */
    int busy() {
        return busy.get();
    }

    /** Answers other than 202 and 503, and failed requests. */
    List<String> unexpected() {
        return unexpected;
    }

    /** Stops sending and waits for the requests under way to be answered. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) t.join();
    }
}
