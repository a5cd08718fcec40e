package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.engine.Engine;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Demand;
import dev.rill.signal.Handles;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code ParallelRill.sequential}: merges the rails back into one stream, each rail's values as
 * they come. Each rail parks its values in a queue of its own ({@code prefetch} long, replenished
 * in batches of {@code prefetch - prefetch/4}); one drain at a time takes them round the rails to
 * the downstream. An error on a rail ends the stream at once and cancels the others (queued values
 * are dropped, as Reactor does); cancelling cancels them all.
 *
 * <p><b>Why not merge's drain.</b> The rails run on different threads at the same time and the
 * merge is much faster than they are, so a drain that each value enters on its own (an atomic
 * increment of a shared counter, then the emission) moves that counter's cache line, and the
 * downstream's state, between the cores once per value: it cost more than the rails' work. Here
 * a value costs its rail a queue offer, a fence and a read of the {@link #owned} flag, which stays
 * set, unwritten, as long as a drain is owed. On an engine worker the drain is a task that runs
 * after the current task's run (so a rail's whole run of values goes down in one drain, on one
 * core); off the engine the thread that takes the drain runs it in place.
 *
 * <p><b>No lost value (the Dekker pair).</b> A signaller publishes (offers a value, adds demand,
 * sets {@code done} or the error), then a full fence, then reads {@code owned}: if set, it leaves;
 * if clear, it tries to set it and, if it does, owns the drain. The owner, when it finds nothing
 * more to do, clears {@code owned} (a volatile store), then looks again at everything a signaller
 * publishes ({@link Merge#hasWork}) and, if there is work, tries to own the drain again. Of a
 * signaller's publication and the owner's clearing, one comes first in the fences' total order:
 * either the signaller reads {@code owned} clear and takes the drain itself, or the owner's second
 * look sees the publication. So something published is always drained by someone.
 *
 * <p>Threading: rails signal from their own threads; {@code request}/{@code cancel} from any
 * thread; the drain, hence every downstream signal, by one owner at a time (each owner's work
 * happens-before the next's: the clearing store and the setting CAS).
 */
final class ParallelMergeSequential<T> extends Rill<T> {

    private final ParallelRill<? extends T> source;
    private final int prefetch;

    ParallelMergeSequential(ParallelRill<? extends T> source, int prefetch) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException("sequential: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.prefetch = prefetch;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        Merge<T> merge = new Merge<>(s, source.parallelism(), prefetch);
        s.onSubscribe(merge);
        source.subscribeRails(merge.inners);
    }

    /** The downstream's subscription and the drain. */
    static final class Merge<T> implements Subscription {
        private static final VarHandle OWNED = Handles.field(MethodHandles.lookup(), "owned", int.class);
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle ERROR = Handles.field(MethodHandles.lookup(), "error", Throwable.class);
        /** Budget units claimed at once on an engine worker. */
        private static final int BATCH = 32;

        private final Subscriber<? super T> downstream;
        final Inner<T>[] inners;

        /** 1 while a drain is owed: running, or queued as a task. See the class comment. */
        @SuppressWarnings("unused")
        private volatile int owned;
        @SuppressWarnings("unused")
        private volatile long requested;
        /** The first rail error; set once. */
        @SuppressWarnings("unused")
        private volatile Throwable error;
        /** Cancelled, or the stream ended: what arrives from now on is dropped. */
        private volatile boolean cancelled;

        // Drain-owned (each owner's writes happen-before the next owner's reads, through owned).
        private long emitted;
        private int index;
        private DrainResumption resume;

        @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
        Merge(Subscriber<? super T> downstream, int rails, int prefetch) {
            this.downstream = downstream;
            this.inners = new Inner[rails];
            for (int i = 0; i < rails; i++) {
                inners[i] = new Inner<>(this, prefetch);
            }
        }

        @Override
        public void request(long n) {
            if (!Demand.isValid(n)) {
                fail(Demand.nonPositive(n)); // §3.9: the stream fails, the rails are cancelled
                return;
            }
            Demand.add(REQUESTED, this, n);
            signal();
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                cancelInners();
                signal(); // whoever drains drops the parked values
            }
        }

        /** A rail failed, or the downstream made a bad request: the first error ends the stream. */
        void fail(Throwable t) {
            if (ERROR.compareAndSet(this, null, t)) {
                cancelInners();
                signal();
            } else {
                Hooks.onErrorDropped(t);
            }
        }

        private void cancelInners() {
            for (Inner<T> inner : inners) {
                inner.cancel();
            }
        }

        /** After publishing something for the drain: make sure a drain will see it. */
        void signal() {
            VarHandle.fullFence(); // what the caller published, before the read of owned
            if ((int) OWNED.getVolatile(this) != 0 || !OWNED.compareAndSet(this, 0, 1)) {
                return; // the owner's second look (or its next round) sees it
            }
            if (Engine.current() == null) {
                drain();
                return;
            }
            if (resume == null) {
                resume = new DrainResumption(this::drain, this::drainRejected);
            }
            resume.resume(); // after the current run: a rail's run of values goes in one drain
        }

        /** Run by the owner: drains until nothing can be done, then lets go (or yields, still owning). */
        private void drain() {
            for (;;) {
                if (drainOnce()) {
                    return; // continues in a task, still owning
                }
                long e = emitted;
                OWNED.setVolatile(this, 0);
                if (!hasWork(e) || !OWNED.compareAndSet(this, 0, 1)) {
                    return;
                }
            }
        }

        /**
         * Emits what demand allows, round the rails from {@link #index}, at most a batch per rail
         * per visit; ends the stream when an error arrived or every rail completed and was drained.
         * True if the budget ran out and the drain continues in a task.
         */
        private boolean drainOnce() {
            Inner<T>[] in = inners;
            int n = in.length;
            long e = emitted;
            int idx = index;
            int allowance = 0;
            for (;;) {
                if (endedOrFailed()) {
                    return false;
                }
                long r = requested;
                int over = 0;
                boolean moved = false;
                for (int k = 0; k < n; k++) {
                    Inner<T> inner = in[idx];
                    boolean d = inner.done;
                    Queue<T> q = inner.queue;
                    for (int run = 0; run < inner.limit && e != r; run++) {
                        if (allowance == 0 && (allowance = Budget.claim(BATCH)) == 0) {
                            emitted = e;
                            index = idx;
                            resume.resume();
                            return true;
                        }
                        T v = q.poll();
                        if (v == null) {
                            break;
                        }
                        allowance--;
                        e++;
                        moved = true;
                        downstream.onNext(v);
                        inner.replenish();
                        if (cancelled) {
                            break;
                        }
                    }
                    if (d && q.isEmpty()) {
                        over++;
                    }
                    if (++idx == n) {
                        idx = 0;
                    }
                }
                emitted = e;
                index = idx;
                if (over == n && !cancelled) {
                    cancelled = true;
                    downstream.onComplete();
                    return false;
                }
                if (!moved) {
                    return false;
                }
            }
        }

        /** Drops the parked values if the stream is over; emits the error if one came. True if over. */
        private boolean endedOrFailed() {
            if (cancelled) {
                clearAll();
                return true;
            }
            Throwable ex = error;
            if (ex != null) {
                cancelled = true;
                clearAll();
                downstream.onError(ex);
                return true;
            }
            return false;
        }

        /**
         * The owner's second look after letting go: whether {@link #drainOnce} would do anything
         * now ({@code e}: what it had emitted). Exact, not merely "maybe": a true with nothing to
         * do would have the owner loop for ever.
         */
        private boolean hasWork(long e) {
            if (cancelled) {
                for (Inner<T> inner : inners) {
                    if (!inner.queue.isEmpty()) {
                        return true;
                    }
                }
                return false;
            }
            if (error != null) {
                return true;
            }
            boolean demand = requested != e;
            boolean allOver = true;
            for (Inner<T> inner : inners) {
                boolean d = inner.done;
                if (!inner.queue.isEmpty()) {
                    if (demand) {
                        return true;
                    }
                    allOver = false;
                } else if (!d) {
                    allOver = false;
                }
            }
            return allOver;
        }

        private void clearAll() {
            for (Inner<T> inner : inners) {
                inner.queue.clear();
            }
        }

        /** Owning the drain with no continuation coming (the engine closed): the stream ends with the cause. */
        private void drainRejected(RejectedExecutionException cause) {
            if (!cancelled) {
                cancelled = true;
                cancelInners();
                clearAll();
                downstream.onError(cause);
            }
        }
    }

    /** One rail's subscriber: parks its values for the drain and asks for more as they leave. */
    static final class Inner<T> implements CoreSubscriber<T> {
        private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);

        private final Merge<T> parent;
        private final int prefetch;
        final int limit;
        final Queue<T> queue;
        @SuppressWarnings("unused")
        private volatile Subscription upstream;
        /** Written after the rail's last value was parked. */
        volatile boolean done;
        /** Drain-owned: values taken since the last request. */
        private int consumed;

        Inner(Merge<T> parent, int prefetch) {
            this.parent = parent;
            this.prefetch = prefetch;
            this.limit = prefetch - (prefetch >> 2);
            this.queue = PrefetchQueues.spsc(prefetch);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Subscriptions.setOnce(UPSTREAM, this, s)) {
                s.request(prefetch);
            }
        }

        @Override
        public void onNext(T t) {
            Objects.requireNonNull(t, "§2.13 violated: onNext(null)");
            if (!queue.offer(t)) {
                parent.fail(new IllegalStateException("sequential: a rail emitted more than requested"));
                return;
            }
            parent.signal();
        }

        @Override
        public void onError(Throwable t) {
            parent.fail(t);
        }

        @Override
        public void onComplete() {
            done = true;
            parent.signal();
        }

        /** By the drain, per value taken. */
        void replenish() {
            if (++consumed == limit) {
                consumed = 0;
                ((Subscription) UPSTREAM.getVolatile(this)).request(limit);
            }
        }

        void cancel() {
            Subscriptions.cancel(UPSTREAM, this);
        }
    }
}
