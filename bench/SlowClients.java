import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow clients for bench/slow-clients.sh: opens N connections that each announce a body and then
 * send it one byte every few seconds, across the routes that read bodies (beacons, sign-in, the
 * API). Runs: java bench/SlowClients.java PORT COUNT SECONDS [BYTE_EVERY_MS]
 * Prints how many connections the server still held open at the end.
 */
public class SlowClients {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        long every = args.length > 3 ? Long.parseLong(args[3]) : 3000;
        String[][] routes = {
            {"/api/event", "application/json"},
            {"/login", "application/x-www-form-urlencoded"},
            {"/api/v1/posts", "application/json"},
        };
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] r = routes[i % routes.length];
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write(("POST " + r[0] + " HTTP/1.1\r\nHost: bench.example\r\nContent-Type: " + r[1]
                    + "\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            sockets.add(s);
        }
        System.out.println("slow clients: " + count + " connections open, one byte each every " + every + " ms");
        long end = System.currentTimeMillis() + seconds * 1000;
        int open = count;
        while (System.currentTimeMillis() < end) {
            open = 0;
            for (Socket s : sockets) {
                if (s.isClosed()) continue;
                try {
                    OutputStream out = s.getOutputStream();
                    out.write('x');
                    out.flush();
                    open++;
                } catch (Exception e) {
                    s.close();
                }
            }
            Thread.sleep(every);
        }
        System.out.println("slow clients: " + open + " of " + count + " still open after " + seconds + " s");
        for (Socket s : sockets) s.close();
    }
}
