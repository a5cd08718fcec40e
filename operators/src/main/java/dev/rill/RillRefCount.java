package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Handles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code refCount(n)} and {@code refCount(n, grace)} (and so {@code share()}): connects the
 * connectable when {@code n} subscribers are there, and cancels the connection once the last one
 * left (at once, or after {@code grace} if nobody comes back meanwhile). A subscriber after that,
 * or after the source ended, starts a new connection: a fresh subscription to the source.
 *
 * <p>Threading: the count, the connection and the pending disconnect are guarded by this object's
 * monitor; connecting and cancelling happen outside it. A connection made just as the count fell
 * back to zero is cancelled right after it is made, so none is left without subscribers.
 */
final class RillRefCount<T> extends Rill<T> {

    private final ConnectableRill<T> source;
    private final int n;
    private final long graceNanos;
    private final Scheduler scheduler;
    // Guarded by this.
    private int count;
    private Cancellable connection;
    private boolean connecting;
    private Cancellable pendingDisconnect;

    RillRefCount(ConnectableRill<T> source, int n, long graceNanos, Scheduler scheduler) {
        this.source = source;
        this.n = n;
        this.graceNanos = graceNanos;
        this.scheduler = scheduler;
    }

    /** Subscribers reach the connectable through {@link Counted}, which passes everything on. */
    @Override
    boolean reportsBadRequests() {
        return source.reportsBadRequests();
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        boolean connect;
        synchronized (this) {
            if (pendingDisconnect != null) {
                pendingDisconnect.cancel(); // back within the grace: keep the connection
                pendingDisconnect = null;
            }
            if (count == 0 && connection == null && !connecting) {
                source.reset(); // a new round: not the ended connection of the last one
            }
            count++;
            connect = connection == null && !connecting && count >= n;
            connecting |= connect;
        }
        source.subscribe(new Counted<>(s, this));
        if (connect) {
            Cancellable c = source.connect();
            boolean orphan;
            synchronized (this) {
                connecting = false;
                orphan = count == 0;
                connection = orphan ? null : c;
            }
            if (orphan) {
                c.cancel();
            }
        }
    }

    /** A subscriber left (cancelled, or got the end): the last one out disconnects. */
    void release() {
        Cancellable now = null;
        synchronized (this) {
            if (--count != 0 || connection == null) {
                return;
            }
            if (graceNanos == 0) {
                now = connection;
                connection = null;
            } else {
                Cancellable c = connection;
                pendingDisconnect = scheduler.schedule(() -> disconnectAfterGrace(c), graceNanos, TimeUnit.NANOSECONDS);
            }
        }
        if (now != null) {
            now.cancel();
        }
    }

    private void disconnectAfterGrace(Cancellable c) {
        synchronized (this) {
            if (connection != c || count != 0) {
                return; // somebody came back, or a newer connection is in place
            }
            connection = null;
            pendingDisconnect = null;
        }
        c.cancel();
    }

    /** Passes everything through and releases its place once, whichever way it leaves. */
    static final class Counted<T> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle DONE = Handles.field(MethodHandles.lookup(), "done", int.class);

        private final Subscriber<? super T> downstream;
        private final RillRefCount<T> parent;
        private Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int done;

        Counted(Subscriber<? super T> downstream, RillRefCount<T> parent) {
            this.downstream = downstream;
            this.parent = parent;
        }

        private void leave() {
            if (DONE.compareAndSet(this, 0, 1)) {
                parent.release();
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            downstream.onSubscribe(this);
        }

        @Override
        public void onNext(T t) {
            downstream.onNext(t);
        }

        @Override
        public void onError(Throwable t) {
            leave();
            downstream.onError(t);
        }

        @Override
        public void onComplete() {
            leave();
            downstream.onComplete();
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
            leave();
        }
    }
}
