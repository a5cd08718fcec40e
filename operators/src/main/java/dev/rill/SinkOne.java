package dev.rill;

import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code Sinks.one()} and {@code Sinks.empty()}: one outcome (a value then completion, completion,
 * or an error), set once and replayed to every subscriber, now and later. A value waits for its
 * subscriber's request; completion and errors do not.
 *
 * <p>Threading: the outcome is decided under this object's monitor (so concurrent emitters get one
 * OK and FAIL_TERMINATED for the rest), and subscribers join under it too, so each is either told
 * at the emission or finds the outcome as it subscribes. Delivery happens outside the monitor.
 */
final class SinkOne<T> implements Sinks.One<T>, Publisher<T> {

    private final Rill<T> view = new Rill.Source<>(this);
    // Guarded by this.
    private Inner<T>[] waiting = newArray(0);
    private boolean done;
    private T value;
    private Throwable error;

    @Override
    public Sinks.EmitResult tryEmitValue(T v) {
        return decide(Objects.requireNonNull(v, "value"), null);
    }

    @Override
    public Sinks.EmitResult tryEmitEmpty() {
        return decide(null, null);
    }

    @Override
    public Sinks.EmitResult tryEmitError(Throwable e) {
        return decide(null, Objects.requireNonNull(e, "error"));
    }

    private Sinks.EmitResult decide(T v, Throwable e) {
        Inner<T>[] told;
        synchronized (this) {
            if (done) {
                return Sinks.EmitResult.FAIL_TERMINATED;
            }
            done = true;
            value = v;
            error = e;
            told = waiting;
            waiting = newArray(0);
        }
        for (Inner<T> inner : told) {
            inner.outcome(v, e);
        }
        return Sinks.EmitResult.OK;
    }

    @Override
    public synchronized int currentSubscriberCount() {
        return waiting.length;
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
        T v;
        Throwable e;
        synchronized (this) {
            if (!done) {
                if (!inner.isCancelled()) {
                    waiting = CopyOnWriteArrays.with(waiting, inner);
                }
                return;
            }
            v = value;
            e = error;
        }
        inner.outcome(v, e);
    }

    synchronized void remove(Inner<T> inner) {
        waiting = CopyOnWriteArrays.without(waiting, inner);
    }

    @SuppressWarnings("unchecked")
    private static <T> Inner<T>[] newArray(int n) {
        return (Inner<T>[]) new Inner<?>[n];
    }

    /**
     * One subscriber's side. A value goes down once it is both known and requested: whoever of the
     * outcome and the request comes second delivers (a CAS on the state), so it is delivered once.
     */
    static final class Inner<T> implements Subscription {
        private static final VarHandle STATE = Handles.field(MethodHandles.lookup(), "state", int.class);
        private static final int REQUESTED = 1;
        private static final int HAS_VALUE = 2;
        private static final int OVER = 4;

        private final Subscriber<? super T> downstream;
        private final SinkOne<T> parent;
        /** Written before HAS_VALUE is set, read after it is seen. */
        private T value;
        @SuppressWarnings("unused")
        private volatile int state;

        Inner(Subscriber<? super T> downstream, SinkOne<T> parent) {
            this.downstream = downstream;
            this.parent = parent;
        }

        boolean isCancelled() {
            return ((int) STATE.getVolatile(this) & OVER) != 0;
        }

        void outcome(T v, Throwable e) {
            if (v == null) {
                if ((((int) STATE.getAndBitwiseOr(this, OVER)) & OVER) == 0) {
                    if (e != null) {
                        downstream.onError(e);
                    } else {
                        downstream.onComplete();
                    }
                }
                return;
            }
            value = v;
            int prev = (int) STATE.getAndBitwiseOr(this, HAS_VALUE);
            if (prev == REQUESTED) {
                deliver();
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                if ((((int) STATE.getAndBitwiseOr(this, OVER)) & OVER) == 0) {
                    parent.remove(this);
                    downstream.onError(Demand.nonPositive(n));
                }
                return;
            }
            int prev = (int) STATE.getAndBitwiseOr(this, REQUESTED);
            if (prev == HAS_VALUE) {
                deliver();
            }
        }

        private void deliver() {
            if ((((int) STATE.getAndBitwiseOr(this, OVER)) & OVER) == 0) {
                T v = value;
                value = null;
                downstream.onNext(v);
                downstream.onComplete();
            }
        }

        @Override
        public void cancel() {
            if ((((int) STATE.getAndBitwiseOr(this, OVER)) & OVER) == 0) {
                value = null;
                parent.remove(this);
            }
        }
    }
}
