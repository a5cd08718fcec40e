package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.QueueSubscription;
import dev.rill.signal.Subscriptions;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code flatMap}: maps each value to a publisher and merges the inner publishers' values, with at
 * most {@code maxConcurrency} inners subscribed at once. Also {@code mergeWith} and {@code merge}
 * (a flatMap over the sources).
 *
 * <p>Costs: an inner that is {@code just}, {@code empty} or {@code fromCallable} is read without
 * subscribing (macro-fusion), its value emitted on the spot when there is demand, else parked in
 * one shared SPSC queue. A SYNC-fusable inner ({@code range}, arrays, ...) is drained straight from
 * its source, no queue; an ASYNC one through its own queue; any other inner gets a JCTools SPSC
 * queue of {@code prefetch}, created only when a value cannot go down at once. Inners replenish in
 * batches of {@code prefetch - prefetch/4}. The merge drain is serialized by a work-in-progress
 * counter; on an engine worker it spends one {@link Budget} unit per value and, when the budget is
 * spent, continues as a task at the back of the worker's queue.
 *
 * <p>How a value goes down, in {@code MergeSubscriber}: every value of a scalar inner or an inner
 * takes one path, {@code emitOrPark}. If this thread holds the drain (the held drain: it is inside
 * the drain's own {@code upstream.request}, see {@code holder}), or wins the drain counter, and
 * there is demand with nothing older parked, the value goes straight down; otherwise it is parked
 * for the drain. A SYNC-fused inner subscribed by the holder is emptied on the spot
 * ({@code drainSyncInnerHeld}). The drain ({@code drainLoop}) takes the parked scalars, then the
 * inners round-robin, within demand and the budget ({@code topUp}); an inner whose poll fails
 * goes through one path ({@code failInner}).
 *
 * <p>Errors: the first error cancels the upstream and every inner and is delivered at once; with
 * {@code delayError} all sources run to the end and the errors arrive together (a {@link
 * dev.rill.signal.CompositeException} if there were several). Order: each inner's values
 * keep their order; values of different inners interleave.
 *
 * <p>Threading: signals from the upstream and from each inner may come from any thread; the
 * drain runs on whichever thread wins the counter.
 */
final class RillFlatMap<T, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final Function<? super T, ? extends Publisher<? extends R>> mapper;
    private final int maxConcurrency;
    private final int prefetch;
    private final boolean delayError;

    RillFlatMap(Rill<? extends T> source, Function<? super T, ? extends Publisher<? extends R>> mapper,
                       int maxConcurrency, int prefetch, boolean delayError) {
        if (maxConcurrency <= 0) {
            throw new IllegalArgumentException("flatMap: maxConcurrency must be positive, was " + maxConcurrency);
        }
        if (prefetch <= 0) {
            throw new IllegalArgumentException("flatMap: prefetch must be positive, was " + prefetch);
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
        return new MergeSubscriber<>(s, mapper, maxConcurrency, prefetch, delayError);
    }

    static final class MergeSubscriber<T, R> implements CoreSubscriber<T>, Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);
        private static final VarHandle INNERS = Handles.field(MethodHandles.lookup(), "inners", Inner[].class);

        private static final Inner<?>[] EMPTY = new Inner<?>[0];
        private static final Inner<?>[] TERMINATED = new Inner<?>[0];

        private final Subscriber<? super R> downstream;
        private final Function<? super T, ? extends Publisher<? extends R>> mapper;
        private final int maxConcurrency;
        private final int prefetch;
        private final boolean delayError;
        /** Upstream batch size when concurrency is bounded. */
        private final int limit;

        private Subscription upstream;

        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        @SuppressWarnings("unused")
        private volatile Throwable error;
        /** Copy-on-write: added by the upstream thread, removed by the drain, TERMINATED on cancel. */
        private volatile Inner<R>[] inners;
        private volatile boolean done;
        private volatile boolean cancelled;
        /** Values of scalar inners that could not go down at once; only the upstream thread offers. */
        private volatile Queue<R> scalarQueue;

        // Upstream-thread-owned: scalar inners consumed on the upstream thread, to replenish.
        private int upstreamConsumed;

        // Drain-owned (whoever holds WIP).
        private long emitted;
        private int lastIndex;
        private int resumeMissed;
        private DrainResumption resume;
        /** Budget units claimed and not yet spent in this drain run (one per value). */
        private int allowance;
        /** Values taken in this round that count against the upstream's demand (scalars, finished inners). */
        private long replenishMain;
        /** An inner finished in this round: the round must look at the end again. */
        private boolean removedInner;

        /**
         * The held drain. The thread that holds WIP while it calls {@code upstream.request} writes
         * itself here ({@link #requestHolding}); a synchronous upstream or inner signals inside that
         * call, on this same thread, and those signals ({@link #holdsDrain}) emit straight down
         * without touching WIP, since the drain is already theirs: no atomic per value. Invariant:
         * only the holder writes this plain field (itself, then the previous value before it lets go
         * of WIP), so a thread finds its own identity here only while it really holds the drain;
         * any other thread reads null, a stale holder or the current one, never itself, and takes
         * the contended path. A value the holder cannot emit at once (no demand, or older values
         * parked) is parked and counted as a missed round, which the holder's drain then takes.
         */
        private Thread holder;

        @SuppressWarnings("unchecked")
        MergeSubscriber(Subscriber<? super R> downstream, Function<? super T, ? extends Publisher<? extends R>> mapper,
                        int maxConcurrency, int prefetch, boolean delayError) {
            this.downstream = downstream;
            this.mapper = mapper;
            this.maxConcurrency = maxConcurrency;
            this.prefetch = prefetch;
            this.delayError = delayError;
            this.limit = maxConcurrency - (maxConcurrency >> 2);
            this.inners = (Inner<R>[]) EMPTY;
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
            long n = bounded() ? maxConcurrency : Long.MAX_VALUE;
            if (Wip.enter(WIP, this)) {
                requestHolding(n); // a synchronous upstream now emits without an atomic per value
                drainLoop(); // then whatever could not go down at once, and let go of WIP
            } else {
                s.request(n);
            }
        }

        // ---------------------------------------------------------------- the held drain

        /** This thread holds the drain (see {@link #holder}). */
        private boolean holdsDrain() {
            return holder == Thread.currentThread();
        }

        /** Holds WIP: asks the upstream for {@code n}, marking this thread as the drain's holder meanwhile. */
        private void requestHolding(long n) {
            Thread t = Thread.currentThread();
            Thread outer = holder;
            holder = t;
            try {
                upstream.request(n);
            } finally {
                holder = outer;
            }
        }

        /**
         * On the holder's thread (see {@link #holder}): true if {@code v} went down (or was dropped
         * because the stream is over), false if the caller must park it.
         */
        private boolean emitHeld(R v, Queue<R> q) {
            if (cancelled || (!delayError && error != null)) {
                return true; // dropped: the holder's drain ends the stream
            }
            if (emitted != (long) REQUESTED.getVolatile(this) && (q == null || q.isEmpty())) {
                downstream.onNext(v);
                emitted++;
                return true;
            }
            return false;
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
                p = Exceptions.requireNonNull(mapper.apply(t), "flatMap: the mapper");
                scalar = Scalar.valueOf(p);
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                upstream.cancel();
                onError(ex);
                return;
            }
            if (scalar == Scalar.NOT_SCALAR) {
                Inner<R> inner = new Inner<>(this, prefetch);
                if (add(inner)) {
                    p.subscribe(inner);
                    if (inner.sourceMode == QueueSubscription.SYNC && holdsDrain()) {
                        drainSyncInnerHeld(inner);
                    }
                }
            } else if (scalar == null) {
                replenishFromUpstreamThread();
            } else {
                emitOrPark((R) scalar, null);
            }
        }

        private void replenishFromUpstreamThread() {
            if (bounded() && ++upstreamConsumed == limit) {
                upstreamConsumed = 0;
                upstream.request(limit);
            }
        }

        /**
         * On the holder's thread (see {@link #holder}), right after a SYNC-fused inner subscribed:
         * empty it now, as far as demand and budget go, so a synchronous merge keeps one inner
         * alive at a time instead of piling up {@code maxConcurrency} of them for the drain. What
         * it cannot take now stays in the inners array for the drain, which also ends the stream if
         * the inner failed.
         */
        private void drainSyncInnerHeld(Inner<R> in) {
            Subscriber<? super R> a = downstream;
            QueueSubscription<R> q = in.fusedSource();
            long e = emitted;
            try {
                for (;;) {
                    long r = (long) REQUESTED.getVolatile(this);
                    if (e == r || cancelled || (!delayError && error != null)) {
                        return; // an inner's error is checked per batch, a cancel per value too
                    }
                    int batch = Budget.claim((int) Math.min(r - e, Budget.PER_RUN));
                    if (batch == 0) {
                        return; // out of budget: the drain takes over and yields properly
                    }
                    for (int k = 0; k < batch && !cancelled; k++) {
                        R v;
                        try {
                            v = q.poll();
                        } catch (Throwable ex) {
                            Exceptions.throwIfFatal(ex);
                            failInner(in, ex);
                            remove(in);
                            replenishFromUpstreamThread(); // with delayError its slot is free again
                            return;
                        }
                        if (v == null) {
                            remove(in);
                            replenishFromUpstreamThread();
                            return;
                        }
                        a.onNext(v);
                        e++;
                    }
                }
            } finally {
                emitted = e;
            }
        }

        // ---------------------------------------------------------------- emitting

        /**
         * The one path of a value from a scalar inner ({@code inner} null, on the upstream thread)
         * or from an inner's {@code onNext}: emit it now if this thread holds the drain or can take
         * it and there is demand with nothing older parked; else park it (the scalar queue, or the
         * inner's own queue, made on first need) for the drain.
         */
        private void emitOrPark(R v, Inner<R> inner) {
            if (holdsDrain()) {
                if (emitHeld(v, parked(inner))) {
                    replenishOne(inner);
                } else if (park(v, inner)) {
                    Wip.enter(WIP, this); // counts a missed round: the holder's drain takes it
                }
                return;
            }
            if ((int) WIP.getVolatile(this) == 0 && WIP.compareAndSet(this, 0, 1)) {
                Queue<R> q = parked(inner);
                long r = (long) REQUESTED.getVolatile(this);
                if (emitted != r && (q == null || q.isEmpty())) {
                    downstream.onNext(v);
                    emitted++;
                    replenishOne(inner);
                } else {
                    park(v, inner); // an overflow failed the stream; its drain() counted a round for us
                }
                if (Wip.leave(WIP, this, 1) == 0) {
                    return;
                }
            } else if (!park(v, inner) || !Wip.enter(WIP, this)) {
                return;
            }
            drainLoop();
        }

        private Queue<R> parked(Inner<R> inner) {
            return inner == null ? scalarQueue : inner.queue();
        }

        /** False if parking failed and the stream ended (more values than requested). */
        private boolean park(R v, Inner<R> inner) {
            return inner == null ? offerScalar(v) : inner.offer(v);
        }

        private void replenishOne(Inner<R> inner) {
            if (inner == null) {
                replenishFromUpstreamThread();
            } else {
                inner.replenish(1);
            }
        }

        private boolean offerScalar(R v) {
            Queue<R> q = scalarQueue;
            if (q == null) {
                // Outstanding upstream demand bounds the parked scalars to maxConcurrency.
                q = bounded() ? PrefetchQueues.spsc(maxConcurrency) : new SpscUnboundedArrayQueue<>(Math.max(16, prefetch));
                scalarQueue = q;
            }
            if (!q.offer(v)) {
                upstream.cancel();
                onError(new IllegalStateException("flatMap: the upstream emitted more than requested"));
                return false;
            }
            return true;
        }

        /**
         * An inner's poll failed: cancel it, record the error (or drop it once the stream has
         * ended), and unless errors are delayed end everything else too. The drain ends the stream.
         * The inner is marked failed, so the drain removes it and frees its slot whatever its
         * source's {@code isEmpty} says after {@code clear}: it is never polled again.
         */
        private void failInner(Inner<R> in, Throwable ex) {
            in.failed = true;
            in.cancel();
            if (!Exceptions.addThrowable(ERROR, this, ex)) {
                Hooks.onErrorDropped(ex);
            }
            if (!delayError) {
                upstream.cancel();
                cancelInners();
            }
            in.done = true;
            in.clearQueue();
        }

        void innerError(Inner<R> inner, Throwable e) {
            if (!Exceptions.addThrowable(ERROR, this, e)) {
                Hooks.onErrorDropped(e);
                return;
            }
            inner.done = true;
            if (!delayError) {
                upstream.cancel();
                cancelInners();
            }
            drain();
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            if (!Exceptions.addThrowable(ERROR, this, t)) {
                Hooks.onErrorDropped(t);
                return;
            }
            done = true;
            if (!delayError) {
                cancelInners();
            }
            drain();
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
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
            cancelInners();
            if (Wip.enter(WIP, this)) {
                clearScalars(); // no drain is running: the queues are ours to drop
            }
        }

        @SuppressWarnings("unchecked")
        private void cancelInners() {
            Inner<R>[] a = (Inner<R>[]) INNERS.getAndSet(this, TERMINATED);
            if (a != TERMINATED) {
                for (Inner<R> in : a) {
                    in.cancel();
                }
            }
        }

        private boolean add(Inner<R> inner) {
            for (;;) {
                Inner<R>[] a = inners;
                if (a == TERMINATED) {
                    return false;
                }
                int n = a.length;
                @SuppressWarnings("unchecked")
                Inner<R>[] b = (Inner<R>[]) new Inner<?>[n + 1];
                System.arraycopy(a, 0, b, 0, n);
                b[n] = inner;
                if (INNERS.compareAndSet(this, a, b)) {
                    return true;
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void remove(Inner<R> inner) {
            for (;;) {
                Inner<R>[] a = inners;
                int n = a.length;
                int j = -1;
                for (int i = 0; i < n; i++) {
                    if (a[i] == inner) {
                        j = i;
                        break;
                    }
                }
                if (j < 0) {
                    return;
                }
                Inner<R>[] b;
                if (n == 1) {
                    b = (Inner<R>[]) EMPTY;
                } else {
                    b = (Inner<R>[]) new Inner<?>[n - 1];
                    System.arraycopy(a, 0, b, 0, j);
                    System.arraycopy(a, j + 1, b, j, n - j - 1);
                }
                if (INNERS.compareAndSet(this, a, b)) {
                    return;
                }
            }
        }

        void drain() {
            if (Wip.enter(WIP, this)) {
                drainLoop();
            }
        }

        // ---------------------------------------------------------------- the drain

        /** Returned by the drain's steps instead of an emitted count: the drain ended or yielded. */
        private static final long STOP = -1;

        /** Holds WIP. Emits what demand allows: parked scalars first, then the inners round-robin. */
        private void drainLoop() {
            int missed = resumeMissed != 0 ? resumeMissed : 1;
            resumeMissed = 0;
            allowance = 0;
            for (;;) {
                replenishMain = 0;
                removedInner = false;
                long r = (long) REQUESTED.getVolatile(this);
                if (checkTerminated()) {
                    return;
                }
                long e = drainScalars(r, emitted, missed);
                if (e == STOP) {
                    return;
                }
                // Order matters: done, then the inners, then the scalar queue. The upstream adds
                // inners and parks scalars before it completes, so nothing it sent can be missed.
                boolean d = done;
                Inner<R>[] as = inners;
                int n = as.length;
                Queue<R> sq = scalarQueue;
                if (d && n == 0 && (sq == null || sq.isEmpty())) {
                    terminate();
                    return;
                }
                if (n != 0 && as != TERMINATED && (e = drainInners(as, r, e, missed)) == STOP) {
                    return;
                }
                emitted = e;
                if (replenishMain != 0 && bounded() && !done && !cancelled) {
                    requestHolding(replenishMain);
                }
                if (removedInner) {
                    continue; // that may have been the last inner: look at the end again
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /**
         * Budget units for the next values, claimed from the engine a batch at a time (at most the
         * demand left) when the allowance {@code left} is used up; 0 when the budget is spent and
         * the drain must yield. The steps keep the allowance in a local while they loop and store
         * it back in {@link #allowance} when they return.
         */
        private static int topUp(int left, long r, long e) {
            return left != 0 ? left : Budget.claim((int) Math.min(r - e, Budget.PER_RUN));
        }

        /** The parked scalars, within demand and budget; the new emitted count, or STOP. */
        private long drainScalars(long r, long e, int missed) {
            Queue<R> sq = scalarQueue;
            if (sq == null) {
                return e;
            }
            int left = allowance;
            while (e != r) {
                if ((left = topUp(left, r, e)) == 0) {
                    allowance = 0;
                    emitted = e;
                    yieldDrain(missed, replenishMain);
                    return STOP;
                }
                left--;
                R v = sq.poll();
                if (v == null) {
                    break;
                }
                downstream.onNext(v);
                e++;
                replenishMain++;
                if (checkTerminated()) {
                    return STOP;
                }
            }
            allowance = left;
            return e;
        }

        /** The inners round-robin from where the last round stopped; the new emitted count, or STOP. */
        private long drainInners(Inner<R>[] as, long r, long e, int missed) {
            int n = as.length;
            int j = lastIndex;
            if (j >= n) {
                j = 0;
            }
            for (int i = 0; i < n; i++) {
                if (checkTerminated()) {
                    return STOP;
                }
                lastIndex = j;
                Inner<R> in = as[j];
                e = drainInner(in, r, e, missed);
                if (e == STOP) {
                    return STOP;
                }
                // done before empty: the inner queues its last value before it completes.
                if (in.failed || (in.done && in.isEmpty())) {
                    remove(in);
                    replenishMain++;
                    removedInner = true;
                }
                if (e == r) {
                    break;
                }
                if (++j == n) {
                    j = 0;
                }
            }
            lastIndex = j;
            return e;
        }

        /** One inner's values within demand and budget; the new emitted count, or STOP. */
        private long drainInner(Inner<R> in, long r, long e, int missed) {
            long got = 0;
            int left = allowance;
            while (e != r) {
                if ((left = topUp(left, r, e)) == 0) {
                    allowance = 0;
                    in.replenish(got);
                    emitted = e;
                    yieldDrain(missed, replenishMain);
                    return STOP;
                }
                left--;
                if (checkTerminated()) {
                    return STOP;
                }
                R v;
                try {
                    v = in.poll();
                } catch (Throwable ex) {
                    Exceptions.throwIfFatal(ex);
                    failInner(in, ex);
                    if (checkTerminated()) {
                        return STOP;
                    }
                    break;
                }
                if (v == null) {
                    break;
                }
                downstream.onNext(v);
                e++;
                got++;
            }
            allowance = left;
            in.replenish(got);
            return e;
        }

        /** Keeps WIP and continues later in a task, behind what the worker has waiting. */
        private void yieldDrain(int missed, long replenishMain) {
            if (replenishMain != 0 && bounded() && !done && !cancelled) {
                requestHolding(replenishMain);
            }
            resumeMissed = missed;
            if (resume == null) {
                resume = new DrainResumption(this::drainLoop, this::drainRejected);
            }
            resume.resume();
        }

        /** Holding WIP, with no continuation coming: the stream ends here with {@code ex}. */
        private void drainRejected(RejectedExecutionException ex) {
            resumeMissed = 0;
            boolean over = cancelled;
            cancelled = true;
            upstream.cancel();
            cancelInners();
            clearScalars();
            if (!over) {
                downstream.onError(ex);
            }
        }

        private boolean checkTerminated() {
            if (cancelled) {
                clearScalars();
                return true;
            }
            if (!delayError && error != null) {
                terminate();
                return true;
            }
            return false;
        }

        /** Delivers the terminal signal; holds WIP, which is never released again. */
        private void terminate() {
            cancelled = true;
            clearScalars();
            cancelInners();
            Throwable ex = Exceptions.terminate(ERROR, this);
            if (ex != null && ex != Exceptions.TERMINATED) {
                downstream.onError(ex);
            } else {
                downstream.onComplete();
            }
        }

        private void clearScalars() {
            Queue<R> q = scalarQueue;
            if (q != null) {
                q.clear();
            }
        }
    }

    /**
     * One inner subscription. Its values go down directly when possible (see {@code emitOrPark}),
     * else into its queue, created only then.
     */
    static final class Inner<R> extends QueueInner<R> {
        private final MergeSubscriber<?, R> parent;
        /** Its poll threw ({@code failInner}); written and read by the drain only. */
        boolean failed;

        Inner(MergeSubscriber<?, R> parent, int prefetch) {
            super(prefetch);
            this.parent = parent;
        }

        @Override
        boolean eagerQueue() {
            return false;
        }

        @Override
        void signal() {
            parent.drain();
        }

        @Override
        public void onNext(R t) {
            if (sourceMode == QueueSubscription.ASYNC) {
                parent.drain();
            } else {
                parent.emitOrPark(t, this);
            }
        }

        @Override
        public void onError(Throwable t) {
            parent.innerError(this, t);
        }
    }
}
