package dev.rill;

import dev.rill.engine.Budget;
import dev.rill.engine.Engine;
import dev.rill.engine.Scheduler;
import dev.rill.engine.Task;
import dev.rill.signal.Exceptions;
import dev.rill.signal.QueueSubscription;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.jctools.queues.SpscArrayQueue;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code publishOn}: delivers signals on a {@link Scheduler}. On an {@link Engine} the drain is one
 * reusable {@link Task} (no allocation per wake-up); elsewhere it runs on a
 * {@link Scheduler.Worker}. It pulls straight from a SYNC- or ASYNC-fused upstream (asking with
 * {@code THREAD_BOUNDARY}, so upstream user code stays upstream), or else buffers in a JCTools SPSC
 * queue of {@code prefetch}, replenishing upstream in batches of {@code prefetch - prefetch/4}. The
 * drain spends one {@link Budget} unit per value and yields its worker when the budget runs out, so
 * endless streams share workers fairly. An upstream error is delivered after the values that
 * preceded it. A schedule rejected by a closed engine becomes
 * {@code onError(RejectedExecutionException)}.
 */
final class RillPublishOn<T> extends Rill<T> {

    private final Rill<? extends T> source;
    private final Scheduler scheduler;
    private final int prefetch;

    RillPublishOn(Rill<? extends T> source, Scheduler scheduler, int prefetch) {
        this(source, Objects.requireNonNull(scheduler, "scheduler"), prefetch, "publishOn");
    }

    private RillPublishOn(Rill<? extends T> source, Scheduler scheduler, int prefetch, String name) {
        if (prefetch <= 0) {
            throw new IllegalArgumentException(name + ": prefetch must be positive, was " + prefetch);
        }
        this.source = source;
        this.scheduler = scheduler;
        this.prefetch = prefetch;
    }

    /**
     * {@code limitRate}: the same prefetch-and-replenish queue with no thread hand-off; the drain
     * runs on whichever thread signals (no scheduler, no budget yields, fusion without the
     * thread-boundary flag). Upstream sees requests of {@code prefetch}, then batches of
     * {@code prefetch - prefetch/4}, whatever the downstream asks for.
     */
    static <T> RillPublishOn<T> limitRate(Rill<? extends T> source, int prefetch) {
        return new RillPublishOn<>(source, null, prefetch, "limitRate");
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        source.subscribe(new PublishOnSubscriber<>(s, scheduler, prefetch));
    }

    static final class PublishOnSubscriber<T> extends QueueDrainSubscriber<T> implements Runnable {
        private final int prefetch;
        private final int limit;
        private final Task task;
        private final Scheduler.Worker worker;

        private QueueSubscription<T> fused;
        private SpscArrayQueue<T> queue;
        private int sourceMode;

        // Drain-owned.
        private int consumed;
        private int missed;
        private boolean resumed;

        PublishOnSubscriber(Subscriber<? super T> downstream, Scheduler scheduler, int prefetch) {
            super(downstream);
            this.prefetch = prefetch;
            this.limit = prefetch - (prefetch >> 2);
            if (scheduler == null) {
                this.task = null;
                this.worker = null;
            } else if (scheduler instanceof Engine engine) {
                this.task = new Task(engine) {
                    @Override
                    protected void run() {
                        drain();
                    }
                };
                this.worker = null;
            } else {
                this.task = null;
                this.worker = scheduler.createWorker();
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
                QueueSubscription<T> qs = (QueueSubscription<T>) s;
                int m = qs.requestFusion(task == null && worker == null
                        ? QueueSubscription.ANY : QueueSubscription.ANY | QueueSubscription.THREAD_BOUNDARY);
                if (m == QueueSubscription.SYNC) {
                    sourceMode = m;
                    fused = qs;
                    done = true;
                    downstream.onSubscribe(this);
                    return;
                }
                if (m == QueueSubscription.ASYNC) {
                    sourceMode = m;
                    fused = qs;
                    downstream.onSubscribe(this);
                    s.request(prefetch);
                    return;
                }
            }
            queue = new SpscArrayQueue<>(prefetch);
            downstream.onSubscribe(this);
            s.request(prefetch);
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
                error = new IllegalStateException("publishOn: the upstream emitted more than requested");
                done = true;
            }
            signal();
        }

