package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.HalfSerializer;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.QueueSubscription;
import dev.rill.signal.ScalarSupplier;
import dev.rill.signal.SubscriptionArbiter;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Queue;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code concatMap}: maps each value to a publisher and emits the inner publishers' values one
 * inner after the other, in order. Also {@code concat} (a concatMap over the sources).
 *
 * <p>Upstream values wait in the fused upstream itself (SYNC/ASYNC) or in a JCTools SPSC queue of
 * {@code prefetch}, replenished in batches of {@code prefetch - prefetch/4}. The current inner is
 * subscribed through a {@link SubscriptionArbiter}, so downstream demand carries from one inner to
 * the next. A {@code just}/{@code empty}/{@code fromCallable} inner is read without subscribing,
 * and over a {@code just}/{@code empty} source the stage is skipped: {@code just(v).concatMap(f)}
 * subscribes {@code f(v)} directly.
 * Switching to the next inner is trampolined by the work-in-progress counter: inners that complete
 * synchronously do not nest.
 *
 * <p>Errors: by default the first error cancels everything and is delivered at once (serialized
 * with the running inner's {@code onNext} by a {@link HalfSerializer}); with {@code delayError}
 * every inner runs and the errors arrive at the end, combined.
 *
 * <p>Threading: upstream and inner signals from any thread; one inner is active at a time.
 */
final class RillConcatMap<T, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends Publisher<? extends R>> mapper;
    private final int prefetch;
    private final boolean delayError;

    RillConcatMap(Rill<? extends T> source, Function<? super T, ? extends Publisher<? extends R>> mapper,
                         int prefetch, boolean delayError) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("concatMap: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.prefetch = prefetch;
        this.delayError = delayError;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    /**
     * Over a {@code just}/{@code empty} source, this stage is {@code f(v)} (or empty): the chain
     * goes on there without a stage, as Reactor does for scalar sources. Nested concatMaps over
     * constants then subscribe in a loop, in constant stack.
     */
    @Override
    Publisher<? extends R> instead() {
        if (!(source instanceof ScalarSupplier<?> scalar)) {
            return null;
        }
        Object v = scalar.get();
        if (v == null) {
            return Rill.empty();
        }
        try {
            @SuppressWarnings("unchecked") // the source is a Rill<? extends T>
            T t = (T) v;
            return Exceptions.requireNonNull(mapper.apply(t), "concatMap: the mapper");
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            return Rill.error(e);
        }
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super R> s) {
        ConcatMapSubscriber<T, R> parent = new ConcatMapSubscriber<>(s, mapper, prefetch, delayError);
        // The downstream gets its subscription now, from the subscribe loop, not when the
        // upstream's arrives: onSubscribe does not nest a frame per stage down a chain.
        s.onSubscribe(parent);
        return parent;
    }

    static final class ConcatMapSubscriber<T, R> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle GUARD = Handles.field(MethodHandles.lookup(), "guard", int.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);
        private static final VarHandle ERRORS = Handles.field(MethodHandles.lookup(), "errors", Throwable.class);

        private final Subscriber<? super R> downstream;
        private final Function<? super T, ? extends Publisher<? extends R>> mapper;
        private final int prefetch;
        private final int limit;
        private final boolean delayError;
        private final Inner<R> inner;

        /** Volatile: a cancel from the downstream may come before it, from any thread. */
        private volatile Subscription upstream;
        private QueueSubscription<T> fused;
        private Queue<T> queue;
        private int sourceMode;
        /**
         * No terminal signal can race an inner's onNext: the upstream is SYNC-fused (its failures
         * surface in our drain, after the inner ends) or errors wait for the end (delayError). Then
         * inner values go straight down, without the half-serializer's two atomics per value.
         * Written in onSubscribe, before any inner exists.
         */
        private boolean direct;

        @SuppressWarnings("unused")
        private volatile int wip;
        /** The half-serializer's counter and terminal error (see {@link HalfSerializer}). */
        @SuppressWarnings("unused")
        private volatile int guard;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        /** Errors collected until the end (delayError), or the first one (else). */
        @SuppressWarnings("unused")
        private volatile Throwable errors;
        private volatile boolean done;
        private volatile boolean cancelled;
        /** True while an inner runs; cleared by its completion, read by the drain. */
        private volatile boolean active;

        private int consumed;
        /** A constant inner's value between {@link #subscribeInner} and the drain emitting it. */
        private R pendingScalar;

        ConcatMapSubscriber(Subscriber<? super R> downstream, Function<? super T, ? extends Publisher<? extends R>> mapper,
                            int prefetch, boolean delayError) {
            this.downstream = downstream;
            this.mapper = mapper;
            this.prefetch = prefetch;
            this.limit = prefetch - (prefetch >> 2);
            this.delayError = delayError;
            this.inner = new Inner<>(this);
        }

        /*
         * onNext and onComplete pass each other down a chain of concatMaps, one frame a stage:
         * their own frames stay small (few locals, no VarHandle access inline, which the JIT
         * expands), the work is in the methods they call before and after.
         */

        /** The downstream has had its subscription since {@link #subscribeOrReturn}. */
        @Override
        public void onSubscribe(Subscription s) {
            int mode = fuse(s);
            if (mode == QueueSubscription.SYNC) {
                drain();
            } else if (mode != REJECTED) {
                s.request(prefetch); // the queue comes with the first value that must wait
            }
        }

        /** What {@link #fuse} returns for a second subscription, or one that came cancelled. */
        private static final int REJECTED = -1;

        /** Takes {@code s} on and agrees a fusion mode with it: SYNC, ASYNC, NONE or REJECTED. */
        @SuppressWarnings("unchecked")
        private int fuse(Subscription s) {
            if (!Subscriptions.validate(upstream, s)) {
                return REJECTED;
            }
            upstream = s;
            if (cancelled) {
                s.cancel(); // the downstream cancelled before the upstream came
                return REJECTED;
            }
            direct = delayError;
            if (s instanceof QueueSubscription) {
                QueueSubscription<T> qs = (QueueSubscription<T>) s;
                int m = qs.requestFusion(QueueSubscription.ANY);
                if (m == QueueSubscription.SYNC || m == QueueSubscription.ASYNC) {
                    sourceMode = m;
                    fused = qs;
                    if (m == QueueSubscription.SYNC) {
                        direct = true;
                        done = true;
                    }
                    return m;
                }
            }
            return QueueSubscription.NONE;
        }

        @Override
        public void onNext(T t) {
            R v = nextNow(t);
            if (v != null) {
                downstream.onNext(v);
                drainHeld(true);
            }
        }

        /**
         * With the drain free, no inner running and nothing queued, {@code t} is next and skips the
         * queue: a constant inner's value is returned for onNext to emit from its own frame (then
         * {@code drainHeld(true)}), with demand taken and the half-serializer entered. Otherwise
         * null, with {@code t} queued or handled.
         */
        private R nextNow(T t) {
            Queue<T> q = queue;
            if (sourceMode != QueueSubscription.NONE || active || (q != null && !q.isEmpty()) || !WIP.compareAndSet(this, 0, 1)) {
                if (sourceMode != QueueSubscription.ASYNC && !(q != null ? q : newQueue()).offer(t)) {
                    upstream.cancel();
                    onError(new IllegalStateException("concatMap: the upstream emitted more than requested"));
                    return null;
                }
                drain();
                return null;
            }
            if (++consumed == limit) {
                consumed = 0;
                upstream.request(limit);
            }
            int step = subscribeInner(t);
            if (step == SCALAR) {
                R v = pendingScalar;
                pendingScalar = null;
                if (direct || HalfSerializer.tryEnter(GUARD, this)) {
                    return v;
                }
            }
            if (step != STOPPED) {
                drainHeld(false);
            }
            return null;
        }

        @Override
        public void onError(Throwable t) {
            if (done || !Exceptions.addThrowable(ERRORS, this, t)) {
                Hooks.onErrorDropped(t);
                return;
            }
            done = true;
            if (!delayError) {
                inner.cancel();
                failNow();
                return;
            }
            drain();
        }

        @Override
        public void onComplete() {
            Throwable e = completeNow();
            if (e == null) {
                downstream.onComplete();
            } else if (e != Exceptions.TERMINATED) {
                downstream.onError(e);
            }
        }

        /**
         * With the drain free, no inner running and nothing queued, the end is now: what onComplete
         * is to signal from its own frame (as {@link #terminate}). Otherwise the drain's business,
         * and {@link Exceptions#TERMINATED} for onComplete.
         */
        private Throwable completeNow() {
            done = true;
            Queue<T> q = queue;
            if (sourceMode == QueueSubscription.NONE && !active && (q == null || q.isEmpty()) && WIP.compareAndSet(this, 0, 1)) {
                return cancelled ? Exceptions.TERMINATED : terminate();
            }
            drain();
            return Exceptions.TERMINATED;
        }

        void innerNext(R v) {
            if (direct) {
                downstream.onNext(v);
            } else {
                HalfSerializer.onNext(downstream, v, GUARD, ERROR, this);
            }
        }

        void innerError(Throwable e) {
            if (!Exceptions.addThrowable(ERRORS, this, e)) {
                Hooks.onErrorDropped(e);
                return;
            }
            if (!delayError) {
                upstream.cancel();
                failNow();
                return;
            }
            active = false;
            drain();
        }

        void innerComplete() {
            active = false;
            drain();
        }

        /** Not delayError: deliver the first error now, serialized with a running onNext. */
        private void failNow() {
            Throwable ex = Exceptions.terminate(ERRORS, this);
            if (ex != Exceptions.TERMINATED) {
                HalfSerializer.onError(downstream, ex, GUARD, ERROR, this);
            }
            cancelled = true;
            if (Wip.enter(WIP, this)) {
                clear();
            }
        }

        @Override
        public void request(long n) {
            inner.request(n);
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            Subscription u = upstream;
            if (u != null) {
                u.cancel(); // else onSubscribe cancels it
            }
            inner.cancel();
            if (Wip.enter(WIP, this)) {
                clear();
            }
        }

        private void clear() {
            if (fused != null) {
                fused.clear();
            } else if (queue != null) {
                queue.clear();
            }
        }

        /**
         * The drain signals the downstream from its own frame (a constant inner's value, the
         * completion), not through helpers: a chain of concatMaps over constants then costs two
         * frames a stage (onNext or onComplete, and this), not nine.
         */
        private void drain() {
            if (Wip.enter(WIP, this)) {
                drainHeld(false);
            }
        }

        /**
         * The drain loop, entered by whoever took the work-in-progress counter from zero; first
         * leaving the half-serializer if {@code emitted} (onNext's fast path: kept out of onNext,
         * whose frame stays small).
         */
        private void drainHeld(boolean emitted) {
            if (emitted && !direct) {
                HalfSerializer.exit(downstream, GUARD, ERROR, this);
            }
            int missed = 1;
            for (;;) {
                if (cancelled) {
                    clear();
                    return;
                }
                if (!active) {
                    boolean d = done;
                    T t = poll();
                    if (t == null && d && !cancelled) {
                        Throwable e = terminate();
                        if (e == null) {
                            downstream.onComplete();
                        } else if (e != Exceptions.TERMINATED) {
                            downstream.onError(e);
                        }
                        return;
                    }
                    if (t != null) {
                        if (sourceMode != QueueSubscription.SYNC && ++consumed == limit) {
                            consumed = 0;
                            upstream.request(limit);
                        }
                        int step = subscribeInner(t);
                        if (step == STOPPED) {
                            return;
                        }
                        if (step == SCALAR) {
                            R v = pendingScalar;
                            pendingScalar = null;
                            if (direct) {
                                downstream.onNext(v);
                            } else if (HalfSerializer.tryEnter(GUARD, this)) {
                                downstream.onNext(v);
                                HalfSerializer.exit(downstream, GUARD, ERROR, this);
                            }
                        }
                        if (step != STARTED) {
                            continue;
                        }
                    } else if (cancelled) {
                        continue; // poll failed and the error went down: clear and stop
                    }
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /**
         * Made by the upstream's thread for its first value that cannot go at once (values that can
         * never need it), and published to the drain by the work-in-progress counter that follows.
         */
        private Queue<T> newQueue() {
            Queue<T> q = PrefetchQueues.spsc(prefetch);
            queue = q;
            return q;
        }

        /** The next upstream value or null; a failing fused poll cancels and fails the stream. */
        private T poll() {
            try {
                Queue<T> q = queue;
                return fused != null ? fused.poll() : q != null ? q.poll() : null;
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                upstream.cancel();
                fail(ex);
                return null;
            }
        }

        /**
         * What {@link #subscribeInner} did: failed the stream, nothing to wait for, an inner
         * started, a constant inner's value is in {@link #scalar} with demand taken for it.
         */
        private static final int STOPPED = -1;
        private static final int NEXT = 0;
        private static final int STARTED = 1;
        private static final int SCALAR = 2;

        /** Maps {@code t} and subscribes the inner (a scalar without a subscription; an empty one is skipped). */
        private int subscribeInner(T t) {
            Publisher<? extends R> p;
            Object scalar;
            try {
                p = Exceptions.requireNonNull(mapper.apply(t), "concatMap: the mapper");
                scalar = Scalar.valueOf(p);
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                if (!delayError) {
                    upstream.cancel();
                    fail(ex);
                    return STOPPED;
                }
                Exceptions.addThrowable(ERRORS, this, ex);
                return NEXT;
            }
            if (scalar == Scalar.NOT_SCALAR) {
                active = true;
                p.subscribe(inner);
            } else if (scalar != null) {
                @SuppressWarnings("unchecked")
                R v = (R) scalar;
                if (inner.tryProduceOne()) {
                    pendingScalar = v;
                    return SCALAR;
                }
                active = true;
                inner.setSubscription(new ScalarSubscription<>(v, inner));
            } else {
                return NEXT; // empty: on to the next value
            }
            return STARTED;
        }

        /**
         * The upstream and the last inner are done: signals the delayed errors, or returns what the
         * drain delivers itself: null to complete, an error that came meanwhile, or
         * {@link Exceptions#TERMINATED} for nothing (a running onNext delivers it).
         */
        private Throwable terminate() {
            cancelled = true;
            Throwable ex = Exceptions.terminate(ERRORS, this);
            if (ex != null && ex != Exceptions.TERMINATED) {
                HalfSerializer.onError(downstream, ex, GUARD, ERROR, this);
                return Exceptions.TERMINATED;
            }
            return HalfSerializer.completion(GUARD, ERROR, this);
        }

        /** From the drain (holding WIP for good): fail with {@code ex} and everything else. */
        private void fail(Throwable ex) {
            cancelled = true;
            inner.cancel();
            clear();
            Exceptions.addThrowable(ERRORS, this, ex);
            Throwable all = Exceptions.terminate(ERRORS, this);
            if (all != Exceptions.TERMINATED) {
                HalfSerializer.onError(downstream, all, GUARD, ERROR, this);
            }
        }
    }

    /** The current inner's subscriber; demand carries over from one inner to the next. */
    static final class Inner<R> extends SubscriptionArbiter implements CoreSubscriber<R> {
        private final ConcatMapSubscriber<?, R> parent;
        private long produced;

        Inner(ConcatMapSubscriber<?, R> parent) {
            this.parent = parent;
        }

        @Override
        public void onSubscribe(Subscription s) {
            Objects.requireNonNull(s, "§2.13 violated: onSubscribe with a null Subscription");
            setSubscription(s);
        }

        @Override
        public void onNext(R t) {
            produced++;
            parent.innerNext(t);
        }

        @Override
        public void onError(Throwable t) {
            settle();
            parent.innerError(t);
        }

        @Override
        public void onComplete() {
            settle();
            parent.innerComplete();
        }

        private void settle() {
            long p = produced;
            if (p != 0) {
                produced = 0;
                produced(p);
            }
        }
    }

    /** A scalar inner: emits its value on the first request, then completes. */
    static final class ScalarSubscription<R> implements Subscription {
        private final R value;
        private final Inner<R> inner;
        private boolean once;

        ScalarSubscription(R value, Inner<R> inner) {
            this.value = value;
            this.inner = inner;
        }

        @Override
        public void request(long n) {
            // Called by the arbiter's serialized drain only, so a plain flag is enough.
            if (!once && n > 0) {
                once = true;
                inner.onNext(value);
                inner.onComplete();
            }
        }

        @Override
        public void cancel() {
            once = true;
        }
    }
}
