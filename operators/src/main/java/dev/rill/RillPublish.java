package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.QueueSubscription;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import org.jctools.queues.SpscArrayQueue;
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
 * <p>Threading: each connection drains with a work-in-progress counter, so one thread at a time
 * signals the subscribers; subscribers join and leave under the connection's monitor (a copied
 * array), and connections are created and replaced under this object's monitor.
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

    /** Each subscriber's {@link Inner} reports its bad request through the drain, after it joined. */
    @Override
    boolean reportsBadRequests() {
        return true;
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

    /**
     * One subscription to the source and the subscribers sharing it. The source's values wait in a
     * single-producer queue (or in the source itself, fused: a synchronous source is polled
     * directly, with no queue in between), and one drain at a time ({@link Wip}) gives each value
     * to every subscriber once all of them have demand for it, asking the source for more as the
     * slowest one takes them. Inline and bounded by demand: no task, no budget.
     */
    static final class Connection<T> implements CoreSubscriber<T>, Cancellable {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);
        private static final VarHandle CONNECTED = Handles.field(MethodHandles.lookup(), "connected", int.class);
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);

        private final int prefetch;
        private final int limit;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int connected;
        @SuppressWarnings("unused")
        private volatile int wip;
        private volatile boolean cancelledConnection;
        /** Copy-on-write under this object's monitor; read by the drain. */
        private volatile Inner<T>[] subscribers = newArray(0);
        /** Set in onSubscribe, before {@link #sourceMode}, whose volatile write publishes them. */
        private QueueSubscription<T> fused;
        private Queue<T> queue;
        /** NONE (our queue), SYNC or ASYNC (the source's queue); a drain that reads it sees the queue. */
        private volatile int sourceMode = -1;
        private volatile boolean done;
        private Throwable error;
        // Drain-only.
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

        /** The source ended (or the connection was cancelled): late subscribers get that end. */
        boolean isOver() {
            return done;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onSubscribe(Subscription s) {
            if (!Subscriptions.setOnce(UPSTREAM, this, s)) {
                return;
            }
            if (s instanceof QueueSubscription<?> qs) {
                int m = qs.requestFusion(QueueSubscription.ANY);
                if (m == QueueSubscription.SYNC) {
                    fused = (QueueSubscription<T>) qs;
                    sourceMode = m;
                    done = true; // its values are all there, to poll
                    drain();
                    return;
                }
                if (m == QueueSubscription.ASYNC) {
                    fused = (QueueSubscription<T>) qs;
                    sourceMode = m;
                    s.request(prefetch);
                    return;
                }
            }
            queue = new SpscArrayQueue<>(prefetch);
            sourceMode = QueueSubscription.NONE;
            s.request(prefetch);
        }

        @Override
        public void onNext(T t) {
            if (sourceMode == QueueSubscription.NONE && !queue.offer(t)) { // ASYNC: the value is in the source's queue
                Subscriptions.cancel(UPSTREAM, this);
                onError(new IllegalStateException("publish: the source sent more than it was asked for (§1.1)"));
                return;
            }
            drain();
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            done = true;
            drain();
        }

        /** Disconnects: the source is cancelled and the subscribers still here are told. */
        @Override
        public void cancel() {
            if (cancelledConnection) {
                return;
            }
            cancelledConnection = true;
            Subscriptions.cancel(UPSTREAM, this);
            drain();
        }

        @Override
        public boolean isCancelled() {
            return cancelledConnection;
        }

        /**
         * Joins; false if the connection was cancelled (the caller joins the next one). A connection
         * that ended gives its end to late subscribers.
         */
        boolean add(Inner<T> inner) {
            synchronized (this) {
                if (cancelledConnection) {
                    return false; // checked under the monitor the end's swap takes: never stranded
                }
                if (inner.isCancelled()) {
                    return true;
                }
                inner.connection = this;
                subscribers = CopyOnWriteArrays.with(subscribers, inner);
            }
            drain();
            return true;
        }

        void remove(Inner<T> inner) {
            synchronized (this) {
                subscribers = CopyOnWriteArrays.without(subscribers, inner);
            }
            drain(); // it no longer holds the others back
        }

        void signal() {
            drain();
        }

        void drain() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            do {
                if (emit()) {
                    return; // cancelled: the counter stays taken
                }
                missed = Wip.leave(WIP, this, missed);
            } while (missed != 0);
        }

        /** Delivers what every subscriber can take, then the end; true once the connection was cancelled. */
        private boolean emit() {
            if (cancelledConnection) {
                clearQueue();
                endAll(new CancellationException("the connection to the shared source was cancelled"));
                return true;
            }
            Inner<T>[] subs = subscribers;
            if (subs.length == 0 && !done) {
                return false; // values wait for a subscriber (the source is paced by nobody's demand)
            }
            long room = Long.MAX_VALUE;
            for (Inner<T> inner : subs) {
                inner.reportBadRequest();
                room = Math.min(room, inner.requested());
            }
            int mode = sourceMode; // once per pass: a pass that finds it unset is followed by another (missed)
            for (long e = 0; ; e++) {
                boolean d = done;
                T v = e == room || subs.length == 0 ? null : next(mode);
                if (v == null) {
                    if (d && isQueueEmpty(mode) && subs.length != 0) {
                        endAll(error);
                    }
                    return false;
                }
                for (Inner<T> inner : subs) {
                    inner.next(v);
                }
                refill(mode);
                if (subscribers != subs) {
                    return false; // one joined or left (a cancel from onNext, say): look again (missed)
                }
            }
        }

        private T next(int mode) {
            if (mode < 0) {
                return null; // not subscribed yet
            }
            try {
                return mode == QueueSubscription.NONE ? queue.poll() : fused.poll();
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                Subscriptions.cancel(UPSTREAM, this);
                error = ex;
                done = true;
                clearQueue();
                return null;
            }
        }

        private boolean isQueueEmpty(int mode) {
            return mode < 0 || (mode == QueueSubscription.NONE ? queue.isEmpty() : fused.isEmpty());
        }

        private void clearQueue() {
            int mode = sourceMode;
            if (mode == QueueSubscription.NONE) {
                queue.clear();
            } else if (mode > 0) {
                fused.clear();
            }
        }

        /** A value went to every subscriber: ask the source for more once the slowest took enough. */
        private void refill(int mode) {
            if (mode != QueueSubscription.SYNC && ++consumed == limit) {
                consumed = 0;
                ((Subscription) UPSTREAM.getVolatile(this)).request(limit);
            }
        }

        /** The end, to every subscriber here now; later ones get it as they join. */
        private void endAll(Throwable e) {
            Inner<T>[] subs;
            synchronized (this) {
                subs = subscribers;
                subscribers = newArray(0);
            }
            for (Inner<T> inner : subs) {
                inner.terminate(e);
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> Inner<T>[] newArray(int n) {
            return (Inner<T>[]) new Inner<?>[n];
        }
    }

    /** One subscriber of a connection (see {@link MulticastInner}); it joins one before it is told which. */
    static final class Inner<T> extends MulticastInner<T> {
        /** Set as it joins. */
        volatile Connection<T> connection;

        Inner(Subscriber<? super T> downstream) {
            super(Objects.requireNonNull(downstream));
        }

        @Override
        void leave() {
            Connection<T> c = connection;
            if (c != null) {
                c.remove(this);
            }
        }

        @Override
        void signal() {
            Connection<T> c = connection;
            if (c != null) {
                c.signal();
            }
        }
    }
}
