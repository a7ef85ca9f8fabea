package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.support.TestOutpost;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that announce a body and then send it a byte at a time (or never) must not hold the
 * request threads: everyone else is still served. The load figure (hundreds of such sockets under
 * beacon load) is in bench/slow-clients.sh.
 */
class SlowClientsTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void site() {
        outpost.createSite("slow.example");
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) s.close();
    }

    /** Opens a connection and sends a request's head and the first byte of a body it never finishes. */
    private Socket stalled(String method, String path, String contentType) throws IOException {
        URI base = URI.create(outpost.baseUrl());
        Socket s = new Socket(base.getHost(), base.getPort());
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: slow.example\r\nContent-Type: " + contentType
                + "\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private void stallEveryKindOfRoute(int each) throws IOException {
        for (int i = 0; i < each; i++) {
            stalled("POST", "/api/event", "application/json");
            stalled("POST", "/login", "application/x-www-form-urlencoded");
            stalled("POST", "/api/v1/posts", "application/json");
        }
    }

    @Test
    void stalledBodiesLeaveEveryoneElseServed() throws Exception {
        // Several times more stalled requests than the server has request threads (16 on this machine).
        stallEveryKindOfRoute(40);
        Thread.sleep(500); // let the server take them all up

        long start = System.nanoTime();
        assertThat(outpost.get("/healthz").status()).isEqualTo(200);
        assertThat(outpost.get("/setup").status()).isEqualTo(200);
        assertThat(outpost.get("/js/outpost.js").status()).isEqualTo(200);
        assertThat(outpost.beacon("{\"site\":\"slow.example\",\"url\":\"https://slow.example/\"}").status()).isEqualTo(202);
        assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
    }

    @Test
    void aBodySentSlowlyButCompletelyIsStillServed() throws Exception {
        URI base = URI.create(outpost.baseUrl());
        byte[] body = "{\"site\":\"slow.example\",\"url\":\"https://slow.example/slow\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/event HTTP/1.1\r\nHost: slow.example\r\nContent-Type: application/json\r\nConnection: close"
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < body.length; i += 16) {
                out.write(body, i, Math.min(16, body.length - i));
                out.flush();
                Thread.sleep(50);
            }
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 202");
        }
    }

    @Test
    void aBodyOverTheServersLimitIsRefusedUnreadWithJson() throws Exception {
        URI base = URI.create(outpost.baseUrl());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/posts/import?site=slow.example HTTP/1.1\r\nHost: slow.example\r\nContent-Type: text/csv"
                    + "\r\nContent-Length: 50000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            // Sends a little over the limit and then stops: the answer must not wait for the rest.
            for (int i = 0; i < 40; i++) out.write(chunk);
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("{\"error\":\"body: larger than 2097152 bytes\"}");
        }
    }
}
