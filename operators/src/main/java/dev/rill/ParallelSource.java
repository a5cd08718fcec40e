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
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code Rill.parallel(rails)}: splits one stream into rails. It takes {@code prefetch} values
 * ahead from the source (straight from a fused source, else through an SPSC queue, replenishing
 * in batches of {@code prefetch - prefetch/4}) and deals them out from one serialized drain.
 *
 * <p>The deal is by demand, not by turn: going round the rails from where it stopped, the drain
 * gives the next value to the next rail that has asked for one, and skips a rail that has not.
 * So a rail that falls behind (its {@code runOn} queue full) takes fewer values and the others
 * take more; the source waits only when no rail at all has room. Within a rail, values keep the
 * source's order.
 *
 * <p>The drain runs wherever demand or values arrive (usually a rail's engine task asking for
 * more); it spends one {@link Budget} unit per value and, out of budget, continues in a task of
 * its own at the back of the queue. A source error reaches every rail at once (the values still
 * queued are dropped, as Reactor does); completion follows the last value. A rail that cancels
 * cancels the source and so ends the dealing for every rail, as in Reactor and RxJava (the merges
 * cancel all rails together anyway).
 *
 * <p>Threading: upstream signals serialized; each rail's {@code request}/{@code cancel} from any
 * thread; rail signals only from the drain, so each rail's are serialized.
 */
final class ParallelSource<T> extends ParallelRill<T> {

    private final Rill<? extends T> source;
    private final int parallelism;
    private final int prefetch;

