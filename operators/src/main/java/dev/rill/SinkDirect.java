package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code Sinks.many().multicast().directBestEffort()}: no buffer; each value goes at once to the
 * subscribers that have demand for it, and the others miss it. FAIL_ZERO_SUBSCRIBER with nobody
 * subscribed, FAIL_OVERFLOW when nobody had demand.
 *
 * <p>Threading: an emission delivers while holding this object's monitor, so concurrent emitters
 * take turns and each subscriber sees one value at a time; subscribing, leaving and a §3.9 error
 * take the monitor too. A value emitted from inside a subscriber's {@code onNext} (the same thread,
 * re-entering) waits until the value being delivered has reached everyone, then follows it.
 */
final class SinkDirect<T> implements Sinks.Many<T>, Publisher<T> {

    private final Rill<T> view = new Rill.Source<>(this);
    // Guarded by this.
    private Inner<T>[] subscribers = newArray(0);
    private boolean done;
    private Throwable error;
    /** Delivering now (on the thread that holds the monitor); re-entrant emissions wait in {@link #later}. */
    private boolean emitting;
    private final ArrayDeque<T> later = new ArrayDeque<>();

    @Override
    public synchronized Sinks.EmitResult tryEmitNext(T value) {
        Objects.requireNonNull(value, "value");
        if (done) {
            return Sinks.EmitResult.FAIL_TERMINATED;
        }
        if (subscribers.length == 0) {
            return Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER;
        }
        if (emitting) {
            later.add(value); // re-entrant: after the value being delivered
            return Sinks.EmitResult.OK;
        }
        emitting = true;
        try {
            boolean taken = deliver(value);
            for (T v; (v = later.poll()) != null; ) {
                deliver(v);
            }
            if (done) {
                end(); // a re-entrant terminal emission waited for us
            }
            return taken ? Sinks.EmitResult.OK : Sinks.EmitResult.FAIL_OVERFLOW;
        } finally {
            emitting = false;
        }
    }

    /** Gives {@code v} to each subscriber with demand; true if anyone took it. */
    private boolean deliver(T v) {
        boolean taken = false;
        for (Inner<T> inner : subscribers) {
            taken |= inner.offer(v);
        }
        return taken;
    }

    @Override
    public Sinks.EmitResult tryEmitComplete() {
        return terminate(null);
    }

    @Override
    public Sinks.EmitResult tryEmitError(Throwable e) {
        return terminate(Objects.requireNonNull(e, "error"));
    }

    private synchronized Sinks.EmitResult terminate(Throwable e) {
        if (done) {
            return Sinks.EmitResult.FAIL_TERMINATED;
        }
        done = true;
        error = e;
        if (!emitting) {
            end();
        }
        return Sinks.EmitResult.OK;
    }

    private void end() {
        Inner<T>[] subs = subscribers;
        subscribers = newArray(0);
        for (Inner<T> inner : subs) {
            inner.terminate(error);
        }
    }

    @Override
    public synchronized int currentSubscriberCount() {
        return subscribers.length;
    }

    @Override
    public Rill<T> asRill() {
        return view;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Inner<T> inner = new Inner<>(s, this);
        s.onSubscribe(inner);
        synchronized (this) {
            if (done) {
                inner.terminate(error); // a latecomer learns how it ended
                return;
            }
            if (inner.isCancelled()) {
                return;
            }
            subscribers = CopyOnWriteArrays.with(subscribers, inner);
        }
    }

    synchronized void remove(Inner<T> inner) {
        subscribers = CopyOnWriteArrays.without(subscribers, inner);
    }

    @SuppressWarnings("unchecked")
    private static <T> Inner<T>[] newArray(int n) {
        return (Inner<T>[]) new Inner<?>[n];
    }

    /** One subscriber: its demand. Signalled only under the parent's monitor. */
    static final class Inner<T> implements Subscription {
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

        private final Subscriber<? super T> downstream;
        private final SinkDirect<T> parent;
        @SuppressWarnings("unused")
        private volatile long requested;
        private volatile boolean cancelled;
        /** Under the parent's monitor. */
        private boolean over;

        Inner(Subscriber<? super T> downstream, SinkDirect<T> parent) {
            this.downstream = downstream;
            this.parent = parent;
        }

        boolean isCancelled() {
            return cancelled;
        }

        /** Under the monitor: delivers {@code v} if this subscriber has demand for it. */
        boolean offer(T v) {
            if (cancelled || over || (long) REQUESTED.getVolatile(this) == 0) {
                return false;
            }
            downstream.onNext(v);
            Demand.produced(REQUESTED, this, 1);
            return true;
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
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
                return;
            }
            synchronized (parent) { // serialized with deliveries (§1.3)
                if (!cancelled && !over) {
                    over = true;
                    parent.remove(this);
                    downstream.onError(Demand.nonPositive(n));
                }
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            parent.remove(this);
        }
    }
}