        @Override
        void onCancel() {
            if (worker != null) {
                worker.cancel();
            }
        }

        @Override
        void startDrain() {
            schedule();
        }

        private void schedule() {
            try {
                if (task != null) {
                    task.schedule();
                } else if (worker != null) {
                    worker.schedule(this);
                } else {
                    drain(); // limitRate: no hand-off
                }
            } catch (RejectedExecutionException e) {
                abort(e); // we own the drain and none is coming: fail here
            }
        }

        /** The worker path: one scheduled run. */
        @Override
        public void run() {
            drain();
        }

        private void drain() {
            if (sourceMode == QueueSubscription.SYNC) {
                drainSync();
                return;
            }
            int m = resumed ? missed : 1;
            resumed = false;
            Subscriber<? super T> a = downstream;
            long e = emitted;
            for (;;) {
                long r = requested();
                while (e != r) {
                    int batch = claim(r - e);
                    if (batch == 0) {
                        yieldAt(e, m);
                        return;
                    }
                    int k = 0;
                    for (; k < batch; k++) {
                        boolean d = done;
                        T v;
                        try {
                            v = poll();
                        } catch (Throwable ex) {
                            Exceptions.throwIfFatal(ex);
                            abort(ex);
                            return;
                        }
                        boolean empty = v == null;
                        if (terminated(d, empty)) {
                            return;
                        }
                        if (empty) {
                            break;
                        }
                        a.onNext(v);
                        if (++consumed == limit) {
                            consumed = 0;
                            upstream.request(limit);
                        }
                    }
                    e += k;
                    if (k < batch) {
                        break; // nothing more queued for now
                    }
                }
                if (e == r && terminated(done, isEmpty())) {
                    return;
                }
                emitted = e;
                m = leave(m);
                if (m == 0) {
                    return;
                }
            }
        }

        /**
         * The drain over a SYNC-fused upstream: the upstream is the queue and is complete from the
         * start, so an empty poll is the end of the stream; no done flag, no replenishing.
         */
        private void drainSync() {
            int m = resumed ? missed : 1;
            resumed = false;
            Subscriber<? super T> a = downstream;
            QueueSubscription<T> q = fused;
            long e = emitted;
            for (;;) {
                long r = requested();
                while (e != r) {
                    int batch = claim(r - e);
                    if (batch == 0) {
                        yieldAt(e, m);
                        return;
                    }
                    // A counted loop over one budget batch: no per-value budget or demand check.
                    for (int k = 0; k < batch; k++) {
                        T v;
                        try {
                            v = q.poll();
                        } catch (Throwable ex) {
                            Exceptions.throwIfFatal(ex);
                            abort(ex);
                            return;
                        }
                        if (terminated(true, v == null)) {
                            return;
                        }
                        a.onNext(v);
                    }
                    e += batch;
                }
                if (terminated(true, q.isEmpty())) {
                    return;
                }
                emitted = e;
                m = leave(m);
                if (m == 0) {
                    return;
                }
            }
        }

        /** Budget units for up to {@code demand} values: claimed a batch at a time, not per value. */
        private int claim(long demand) {
            int want = (int) Math.min(demand, Budget.PER_RUN);
            return task == null && worker == null ? want : Budget.claim(want);
        }

        /** Out of budget: keep ownership of the drain and continue in a later run. */
        private void yieldAt(long e, int m) {
            emitted = e;
            missed = m;
            resumed = true;
            schedule();
        }

        private T poll() {
            return fused != null ? fused.poll() : queue.poll();
        }

        private boolean isEmpty() {
            return fused != null ? fused.isEmpty() : queue.isEmpty();
        }

        @Override
        void clear() {
            if (fused != null) {
                fused.clear();
            } else if (queue != null) {
                queue.clear();
            }
            if (worker != null) {
                worker.cancel();
            }
        }
    }
}