    ParallelSource(Rill<? extends T> source, int parallelism, int prefetch) {
        if (parallelism <= 0) {
            throw new IllegalArgumentException("parallel: rails must be positive, was " + parallelism);
        }
        if (prefetch <= 0) {
            throw new IllegalArgumentException("parallel: prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.parallelism = parallelism;
        this.prefetch = prefetch;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    void subscribeRails(Subscriber<? super T>[] rails) {
        Rill.subscribeChain(source, new Dealer<>(rails, prefetch));
    }

    /** The source's subscriber and the drain that deals its values to the rails. */
    static final class Dealer<T> implements CoreSubscriber<T> {
        private static final VarHandle WIP = Handles.field(MethodHandles.lookup(), "wip", int.class);
        /** Budget units claimed at once: small, so what the rails below spend stays theirs. */
        private static final int BATCH = 32;

        private final Subscriber<? super T>[] subscribers;
        private final Rail[] rails;
        private final int prefetch;
        private final int limit;

        private Subscription upstream;
        private QueueSubscription<T> fused;
        private Queue<T> queue;
        private int sourceMode;

        @SuppressWarnings("unused")
        private volatile int wip;
        /** Every rail has had {@code onSubscribe}: the drain may deal. */
        private volatile boolean ready;
        /** Written after {@link #error}. */
        private volatile boolean done;
        private Throwable error;
        /** The stream is over for the rails: a rail cancelled, or the drain terminated them. */
        private volatile boolean cancelled;

        // Drain-owned.
        private int index;
        private int consumed;
        private int resumeMissed;
        private DrainResumption resume;

        Dealer(Subscriber<? super T>[] subscribers, int prefetch) {
            this.subscribers = subscribers;
            this.prefetch = prefetch;
            this.limit = prefetch - (prefetch >> 2);
            this.rails = new Rail[subscribers.length];
            for (int i = 0; i < rails.length; i++) {
                rails[i] = new Rail(this);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onSubscribe(Subscription s) {
            if (!Subscriptions.validate(upstream, s)) {
                return;
            }
            upstream = s;
            if (s instanceof QueueSubscription) {
                // The drain runs on the rails' threads: fusion across that boundary keeps upstream user code upstream.
                QueueSubscription<T> qs = (QueueSubscription<T>) s;
                int m = qs.requestFusion(QueueSubscription.ANY | QueueSubscription.THREAD_BOUNDARY);
                if (m == QueueSubscription.SYNC || m == QueueSubscription.ASYNC) {
                    sourceMode = m;
                    fused = qs;
                    done = m == QueueSubscription.SYNC;
                }
            }
            if (fused == null) {
                queue = PrefetchQueues.spsc(prefetch);
            }
            for (int i = 0; i < rails.length; i++) {
                subscribers[i].onSubscribe(rails[i]);
            }
            ready = true;
            if (sourceMode != QueueSubscription.SYNC) {
                s.request(prefetch);
            }
            signal();
        }

        @Override
        public void onNext(T t) {
            if (sourceMode == QueueSubscription.ASYNC) {
                signal();
                return;
            }
            if (done) {
                return;
            }
            if (!queue.offer(t)) {
                upstream.cancel();
                error = new IllegalStateException("parallel: the upstream emitted more than requested");
                done = true;
            }
            signal();
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Hooks.onErrorDropped(t);
                return;
            }
            error = t;
            done = true;
            signal();
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            signal();
        }

        void signal() {
            if (Wip.enter(WIP, this)) {
                drain();
            }
        }

        /** A rail cancelled: the source is cancelled, and nothing more is dealt. */
        void railCancelled() {
            cancelled = true;
            upstream.cancel();
            signal(); // whoever holds the drain drops the queued values
        }

        private void drain() {
            int missed = resumeMissed != 0 ? resumeMissed : 1;
            resumeMissed = 0;
            for (;;) {
                if (ready && deal(missed)) {
                    return;
                }
                missed = Wip.leave(WIP, this, missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /**
         * One pass: values to the rails that want them, round the rails from {@link #index}, until
         * the queue is empty or no rail wants one. True if the drain is over or continues in a task.
         */
        private boolean deal(int missed) {
            Rail[] rs = rails;
            int n = rs.length;
            int idx = index;
            int notReady = 0;
            int allowance = 0;
            for (;;) {
                if (cancelled) {
                    clear();
                    return true;
                }
                boolean d = done;
                if (d && error != null) {
                    terminate(error);
                    return true;
                }
                Rail rail = rs[idx];
                long e = rail.emitted;
                if (!rail.cancelled && rail.requested != e) {
                    if (allowance == 0 && (allowance = Budget.claim(BATCH)) == 0) {
                        index = idx;
                        yieldDrain(missed);
                        return true;
                    }
                    T v;
                    try {
                        v = fused != null ? fused.poll() : queue.poll();
                    } catch (Throwable ex) {
                        Exceptions.throwIfFatal(ex);
                        upstream.cancel();
                        terminate(ex);
                        return true;
                    }
                    if (v == null) {
                        if (d) {
                            terminate(null);
                            return true;
                        }
                        break;
                    }
                    allowance--;
                    rail.emitted = e + 1;
                    subscribers[idx].onNext(v);
                    replenish();
                    notReady = 0;
                } else if (++notReady == n) {
                    if (d && isEmpty()) {
                        terminate(null);
                        return true;
                    }
                    break;
                }
                if (++idx == n) {
                    idx = 0;
                }
            }
            index = idx;
            return false;
        }

        private void replenish() {
            if (sourceMode != QueueSubscription.SYNC && ++consumed == limit) {
                consumed = 0;
                upstream.request(limit);
            }
        }

        private boolean isEmpty() {
            return fused != null ? fused.isEmpty() : queue.isEmpty();
        }

        /** Holding the drain: the stream ends for every rail still listening ({@code e} null: completion). */
        private void terminate(Throwable e) {
            cancelled = true;
            clear();
            for (int i = 0; i < rails.length; i++) {
                if (!rails[i].cancelled) {
                    if (e != null) {
                        subscribers[i].onError(e);
                    } else {
                        subscribers[i].onComplete();
                    }
                }
            }
        }

        private void clear() {
            if (fused != null) {
                fused.clear();
            } else if (queue != null) {
                queue.clear();
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

        /** Holding the drain with no continuation coming (the engine closed): the rails end with the cause. */
        private void drainRejected(RejectedExecutionException cause) {
            resumeMissed = 0;
            if (cancelled) {
                clear();
                return;
            }
            upstream.cancel();
            terminate(cause);
        }
    }

    /** One rail's subscription: its demand, and what the drain has dealt it. */
    static final class Rail implements Subscription {
        private static final VarHandle REQUESTED = Handles.field(MethodHandles.lookup(), "requested", long.class);
        private static final VarHandle CANCELLED = Handles.field(MethodHandles.lookup(), "cancelled", boolean.class);

        private final Dealer<?> parent;
        volatile long requested;
        volatile boolean cancelled;
        /** Drain-owned: values dealt to this rail. */
        long emitted;

        Rail(Dealer<?> parent) {
            this.parent = parent;
        }

        @Override
        public void request(long n) {
            if (Demand.isValid(n)) {
                Demand.add(REQUESTED, this, n);
                parent.signal();
            }
        }

        @Override
        public void cancel() {
            if (CANCELLED.compareAndSet(this, false, true)) {
                parent.railCancelled();
            }
        }
    }
}
