package dev.outpost.posts.engagement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a limit, and can be cancelled: a host sending an endless or trickling body must
 * neither fill the heap nor hold a thread past its timeout.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The body grew past the limit. */
    static final class TooLarge extends IOException {
        TooLarge(int limit) {
            super("answer larger than " + limit / 1024 + " KiB", null);
        }
    }

    private final int limit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    CappedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) s.cancel();
        else s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            if (out.size() + b.remaining() > limit) {
                result.completeExceptionally(new TooLarge(limit));
                cancel();
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    /** Stops reading; the connection is closed rather than reused. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
        result.completeExceptionally(new IOException("cancelled"));
    }
}
