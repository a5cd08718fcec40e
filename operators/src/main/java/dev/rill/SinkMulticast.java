package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.jctools.queues.SpscArrayQueue;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code Sinks.many().multicast().onBackpressureBuffer(n)}: every subscriber gets what is emitted
 * after it subscribed, paced by the slowest one; up to {@code n} values wait in one shared buffer
 * (before the first subscriber too: the warm-up), and an emission that finds it full is refused
 * with FAIL_OVERFLOW. When the last subscriber cancels, the sink is cancelled.
 *
 * <p>Threading: emitters serialize on this object's monitor to check the state and append (one
 * producer at a time for the queue); subscribers join and leave under it too. One drain at a time
 * ({@link Wip}) delivers each value to every subscriber once all of them have demand for it, on
 * whichever thread emitted or requested; inline and bounded by demand, so no budget.
 */
final class SinkMulticast<T> implements Sinks.Many<T>, Publisher<T> {

    private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);

    private final int capacity;
    private final SpscArrayQueue<T> queue;
    private final Rill<T> view = new Rill.Source<>(this);
    /** Copy-on-write under this; read by the drain. */
    private volatile Inner<T>[] subscribers = newArray(0);
    private volatile boolean done;
    private Throwable error;
    /** The last subscriber left: the buffer is dropped and emissions are refused. */
    private volatile boolean cancelled;
    @SuppressWarnings("unused")
    private volatile int wip;

    SinkMulticast(int capacity) {
        this.capacity = capacity;
        this.queue = new SpscArrayQueue<>(Math.max(2, capacity));
    }

    @Override
    public Sinks.EmitResult tryEmitNext(T value) {
        Objects.requireNonNull(value, "value");
        synchronized (this) {
            if (done) {
                return Sinks.EmitResult.FAIL_TERMINATED;
            }
            if (cancelled) {
                return Sinks.EmitResult.FAIL_CANCELLED;
            }
            // The size may lag behind the drain's polls, never run ahead: a full verdict is never wrong for long.
            if (queue.size() >= capacity || !queue.offer(value)) {
                return Sinks.EmitResult.FAIL_OVERFLOW;
            }
        }
        drain();
        return Sinks.EmitResult.OK;
    }

    @Override
    public Sinks.EmitResult tryEmitComplete() {
        return terminate(null);
    }

    @Override
    public Sinks.EmitResult tryEmitError(Throwable e) {
        return terminate(Objects.requireNonNull(e, "error"));
    }

    private Sinks.EmitResult terminate(Throwable e) {
        synchronized (this) {
            if (done) {
                return Sinks.EmitResult.FAIL_TERMINATED;
            }
            if (cancelled) {
                return Sinks.EmitResult.FAIL_CANCELLED;
            }
            error = e;
            done = true;
        }
        drain();
        return Sinks.EmitResult.OK;
    }

    @Override
    public int currentSubscriberCount() {
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
            if (cancelled) {
                Subscriptions.error(s, new IllegalStateException("the sink was cancelled: its last subscriber left"));
                return;
            }
            if (!inner.isCancelled()) {
                Inner<T>[] a = subscribers;
                Inner<T>[] b = newArray(a.length + 1);
                System.arraycopy(a, 0, b, 0, a.length);
                b[a.length] = inner;
                subscribers = b;
            }
        }
        drain();
    }

    void remove(Inner<T> inner) {
        synchronized (this) {
            Inner<T>[] a = subscribers;
            int i = indexOf(a, inner);
            if (i < 0) {
                return;
            }
            Inner<T>[] b = newArray(a.length - 1);
            System.arraycopy(a, 0, b, 0, i);
            System.arraycopy(a, i + 1, b, i, a.length - i - 1);
            subscribers = b;
            if (b.length == 0 && !done) {
                cancelled = true; // auto-cancel: nobody is left to pace the buffer
            }
        }
        drain();
    }

    void drain() {
        if (!Wip.enter(WIP, this)) {
            return;
        }
        int missed = 1;
        do {
            if (cancelled) {
                queue.clear();
            } else {
                emit(subscribers);
            }
            missed = Wip.leave(WIP, this, missed);
        } while (missed != 0);
    }

    /** Gives every subscriber what all of them can take, then the end once the buffer is empty. */
    private void emit(Inner<T>[] subs) {
        if (subs.length == 0) {
            return; // warm-up: values wait for the first subscriber (the end too)
        }
        long room = Long.MAX_VALUE;
        for (Inner<T> inner : subs) {
            inner.reportBadRequest();
            room = Math.min(room, inner.requested());
        }
        long sent = 0;
        for (T v; sent < room && (v = queue.poll()) != null; sent++) {
            for (Inner<T> inner : subs) {
                inner.next(v);
            }
        }
        if (sent != 0) {
            for (Inner<T> inner : subs) {
                inner.produced(sent);
            }
        }
        if (done && queue.isEmpty()) {
            Throwable e = error;
            for (Inner<T> inner : subs) {
                inner.terminate(e);
            }
            forgetEnded();
        }
    }

    /** Drops the subscribers that got the end (or left): they no longer count. */
    private synchronized void forgetEnded() {
        Inner<T>[] a = subscribers;
        int live = 0;
        for (Inner<T> inner : a) {
            live += inner.isEnded() ? 0 : 1;
        }
        Inner<T>[] b = newArray(live);
        int j = 0;
        for (Inner<T> inner : a) {
            if (!inner.isEnded()) {
                b[j++] = inner;
            }
        }
        subscribers = b;
    }

    private static <T> int indexOf(Inner<T>[] a, Inner<T> inner) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == inner) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static <T> Inner<T>[] newArray(int n) {
        return (Inner<T>[]) new Inner<?>[n];
    }

    /** One subscriber: its demand, and whether it is still listening. Signalled by the drain only. */
    static final class Inner<T> implements Subscription {
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

        private final Subscriber<? super T> downstream;
        private final SinkMulticast<T> parent;
        @SuppressWarnings("unused")
        private volatile long requested;
        private volatile boolean cancelled;
        /** A request(n <= 0) for the drain to report (§3.9), so that only the drain signals. */
        private volatile long badRequest;
        /** The end was delivered; written by the drain. */
        private volatile boolean over;

        Inner(Subscriber<? super T> downstream, SinkMulticast<T> parent) {
            this.downstream = downstream;
            this.parent = parent;
        }

        boolean isCancelled() {
            return cancelled;
        }

        boolean isEnded() {
            return cancelled || over;
        }

        long requested() {
            return cancelled || over ? Long.MAX_VALUE : requested; // a leaver does not hold the others back
        }

        /** Drain: a bad request ends this subscriber with the §3.9 error. */
        void reportBadRequest() {
            long n = badRequest;
            if (n != 0 && !over && !cancelled) {
                over = true;
                downstream.onError(Demand.nonPositive(n));
                parent.remove(this); // the drain we are in loops once more (Wip), without us
            }
        }

        void next(T v) {
            if (!cancelled && !over) {
                downstream.onNext(v);
            }
        }

        void produced(long n) {
            Demand.produced(REQUESTED, this, n);
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
                parent.drain();
                return;
            }
            Demand.add(REQUESTED, this, n);
            parent.drain();
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                parent.remove(this);
            }
        }
    }
}
