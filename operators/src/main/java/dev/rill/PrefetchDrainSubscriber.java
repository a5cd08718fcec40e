package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.QueueSubscription;
import dev.rill.signal.Subscriptions;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The body {@code publishOn} and {@code limitRate} share: take from upstream {@code prefetch}
 * values ahead (replenishing in batches of {@code prefetch - prefetch/4}), straight from a SYNC- or
 * ASYNC-fused upstream or else through a JCTools SPSC queue, and drain them within demand and the
 * budget, a budget batch at a time. An upstream error follows the values that preceded it. Where
 * the drain runs is the subclass's, chosen once when the operator subscribes: an engine
 * {@code Task}, a foreign {@code Scheduler.Worker}, or the signalling thread ({@link #schedule},
 * {@link #claim}).
 *
 * <p>Neither output fusion nor a conditional variant: the stage below a hop runs on the drain's
 * thread anyway, and nothing measured needed them.
 *
 * <p>Threading: upstream signals serially; requests and cancels from any thread; the drain owned
 * by whoever wins the drain counter (see {@link QueueDrainSubscriber}).
 */
abstract class PrefetchDrainSubscriber<T> extends QueueDrainSubscriber<T> {
    private final int prefetch;
    private final int limit;
    private final int fusionMode;

    private QueueSubscription<T> fused;
    private Queue<T> queue;
    private int sourceMode;

    // Drain-owned.
    private int consumed;
    private int missed;
    private boolean resumed;

    /**
     * @param threadBoundary the drain runs on another thread than the upstream: fusion is
     *        asked with {@code THREAD_BOUNDARY}, so upstream user code stays upstream
     */
    PrefetchDrainSubscriber(Subscriber<? super T> downstream, int prefetch, boolean threadBoundary) {
        super(downstream);
        this.prefetch = prefetch;
        this.limit = prefetch - (prefetch >> 2);
        this.fusionMode = threadBoundary ? QueueSubscription.ANY | QueueSubscription.THREAD_BOUNDARY
                : QueueSubscription.ANY;
    }

    /** Runs {@link #drain()} where this mode runs it; may throw {@link RejectedExecutionException}. */
    abstract void schedule();

    /** Budget units for up to {@code demand} values; 0 means yield. */
    abstract int claim(long demand);

    /** The operator's name, for error messages. */
    abstract String name();

    @Override
    @SuppressWarnings("unchecked")
    public void onSubscribe(Subscription s) {
        if (!Subscriptions.validate(upstream, s)) {
            return;
        }
        upstream = s;
        if (s instanceof QueueSubscription) {
            QueueSubscription<T> qs = (QueueSubscription<T>) s;
            int m = qs.requestFusion(fusionMode);
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
        queue = PrefetchQueues.spsc(prefetch);
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
            error = new IllegalStateException(name() + ": the upstream emitted more than requested");
            done = true;
        }
        signal();
    }

    @Override
    final void startDrain() {
        scheduleDrain();
    }

    private void scheduleDrain() {
        try {
            schedule();
        } catch (RejectedExecutionException e) {
            abort(e); // we own the drain and none is coming: fail here
        }
    }

    final void drain() {
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

    /** Out of budget: keep ownership of the drain and continue in a later run. */
    private void yieldAt(long e, int m) {
        emitted = e;
        missed = m;
        resumed = true;
        scheduleDrain();
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
    }
}
