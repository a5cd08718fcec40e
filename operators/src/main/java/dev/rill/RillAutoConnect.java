package dev.rill;

import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscriber;

/**
 * {@code autoConnect(n)}: subscribers go to the connectable as they come; the {@code n}th one
 * connects it, once. Threading: subscribe from any thread (a counter decides who connects).
 */
final class RillAutoConnect<T> extends Rill<T> {

    private final ConnectableRill<T> source;
    private final AtomicInteger remaining;

    RillAutoConnect(ConnectableRill<T> source, int n) {
        this.source = source;
        this.remaining = new AtomicInteger(n);
    }

    /** Subscribers go to the connectable as they are: its answer. */
    @Override
    boolean reportsBadRequests() {
        return source.reportsBadRequests();
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        source.subscribe(s);
        if (remaining.decrementAndGet() == 0) {
            source.connect();
        }
    }
}
