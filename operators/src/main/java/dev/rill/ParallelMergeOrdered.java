package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.signal.Demand;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Wip;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code ParallelRill.ordered}: merges the rails by emitting, each time, the smallest by the
 * comparator of the rails' next values. It emits only when every rail that has not ended has a
 * value waiting (else the smallest could still come), so rails that are each in order give one
 * ordered stream. Each rail is a {@link QueueInner} ({@code prefetch} ahead, replenished in
 * batches). The first error (a rail's, or the comparator's) cancels the rails and is delivered at
 * once; values still waiting are dropped.
 *
 * <p>Threading: the rails signal from their threads; one serialized drain (work-in-progress
 * counter) emits, within demand and the {@link Budget}, continuing in a task of its own when the
 * budget runs out on an engine worker.
 */
final class ParallelMergeOrdered<T> extends Rill<T> {

    private final ParallelRill<? extends T> source;
    private final Comparator<? super T> comparator;
    private final int prefetch;

    ParallelMergeOrdered(ParallelRill<? extends T> source, Comparator<? super T> comparator, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("ordered: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.comparator = Objects.requireNonNull(comparator, "comparator");
        this.prefetch = prefetch;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        Main<T> main = new Main<>(s, source.parallelism(), prefetch, comparator);
        s.onSubscribe(main);
        source.subscribeRails(main.rails);
    }

    static final class Main<T> implements Subscription {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);

        /** Drain-owned after subscription; dropped by the drain once the stream is over (§3.13). */
        private Subscriber<? super T> downstream;
        private final Comparator<? super T> comparator;
        final RailInner<T>[] rails;
        /** Drain-owned: each rail's next value, taken from its queue and not yet emitted. */
        private final Object[] heads;

        @SuppressWarnings("unused")
        private volatile int wip;
        @SuppressWarnings("unused")
        private volatile long requested;
        private volatile Throwable error;
        private volatile boolean cancelled;

        // Drain-owned.
        private long emitted;
        private boolean over;
        private int resumeMissed;
        private DrainResumption resume;

        @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
        Main(Subscriber<? super T> downstream, int n, int prefetch, Comparator<? super T> comparator) {
            this.downstream = downstream;
            this.comparator = comparator;
            this.rails = new RailInner[n];
            this.heads = new Object[n];
            for (int i = 0; i < n; i++) {
                rails[i] = new RailInner<>(this, prefetch);
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                fail(Demand.nonPositive(n));
                return;
            }
            Demand.add(REQUESTED, this, n);
            signal();
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            cancelRails();
            signal(); // whoever holds the drain drops the waiting values
        }

        void fail(Throwable t) {
            if (ERROR.compareAndSet(this, null, t)) {
                signal();
            } else {
                Hooks.onErrorDropped(t);
            }
        }

        void signal() {
            if (Wip.enter(WIP, this)) {
                drain();
            }
        }

        private void cancelRails() {
            for (RailInner<T> r : rails) {
                r.cancel();
            }
        }

        private void drain() {
            int missed = resumeMissed != 0 ? resumeMissed : 1;
            resumeMissed = 0;
            for (;;) {
                if (emitAll(missed)) {
                    return;
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** One pass: the smallest heads while there is demand. True if the drain is over or continues in a task. */
        private boolean emitAll(int missed) {
            long e = emitted;
            int allowance = 0;
            for (;;) {
                if (checkTerminated()) {
                    return true;
                }
                int pick = pick();
                if (pick == STOP) {
                    return true;
                }
                long r = (long) REQUESTED.getVolatile(this);
                if (pick == WAIT || e == r) {
                    emitted = e;
                    return false;
                }
                if (allowance == 0 && (allowance = Budget.claim((int) Math.min(r - e, Budget.PER_RUN))) == 0) {
                    emitted = e;
                    yieldDrain(missed);
                    return true;
                }
                allowance--;
                @SuppressWarnings("unchecked")
                T v = (T) heads[pick];
                heads[pick] = null;
                rails[pick].replenish(1);
                e++;
                downstream.onNext(v);
            }
        }

        private static final int WAIT = -1;
        private static final int STOP = -2;

        /**
         * Fills the heads from the rails and returns the index of the smallest, WAIT if a rail
         * still running has none yet, or STOP if the stream ended here (every rail done and empty,
         * or a poll or the comparator threw).
         */
        @SuppressWarnings("unchecked")
        private int pick() {
            Object[] hs = heads;
            int min = -1;
            boolean waiting = false;
            try {
                for (int i = 0; i < hs.length; i++) {
                    if (hs[i] == null) {
                        RailInner<T> r = rails[i];
                        boolean d = r.done;
                        T v = r.poll();
                        if (v == null) {
                            waiting |= !d;
                            continue;
                        }
                        hs[i] = v;
                    }
                    if (min < 0 || comparator.compare((T) hs[i], (T) hs[min]) < 0) {
                        min = i;
                    }
                }
            } catch (Throwable ex) {
                Exceptions.throwIfFatal(ex);
                ERROR.compareAndSet(this, null, ex);
                checkTerminated();
                return STOP;
            }
            if (waiting) {
                return WAIT;
            }
            if (min < 0) {
                over = true;
                Subscriber<? super T> a = downstream;
                downstream = null;
                a.onComplete();
                return STOP;
            }
            return min;
        }

        /** Holding the drain: true if the stream is over (cancelled, or failed and told so). */
        private boolean checkTerminated() {
            if (over || cancelled) {
                clear();
                downstream = null; // a queued rail task or continuation must not keep the subscriber alive
                return true;
            }
            Throwable ex = error;
            if (ex != null) {
                over = true;
                cancelRails();
                clear();
                Subscriber<? super T> a = downstream;
                downstream = null;
                a.onError(ex);
                return true;
            }
            return false;
        }

        private void clear() {
            Arrays.fill(heads, null);
            for (RailInner<T> r : rails) {
                r.clearQueue();
            }
        }

        /** Out of budget on an engine worker: keep the drain and continue in a task, behind the waiting ones. */
        private void yieldDrain(int missed) {
            resumeMissed = missed;
            if (resume == null) {
                resume = new DrainResumption(this::drain, this::drainRejected);
            }
            resume.resume();
        }

        /** Holding the drain with no continuation coming (the engine closed): the stream ends with the cause. */
        private void drainRejected(RejectedExecutionException cause) {
            resumeMissed = 0;
            ERROR.compareAndSet(this, null, cause);
            checkTerminated();
        }
    }

    /** One rail: its queue, its demand on the rail, its end. */
    static final class RailInner<T> extends QueueInner<T> {
        private final Main<T> parent;

        RailInner(Main<T> parent, int prefetch) {
            super(prefetch);
            this.parent = parent;
        }

        @Override
        void signal() {
            parent.signal();
        }

        @Override
        public void onError(Throwable t) {
            parent.fail(t);
        }
    }
}
