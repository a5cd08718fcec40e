package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Handles;
import dev.rill.signal.QueueSubscription;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import org.reactivestreams.Subscription;

/**
 * The inner subscriber shared by the operators that merge several sources through one drain
 * ({@code flatMap}, {@code switchMap}, {@code zip}, {@code combineLatest}): it negotiates fusion
 * with its source (a SYNC source is drained straight, an ASYNC one is polled in place), else keeps
 * values in a JCTools SPSC queue of {@code prefetch}, and asks its source for more in batches of
 * {@code prefetch - prefetch/4} as the drain consumes.
 *
 * <p>Threading: the source's signals on one thread at a time (the producer side: {@link #offer});
 * {@link #poll}, {@link #isEmpty} and {@link #replenish} by the owner's drain only (the consumer
 * side). {@link #done} is written before the owner is told, and read by the drain before it looks
 * at the queue, so a value queued before completion is never missed.
 */
abstract class QueueInner<R> implements CoreSubscriber<R> {
    private static final VarHandle UPSTREAM = Handles.field(MethodHandles.lookup(), "upstream", Subscription.class);

    final int prefetch;
    private final int limit;
    private volatile Subscription upstream;
    /** Written before {@link #done} or before the owner is signalled; volatile for the racing drain. */
    private volatile QueueSubscription<R> fused;
    private volatile Queue<R> queue;
    /** A scalar inner's one value ({@link #preload}); taken by the first poll. Drain-owned after publication. */
    private R scalar;
    int sourceMode;
    volatile boolean done;
    /** Drain-owned: values taken since the last replenish. */
    private long consumed;

    QueueInner(int prefetch) {
        this.prefetch = prefetch;
        this.limit = prefetch - (prefetch >> 2);
    }

    /** The owner should look at this inner again (new values, or the end). */
    abstract void signal();

    /** The source failed (or overflowed its demand). */
    @Override
    public abstract void onError(Throwable t);

    /** Whether to create the queue up front; the flatMap fast path creates it only on need. */
    boolean eagerQueue() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onSubscribe(Subscription s) {
        if (!Subscriptions.setOnce(UPSTREAM, this, s)) {
            return;
        }
        if (s instanceof QueueSubscription) {
            QueueSubscription<R> qs = (QueueSubscription<R>) s;
            int m = qs.requestFusion(QueueSubscription.ANY);
            if (m == QueueSubscription.SYNC) {
                sourceMode = m;
                fused = qs;
                done = true;
                signal();
                return;
            }
            if (m == QueueSubscription.ASYNC) {
                sourceMode = m;
                fused = qs;
                s.request(prefetch);
                return;
            }
        }
        if (eagerQueue()) {
            queue = PrefetchQueues.spsc(prefetch);
        }
        s.request(prefetch);
    }

    /** Default producer path: queue (unless the source is ASYNC-fused) and signal. */
    @Override
    public void onNext(R t) {
        if (sourceMode == QueueSubscription.ASYNC || offer(t)) {
            signal();
        }
    }

    @Override
    public void onComplete() {
        done = true;
        signal();
    }

    /** Producer side; false (after cancelling and failing) if the source ignored backpressure. */
    final boolean offer(R v) {
        Queue<R> q = queue;
        if (q == null) {
            q = PrefetchQueues.spsc(prefetch);
            queue = q;
        }
        if (!q.offer(v)) {
            cancel();
            onError(new IllegalStateException("an inner source emitted more than requested (prefetch " + prefetch + ")"));
            return false;
        }
        return true;
    }

    /** The fused source (SYNC or ASYNC), or null. */
    final QueueSubscription<R> fusedSource() {
        return fused;
    }

    /** The queue the producer fills, or null if none was needed yet (or the source is fused). */
    final Queue<R> queue() {
        return queue;
    }

    final R poll() {
        QueueSubscription<R> f = fused;
        if (f != null) {
            return f.poll();
        }
        Queue<R> q = queue;
        if (q != null) {
            return q.poll();
        }
        R v = scalar;
        scalar = null;
        return v;
    }

    final boolean isEmpty() {
        QueueSubscription<R> f = fused;
        if (f != null) {
            return f.isEmpty();
        }
        Queue<R> q = queue;
        return q == null ? scalar == null : q.isEmpty();
    }

    final void clearQueue() {
        QueueSubscription<R> f = fused;
        if (f != null) {
            f.clear();
            return;
        }
        Queue<R> q = queue;
        if (q != null) {
            q.clear();
        }
        scalar = null;
    }

    /**
     * A scalar inner: its one value (or none) is there before anyone looks; no source, no queue.
     * Call before the inner is published to the drain (the publishing write orders it).
     */
    final void preload(R value) {
        sourceMode = QueueSubscription.SYNC;
        scalar = value;
        upstream = Subscriptions.CANCELLED;
        done = true;
    }

    /** Drain-owned: {@code n} values were taken; asks for more once a batch is due. */
    final void replenish(long n) {
        if (n == 0 || sourceMode == QueueSubscription.SYNC) {
            return;
        }
        long c = consumed + n;
        if (c >= limit) {
            consumed = 0;
            ((Subscription) UPSTREAM.getVolatile(this)).request(c);
        } else {
            consumed = c;
        }
    }

    final void cancel() {
        Subscriptions.cancel(UPSTREAM, this);
    }
}
