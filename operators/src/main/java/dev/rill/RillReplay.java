package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code replay()}, {@code replay(n)}, {@code replay(maxAge)}: {@code publish()} with a memory.
 * Once connected, the source's values go into a replay history ({@link SinkReplay}: all of them, the
 * last {@code n}, or those younger than {@code maxAge}), and every subscriber, early or late, gets
 * what the history still holds and then the live values, at its own pace. The connection asks the
 * source for {@code prefetch} values ahead of the slowest subscriber, in batches of three quarters
 * of it, so a slow subscriber paces the source and nothing is dropped that a subscriber still has
 * to see; one that cancels stops counting. With no subscriber the source runs {@code prefetch} ahead
 * of the last value and waits: a history never grows without someone to read it, and a subscriber
 * leaving an endless synchronous source does not make its {@code cancel()} run that source for ever.
 *
 * <p>A connection that ended keeps its history and its end for late subscribers (that is {@code
 * cache()}), until {@code connect()} starts a fresh one; a cancelled connection ends the
 * subscribers still there with a {@link CancellationException}.
 *
 * <p>Threading: connections are created and replaced under this object's monitor; the history
 * serializes its writers and each subscriber drains on its own ({@link SinkReplay}); requests to
 * the source are serialized by the connection's work-in-progress counter.
 */
final class RillReplay<T> extends ConnectableRill<T> {

    private final Rill<? extends T> source;
    private final int history;
    private final long maxAgeNanos;
    private final Scheduler clock;
    private final int prefetch;
    /** Guarded by this: the connection new subscribers join. */
    private Connection<T> current;

    RillReplay(Rill<? extends T> source, int history, long maxAgeNanos, Scheduler clock, int prefetch) {
        this.source = source;
        this.history = history;
        this.maxAgeNanos = maxAgeNanos;
        this.clock = clock;
        this.prefetch = prefetch;
    }

    private synchronized Connection<T> current() {
        Connection<T> c = current;
        if (c == null || c.isCancelled()) {
            c = new Connection<>(this);
            current = c;
        }
        return c;
    }

    @Override
    synchronized void reset() {
        if (current != null && current.isOver()) {
            current = null;
        }
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        current().history.subscribe(s);
    }

    @Override
    public Cancellable connect() {
        Connection<T> c;
        synchronized (this) {
            c = current();
            if (c.isOver()) {
                c = new Connection<>(this); // the last one ended: start again with a fresh history
                current = c;
            }
        }
        if (c.markConnected()) {
            source.subscribe(c);
        }
        return c;
    }

    /** One subscription to the source, its history, and the pacing of its requests. */
    static final class Connection<T> implements CoreSubscriber<T>, Cancellable {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle CONNECTED = Handles.field(MethodHandles.lookup(), "connected", int.class);
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);

        final SinkReplay<T> history;
        private final int prefetch;
        private final int batch;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int connected;
        @SuppressWarnings("unused")
        private volatile int wip;
        private volatile boolean cancelled;
        /** Serialized by {@link #WIP}: the place in the sequence the source was asked up to. */
        private long requested;

        Connection(RillReplay<T> parent) {
            this.history = new SinkReplay<>(parent.history, parent.maxAgeNanos, parent.clock, this::pace);
            this.prefetch = parent.prefetch;
            this.batch = Math.max(1, prefetch - (prefetch >> 2));
        }

        boolean markConnected() {
            return CONNECTED.compareAndSet(this, 0, 1);
        }

        boolean isOver() {
            return history.isDone();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                pace();
            }
        }

        @Override
        public void onNext(T t) {
            history.tryEmitNext(t);
        }

        @Override
        public void onError(Throwable t) {
            history.tryEmitError(t);
        }

        @Override
        public void onComplete() {
            history.tryEmitComplete();
        }

        /** Disconnects: the source is cancelled and the subscribers still here are told. */
        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            Subscriptions.cancel(UPSTREAM, this);
            history.tryEmitError(new CancellationException("replay: the connection was cancelled"));
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        /**
         * Asks the source for values up to {@code prefetch} past the slowest subscriber, once that
         * is a batch more than it was asked for; called whenever a subscriber moved on or left.
         */
        private void pace() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            do {
                Subscription s = upstream;
                if (s != null && !cancelled && !history.isDone()) {
                    long target = history.slowest() + prefetch;
                    long more = target - requested;
                    if (more >= batch) {
                        requested = target;
                        s.request(more);
                    }
                }
                missed = Wip.leave(WIP, this, missed);
            } while (missed != 0);
        }
    }
}
