package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code Sinks.many().unicast().onBackpressureBuffer()}: one subscriber, an unbounded buffer, what
 * was emitted before it subscribed waits for it.
 *
 * <p>Threading: emitters serialize on this object's monitor just long enough to check the state
 * and append (so the queue has one producer at a time, each after the last), then any thread may
 * run the drain; one drain at a time ({@link Wip}) delivers to the subscriber, on the emitting or
 * the requesting thread. Inline delivery bounded by demand, like any synchronous source: no task,
 * so no budget.
 */
final class SinkUnicast<T> implements Sinks.Many<T>, Publisher<T>, Subscription {

    private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
    private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);

    private final SpscUnboundedArrayQueue<T> queue = new SpscUnboundedArrayQueue<>(64);
    private final Rill<T> view = new Rill.Source<>(this);
    /** Guarded by this: whether a subscriber came (only one may). */
    private boolean subscribed;
    private volatile Subscriber<? super T> actual;
    private volatile boolean done;
    private Throwable error;
    private volatile boolean cancelled;
    /** A request(n <= 0) to report (§3.9), set before the drain it triggers. */
    private volatile long badRequest;
    @SuppressWarnings("unused")
    private volatile long requested;
    @SuppressWarnings("unused")
    private volatile int wip;

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
            queue.offer(value);
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
            error = e; // published by the volatile write of done
            done = true;
        }
        drain();
        return Sinks.EmitResult.OK;
    }

    @Override
    public int currentSubscriberCount() {
        return actual != null && !cancelled ? 1 : 0;
    }

    @Override
    public Rill<T> asRill() {
        return view;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        synchronized (this) {
            if (subscribed) {
                Subscriptions.error(s, new IllegalStateException("a unicast sink allows only one subscriber"));
                return;
            }
            subscribed = true;
        }
        s.onSubscribe(this);
        actual = s; // after onSubscribe: a terminal signal must not overtake it (§1.9)
        drain();
    }

    @Override
    public void request(long n) {
        if (!Demand.isValid(n)) {
            badRequest = n;
            cancelled = true;
        } else {
            Demand.add(REQUESTED, this, n);
        }
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        drain();
    }

    private void drain() {
        if (!Wip.enter(WIP, this)) {
            return;
        }
        int missed = 1;
        do {
            Subscriber<? super T> a = actual;
            if (a != null && emit(a)) {
                return;
            }
            if (a == null && cancelled) {
                queue.clear();
            }
            missed = Wip.leave(WIP, this, missed);
        } while (missed != 0);
    }

    /** Delivers what demand allows; true if the stream is over (terminated or cancelled). */
    private boolean emit(Subscriber<? super T> a) {
        long r = requested;
        long e = 0;
        for (;;) {
            if (cancelled) {
                queue.clear();
                actual = null;
                long bad = badRequest;
                if (bad != 0) {
                    badRequest = 0;
                    a.onError(Demand.nonPositive(bad));
                }
                return true;
            }
            boolean d = done;
            T v = e != r ? queue.poll() : null;
            if (v == null) {
                if (d && queue.isEmpty()) {
                    actual = null;
                    Throwable err = error;
                    if (err != null) {
                        a.onError(err);
                    } else {
                        a.onComplete();
                    }
                    return true;
                }
                break;
            }
            a.onNext(v);
            e++;
        }
        if (e != 0) {
            Demand.produced(REQUESTED, this, e);
        }
        return false;
    }
}
