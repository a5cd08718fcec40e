package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code publish()}: one subscription to the source, shared by every subscriber once connected.
 * The connection prefetches {@code prefetch} values and asks for more as the slowest subscriber
 * takes them, so nobody is flooded and nothing is dropped. A connection that ended (the source
 * completed or failed) still gives its end to late subscribers, until {@code connect()} starts a
 * new one, as RxJava 3's {@code publish} does; a connection that was cancelled ends its
 * subscribers with a {@link CancellationException}.
 *
 * <p>Threading: each connection runs an emitter loop under its monitor (as {@link SinkMulticast}
 * does): the monitor guards its buffer, subscribers and end, is held for a few instructions, and
 * one thread at a time (the one that found nobody emitting) signals the subscribers outside it.
 */
final class RillPublish<T> extends ConnectableRill<T> {

    private final Rill<? extends T> source;
    private final int prefetch;
    /** Guarded by this: the connection new subscribers join. */
    private Connection<T> current;

    RillPublish(Rill<? extends T> source, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("publish: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.prefetch = prefetch;
    }

    private synchronized Connection<T> current() {
        Connection<T> c = current;
        if (c == null || c.isCancelledConnection()) {
            c = new Connection<>(prefetch);
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
        Inner<T> inner = new Inner<>(s);
        s.onSubscribe(inner);
        while (!current().add(inner)) {
            Thread.onSpinWait(); // it was cancelled as we joined: the next one is a fresh connection
        }
    }

    @Override
    public Cancellable connect() {
        Connection<T> c;
        synchronized (this) {
            c = current();
            if (c.isOver()) {
                c = new Connection<>(prefetch); // the last one ended: start again
                current = c;
            }
        }
        if (c.markConnected()) {
            source.subscribe(c);
        }
        return c;
    }

    /** One subscription to the source and the subscribers sharing it. */
    static final class Connection<T> implements CoreSubscriber<T>, Cancellable {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle CONNECTED = Handles.field(MethodHandles.lookup(), "connected", int.class);
        private static final Object COMPLETE = new Object();
        private static final int BATCH = 64;

        private final int prefetch;
        private final int limit;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int connected;
        private volatile boolean cancelledConnection;
        // Guarded by this.
        private final ArrayDeque<T> buffer = new ArrayDeque<>();
        private Inner<T>[] subscribers = newArray(0);
        private Object terminal;
        /** The end went down: late subscribers get it at once. */
        private boolean over;
        private boolean emitting;
        private boolean missed;
        // Emitter-only.
        private final Object[] batch = new Object[BATCH];
        private int consumed;

        Connection(int prefetch) {
            this.prefetch = prefetch;
            this.limit = prefetch - (prefetch >> 2);
        }

        boolean markConnected() {
            return CONNECTED.compareAndSet(this, 0, 1);
        }

        boolean isCancelledConnection() {
            return cancelledConnection;
        }

        synchronized boolean isOver() {
            return over || terminal != null;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                s.request(prefetch);
            }
        }

        @Override
        public void onNext(T t) {
            synchronized (this) {
                if (terminal != null) {
                    return; // cancelled meanwhile
                }
                buffer.add(t);
            }
            signal();
        }

        @Override
        public void onError(Throwable t) {
            end(t);
        }

        @Override
        public void onComplete() {
            end(COMPLETE);
        }

        private void end(Object signal) {
            synchronized (this) {
                if (terminal != null) {
                    return;
                }
                terminal = signal;
            }
            signal();
        }

        /** Disconnects: the source is cancelled and the subscribers still here are told. */
        @Override
        public void cancel() {
            cancelledConnection = true;
            Subscriptions.cancel(UPSTREAM, this);
            synchronized (this) {
                if (terminal == null) {
                    terminal = new CancellationException("the connection to the shared source was cancelled");
                    buffer.clear();
                }
            }
            signal();
        }

        @Override
        public boolean isCancelled() {
            return cancelledConnection;
        }

        /** Joins; false if this connection was cancelled (the caller joins the next one). */
        boolean add(Inner<T> inner) {
            synchronized (this) {
                if (cancelledConnection && over) {
                    return false;
                }
                if (!inner.isCancelled()) {
                    Inner<T>[] a = subscribers;
                    Inner<T>[] b = newArray(a.length + 1);
                    System.arraycopy(a, 0, b, 0, a.length);
                    b[a.length] = inner;
                    subscribers = b;
                    inner.connection = this;
                }
            }
            signal();
            return true;
        }

        void remove(Inner<T> inner) {
            synchronized (this) {
                Inner<T>[] a = subscribers;
                for (int i = 0; i < a.length; i++) {
                    if (a[i] == inner) {
                        Inner<T>[] b = newArray(a.length - 1);
                        System.arraycopy(a, 0, b, 0, i);
                        System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                        subscribers = b;
                        break;
                    }
                }
            }
            signal(); // it no longer holds the others back
        }

        void signal() {
            synchronized (this) {
                if (emitting) {
                    missed = true;
                    return;
                }
                emitting = true;
            }
            emitLoop();
        }

        @SuppressWarnings("unchecked")
        private void emitLoop() {
            for (;;) {
                Inner<T>[] subs;
                int n;
                Object end = null;
                synchronized (this) {
                    subs = subscribers;
                    n = take(subs);
                    if (n == 0) {
                        if (terminal != null && buffer.isEmpty() && (subs.length != 0 || !over)) {
                            end = terminal;
                            over = true;
                            subscribers = newArray(0);
                        } else if (!missed) {
                            emitting = false;
                            return;
                        }
                    }
                    missed = false;
                }
                deliver(subs, n);
                if (end != null) {
                    Throwable e = end == COMPLETE ? null : (Throwable) end;
                    for (Inner<T> inner : subs) {
                        inner.terminate(e);
                    }
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void deliver(Inner<T>[] subs, int n) {
            for (int i = 0; i < n; i++) {
                T v = (T) batch[i];
                batch[i] = null;
                for (Inner<T> inner : subs) {
                    inner.next(v);
                }
            }
            if (n != 0 && (consumed += n) >= limit) {
                int c = consumed;
                consumed = 0;
                Subscription s = upstream;
                if (s != null) {
                    s.request(c); // the slowest took them: refill
                }
            }
        }

        /** Under the monitor: as many values as every subscriber can take now (none without subscribers). */
        private int take(Inner<T>[] subs) {
            long room = BATCH;
            for (Inner<T> inner : subs) {
                inner.reportBadRequest();
                room = Math.min(room, inner.requested());
            }
            if (subs.length == 0) {
                return 0;
            }
            int n = (int) Math.min(room, buffer.size());
            for (int i = 0; i < n; i++) {
                batch[i] = buffer.poll();
            }
            return n;
        }

        @SuppressWarnings("unchecked")
        private static <T> Inner<T>[] newArray(int n) {
            return (Inner<T>[]) new Inner<?>[n];
        }
    }

    /** One subscriber: its demand; signalled by its connection's emitter only. */
    static final class Inner<T> implements Subscription {
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

        private final Subscriber<? super T> downstream;
        /** Set as it joins. */
        volatile Connection<T> connection;
        @SuppressWarnings("unused")
        private volatile long requested;
        private volatile boolean cancelled;
        private volatile long badRequest;
        private volatile boolean over;

        Inner(Subscriber<? super T> downstream) {
            this.downstream = Objects.requireNonNull(downstream);
        }

        boolean isCancelled() {
            return cancelled;
        }

        long requested() {
            return cancelled || over ? Long.MAX_VALUE : (long) REQUESTED.getVolatile(this);
        }

        void reportBadRequest() {
            long n = badRequest;
            if (n != 0 && !over && !cancelled) {
                over = true;
                downstream.onError(Demand.nonPositive(n));
                Connection<T> c = connection;
                if (c != null) {
                    c.remove(this);
                }
            }
        }

        void next(T v) {
            if (!cancelled && !over) {
                Demand.produced(REQUESTED, this, 1);
                downstream.onNext(v);
            }
        }

        void terminate(Throwable e) {
            if (cancelled || over) {
                return;
            }
            over = true;
            if (e != null) {
                downstream.onError(e);
            } else {
                downstream.onComplete();
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                badRequest = n;
            } else {
                Demand.add(REQUESTED, this, n);
            }
            Connection<T> c = connection;
            if (c != null) {
                c.signal();
            }
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                Connection<T> c = connection;
                if (c != null) {
                    c.remove(this);
                }
            }
        }
    }
}
