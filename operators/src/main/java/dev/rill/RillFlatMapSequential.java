package dev.rill;

import dev.rill.engine.Budget;
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
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code flatMapSequential}: maps each value to a publisher and subscribes to the inners eagerly,
 * at most {@code maxConcurrency} at once, as {@code flatMap} does, but emits their values in the
 * order of the source values, as {@code concatMap} does: the first inner's values, then the
 * second's (which it buffered meanwhile, up to {@code prefetch}), and so on (Reactor's
 * {@code FluxMergeSequential}).
 *
 * <p>Each inner is a {@link QueueInner} (fused with its source when it can be, else a queue of
 * {@code prefetch} replenished in batches); a {@code just}/{@code empty}/{@code fromCallable}
 * inner is preloaded without a subscription. The inners wait in subscription order in an SPSC
 * queue: the upstream's thread adds them, the drain takes the head when it is done and empty and
 * then asks the upstream for more in batches of {@code maxConcurrency - maxConcurrency/4}. The
 * drain spends one {@link Budget} unit per value and, when the budget is spent on an engine
 * worker, continues as a task at the back of the worker's queue.
 *
 * <p>Errors: the first error cancels the upstream and every inner and goes down at once; with
 * {@code delayError} everything runs to the end first, and the errors go down together.
 *
 * <p>Threading: the upstream and each inner signal from any thread; the drain (the only consumer
 * of the inner queue and of every inner's values) runs on whichever thread wins the counter.
 */
final class RillFlatMapSequential<T, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends Publisher<? extends R>> mapper;
    private final int maxConcurrency;
    private final int prefetch;
    private final boolean delayError;

    RillFlatMapSequential(Rill<? extends T> source, Function<? super T, ? extends Publisher<? extends R>> mapper,
                          int maxConcurrency, int prefetch, boolean delayError) {
        if (maxConcurrency <= 0) {
            throw new IllegalArgumentException("flatMapSequential: maxConcurrency must be positive, was " + maxConcurrency);
        }
        if (prefetch <= 0) {
            throw new IllegalArgumentException("flatMapSequential: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.maxConcurrency = maxConcurrency;
        this.prefetch = prefetch;
        this.delayError = delayError;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super R> s) {
        return new SequentialSubscriber<>(s, mapper, maxConcurrency, prefetch, delayError);
    }

    static final class SequentialSubscriber<T, R> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        private final Subscriber<? super R> downstream;
        private final Function<? super T, ? extends Publisher<? extends R>> mapper;
        private final int maxConcurrency;
        private final int prefetch;
        private final boolean delayError;
        private final int limit;
        /** The inners in subscription order: the upstream's thread offers, the drain polls. */
        private final Queue<Inner<R>> inners;

        private Subscription upstream;
        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        /** The upstream ended; written after the last inner was queued. */
        private volatile boolean done;
        private volatile boolean cancelled;

        // Drain-owned.
        private Inner<R> current;
        private long emitted;
        private int finished;
        private int resumeMissed;
        private DrainResumption resume;

        SequentialSubscriber(Subscriber<? super R> downstream, Function<? super T, ? extends Publisher<? extends R>> mapper,
                             int maxConcurrency, int prefetch, boolean delayError) {
            this.downstream = downstream;
            this.mapper = mapper;
            this.maxConcurrency = maxConcurrency;
            this.prefetch = prefetch;
            this.delayError = delayError;
            this.limit = maxConcurrency - (maxConcurrency >> 2);
            // Outstanding upstream demand bounds the waiting inners to maxConcurrency.
            this.inners = PrefetchQueues.spsc(maxConcurrency);
        }

        private boolean bounded() {
            return maxConcurrency != Integer.MAX_VALUE;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!Subscriptions.validate(upstream, s)) {
                return;
            }
            upstream = s;
            downstream.onSubscribe(this);
            s.request(bounded() ? maxConcurrency : Long.MAX_VALUE);
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
                p = Exceptions.requireNonNull(mapper.apply(t), "flatMapSequential: the mapper");
                scalar = Scalar.valueOf(p);
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                upstream.cancel();
                onError(ex);
                return;
            }
            Inner<R> inner = new Inner<>(this, prefetch);
            if (scalar != Scalar.NOT_SCALAR) {
                inner.preload((R) scalar); // null: an empty inner, taken off in order like the others
            }
            if (!inners.offer(inner)) {
                upstream.cancel();
                onError(new IllegalStateException("flatMapSequential: the upstream emitted more than requested"));
                return;
            }
            if (scalar == Scalar.NOT_SCALAR) {
                p.subscribe(inner);
            }
            drain(); // also after a cancel that raced with this: the drain cancels what was queued
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
            if (!done) {
                done = true;
                drain();
            }
        }

        void innerError(Inner<R> inner, Throwable t) {
            if (!Exceptions.addThrowable(ERROR, this, t)) {
                Hooks.onErrorDropped(t);
                return;
            }
            inner.done = true;
            if (!delayError) {
                upstream.cancel();
            }
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
            if (!cancelled) {
                cancelled = true;
                upstream.cancel();
                drain(); // whoever holds the counter cancels the inners
            }
        }

        void drain() {
            if (Wip.enter(WIP, this)) {
                drainLoop();
            }
        }

        /** Holds the counter: cancels and drops every inner. */
        private void clearAll() {
            Inner<R> c = current;
            current = null;
            if (c != null) {
                c.cancel();
                c.clearQueue();
            }
            Inner<R> in;
            while ((in = inners.poll()) != null) {
                in.cancel();
                in.clearQueue();
            }
        }

        /** Holds the counter; the stream is over for good after this. */
        private void fail() {
            cancelled = true;
            upstream.cancel();
            clearAll();
            downstream.onError(Exceptions.terminate(ERROR, this));
        }

        /** Holds the counter: true if the stream is over (cleared, or failed now). */
        private boolean stopped() {
            if (cancelled) {
                clearAll();
                return true;
            }
            if (!delayError && error != null) {
                fail();
                return true;
            }
            return false;
        }

        private static final long STOP = -1;

        private void drainLoop() {
            int missed = resumeMissed != 0 ? resumeMissed : 1;
            resumeMissed = 0;
            for (;;) {
                if (stopped()) {
                    return;
                }
                long e = drainInners(missed);
                if (e == STOP) {
                    return;
                }
                emitted = e;
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** The head inner's values, then the next inner's, within demand and budget; the new emitted count, or STOP. */
        private long drainInners(int missed) {
            long e = emitted;
            int left = 0;
            for (;;) {
                Inner<R> in = current;
                if (in == null) {
                    boolean d = done; // before the poll: the upstream queues its last inner before it ends
                    in = inners.poll();
                    if (in == null) {
                        if (d) {
                            finish();
                            return STOP;
                        }
                        return e;
                    }
                    current = in;
                }
                long r = (long) REQUESTED.getVolatile(this);
                long got = 0;
                boolean innerDone;
                for (;;) {
                    innerDone = in.done; // before the poll: the inner queues its last value before it ends
                    if (e == r) {
                        break;
                    }
                    if (left == 0 && (left = Budget.claim((int) Math.min(r - e, Budget.PER_RUN))) == 0) {
                        in.replenish(got);
                        emitted = e;
                        yieldDrain(missed);
                        return STOP;
                    }
                    R v;
                    try {
                        v = in.poll();
                    } catch (Throwable ex) {
                        Exceptions.throwIfFatal(ex);
                        in.cancel();
                        in.clearQueue();
                        innerError(in, ex);
                        return stopped() ? STOP : e; // delayError: the inner is done now, drained next pass
                    }
                    if (v == null) {
                        break;
                    }
                    left--;
                    downstream.onNext(v);
                    e++;
                    got++;
                    if (stopped()) {
                        return STOP;
                    }
                }
                in.replenish(got);
                if (!(innerDone && in.isEmpty())) {
                    return e; // waiting for this inner's values or for demand
                }
                current = null;
                replenishUpstream();
            }
        }

        /** Holds the counter: an inner finished; asks the upstream for the next ones in batches. */
        private void replenishUpstream() {
            if (bounded() && ++finished == limit) {
                finished = 0;
                if (!done) {
                    upstream.request(limit);
                }
            }
        }

        /** Holds the counter: upstream and every inner done and drained. */
        private void finish() {
            cancelled = true;
            Throwable ex = Exceptions.terminate(ERROR, this);
            if (ex != null) {
                downstream.onError(ex);
            } else {
                downstream.onComplete();
            }
        }

        /** Keeps the counter and continues later in a task, behind what the worker has waiting. */
        private void yieldDrain(int missed) {
            resumeMissed = missed;
            if (resume == null) {
                resume = new DrainResumption(this::drainLoop, this::drainRejected);
            }
            resume.resume();
        }

        /** Holding the counter, with no continuation coming: the stream ends here. */
        private void drainRejected(RejectedExecutionException ex) {
            resumeMissed = 0;
            boolean over = cancelled;
            cancelled = true;
            upstream.cancel();
            clearAll();
            if (!over) {
                downstream.onError(ex);
            }
        }
    }

    /** One inner: its values wait in its own queue (or fused source) until it is the head. */
    static final class Inner<R> extends QueueInner<R> {
        private final SequentialSubscriber<?, R> parent;

        Inner(SequentialSubscriber<?, R> parent, int prefetch) {
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
