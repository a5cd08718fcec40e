package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code switchMap}: maps each value to a publisher and emits only the latest inner's values; a new
 * upstream value cancels the previous inner and drops what it had queued. The upstream is
 * requested unbounded (values are never buffered, only switched to). Each inner has a JCTools SPSC
 * queue of {@code prefetch} (or its fused source) drained by one serialized loop; a
 * {@code just}/{@code empty}/{@code fromCallable} inner is read without subscribing.
 *
 * <p>Errors: the first error from the upstream or the current inner cancels everything; errors
 * from inners already switched away from are dropped to {@link Hooks#onErrorDropped}.
 *
 * <p>Threading: upstream and inner signals from any thread; the drain runs on whichever thread
 * wins the counter.
 */
final class RillSwitchMap<T, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends Publisher<? extends R>> mapper;
    private final int prefetch;

    RillSwitchMap(Rill<? extends T> source, Function<? super T, ? extends Publisher<? extends R>> mapper, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("switchMap: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.prefetch = prefetch;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super R> s) {
        return new SwitchMapSubscriber<>(s, mapper, prefetch);
    }

    static final class SwitchMapSubscriber<T, R> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);
        private static final VarHandle ACTIVE = Handles.field(MethodHandles.lookup(), "active", Inner.class);

        @SuppressWarnings("rawtypes")
        private static final Inner CANCELLED = new Inner<>(null, 1);

        private final Subscriber<? super R> downstream;
        private final Function<? super T, ? extends Publisher<? extends R>> mapper;
        private final int prefetch;

        private Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        /** The inner whose values go down; swapped by the upstream thread, cleared by the drain. */
        private volatile Inner<R> active;
        private volatile boolean done;
        private volatile boolean cancelled;

        SwitchMapSubscriber(Subscriber<? super R> downstream, Function<? super T, ? extends Publisher<? extends R>> mapper,
                            int prefetch) {
            this.downstream = downstream;
            this.mapper = mapper;
            this.prefetch = prefetch;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!Subscriptions.validate(upstream, s)) {
                return;
            }
            upstream = s;
            downstream.onSubscribe(this);
            s.request(Long.MAX_VALUE);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onNext(T t) {
            if (done) {
                return;
            }
            Publisher<? extends R> p;
            Object scalar;
            try {
                p = Exceptions.requireNonNull(mapper.apply(t), "switchMap: the mapper");
                scalar = Scalar.valueOf(p);
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                upstream.cancel();
                onError(ex);
                return;
            }
            Inner<R> in = new Inner<>(this, prefetch);
            if (scalar != Scalar.NOT_SCALAR) {
                in.preload((R) scalar);
            }
            for (;;) {
                Inner<R> cur = active;
                if (cur == CANCELLED) {
                    return;
                }
                if (ACTIVE.compareAndSet(this, cur, in)) {
                    if (cur != null) {
                        cur.cancel();
                    }
                    break;
                }
            }
            if (scalar == Scalar.NOT_SCALAR) {
                p.subscribe(in);
            } else {
                drain();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (done || !Exceptions.addThrowable(ERROR, this, t)) {
                Hooks.onErrorDropped(t);
                return;
            }
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            done = true;
            drain();
        }

        void innerError(Inner<R> in, Throwable e) {
            if (in != active || !Exceptions.addThrowable(ERROR, this, e)) {
                Hooks.onErrorDropped(e);
                return;
            }
            upstream.cancel();
            done = true;
            in.done = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
                drain();
            }
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            upstream.cancel();
            cancelActive();
        }

        @SuppressWarnings("unchecked")
        private void cancelActive() {
            Inner<R> cur = (Inner<R>) ACTIVE.getAndSet(this, CANCELLED);
            if (cur != null && cur != CANCELLED) {
                cur.cancel();
            }
        }

        void drain() {
            if (!Wip.enter(WIP, this)) {
                return;
            }
            int missed = 1;
            Subscriber<? super R> a = downstream;
            for (;;) {
                if (cancelled) {
                    cancelActive();
                    return;
                }
                // done before active: the upstream sets the last inner before it completes.
                boolean d = done;
                Inner<R> in = active;
                if (d && (error != null || in == null)) {
                    terminate();
                    return;
                }
                int step = in != null && in != CANCELLED ? emitFrom(in, a) : SETTLED;
                if (step == STOPPED) {
                    return;
                }
                boolean again = step == AGAIN;
                if (again) {
                    continue;
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** What {@link #emitFrom} left: the stream was cancelled, look again, or nothing to do. */
        private static final int STOPPED = -1;
        private static final int SETTLED = 0;
        private static final int AGAIN = 1;

        /**
         * Emits from the active inner within demand. AGAIN when the drain must look again: the inner
         * failed, was switched away (its value is stale) or finished.
         */
        private int emitFrom(Inner<R> in, Subscriber<? super R> a) {
            long r = (long) REQUESTED.getVolatile(this);
            long e = 0;
            boolean again = false;
            while (e != r) {
                if (cancelled) {
                    cancelActive();
                    return STOPPED;
                }
                boolean innerDone = in.done;
                R v;
                try {
                    v = in.poll();
                } catch (Throwable ex) {
                    Exceptions.throwIfFatal(ex);
                    in.cancel();
                    innerError(in, ex);
                    again = true;
                    break;
                }
                if (in != active) {
                    again = true; // switched meanwhile: that value is stale
                    break;
                }
                if (v == null) {
                    if (innerDone) {
                        ACTIVE.compareAndSet(this, in, null);
                        again = true;
                    }
                    break;
                }
                a.onNext(v);
                e++;
            }
            if (e == r && !again && in.done && in.isEmpty() && ACTIVE.compareAndSet(this, in, null)) {
                again = true;
            }
            if (e != 0) {
                Demand.produced(REQUESTED, this, e);
                in.replenish(e);
            }
            return again ? AGAIN : SETTLED;
        }

        private void terminate() {
            cancelled = true;
            cancelActive();
            Throwable ex = Exceptions.terminate(ERROR, this);
            if (ex != null && ex != Exceptions.TERMINATED) {
                downstream.onError(ex);
            } else {
                downstream.onComplete();
            }
        }
    }

    /** One inner: its values wait in its queue (or fused source) for the drain. */
    static final class Inner<R> extends QueueInner<R> {
        private final SwitchMapSubscriber<?, R> parent;

        Inner(SwitchMapSubscriber<?, R> parent, int prefetch) {
            super(prefetch);
            this.parent = parent;
        }

        @Override
        void signal() {
            parent.drain();
        }

        @Override
        public void onError(Throwable t) {
            parent.innerError(this, t);
        }
    }
}
