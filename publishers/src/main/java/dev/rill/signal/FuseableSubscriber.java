package dev.rill.signal;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The base of a one-to-one stage ({@code map}, {@code filter}, {@code doOnNext}, ...): it holds the
 * upstream subscription, passes {@code request}/{@code cancel} up, negotiates fusion through to the
 * upstream (refusing it across a thread boundary, since a stage that runs user code must not move
 * it to another thread), and routes errors: the first terminal signal wins, later errors go to
 * {@link Hooks}. A failing user function goes through {@link #fail(Throwable)}: cancel upstream,
 * then {@code onError}.
 *
 * <p>The stage is also a {@link ConditionalSubscriber} toward its upstream; subclasses implement
 * {@link #tryOnNext} so a filter below never costs a {@code request(1)} per dropped value.
 *
 * <p>Threading: {@code onXxx} serialized from upstream; {@code request}/{@code cancel} from any
 * thread; the queue methods by the one downstream consumer that fused.
 *
 * @param <T> the upstream type
 * @param <R> the downstream type
 */
public abstract class FuseableSubscriber<T, R> implements ConditionalSubscriber<T>, QueueSubscription<R> {

    protected final Subscriber<? super R> downstream;
    /** The downstream as a conditional subscriber, or null if it is not one. */
    protected final ConditionalSubscriber<? super R> conditional;
    protected Subscription upstream;
    /** The upstream as a fusable queue, or null. */
    protected QueueSubscription<T> qs;
    protected boolean done;
    /** The fusion mode agreed with the upstream on the downstream's behalf. */
    protected int sourceMode;

    @SuppressWarnings("unchecked")
    protected FuseableSubscriber(Subscriber<? super R> downstream) {
        this.downstream = downstream;
        this.conditional = downstream instanceof ConditionalSubscriber
                ? (ConditionalSubscriber<? super R>) downstream : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onSubscribe(Subscription s) {
        if (Subscriptions.validate(upstream, s)) {
            upstream = s;
            if (s instanceof QueueSubscription) {
                qs = (QueueSubscription<T>) s;
            }
            downstream.onSubscribe(this);
            onStart();
        }
    }

    /** After the downstream got its subscription; for stages that act at once (e.g. take(0)). */
    protected void onStart() {
    }

    /**
     * An ASYNC-fused source says "ready" here, never through {@link #tryOnNext} (which so has no
     * mode test per value: a smaller body that C2 inlines whole into the source's loop).
     */
    @Override
    public void onNext(T t) {
        if (sourceMode == ASYNC) {
            downstream.onNext(null);
            return;
        }
        if (!tryOnNext(t) && !done && sourceMode == NONE) {
            upstream.request(1); // dropped: replace it
        }
    }

    @Override
    public void onError(Throwable t) {
        if (done) {
            Hooks.onErrorDropped(t);
            return;
        }
        done = true;
        downstream.onError(t);
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        done = true;
        downstream.onComplete();
    }

    /** A user function threw or returned null: cancel upstream and signal the error. */
    protected final void fail(Throwable t) {
        Exceptions.throwIfFatal(t);
        upstream.cancel();
        onError(t);
    }

    /** Passes a value on, through {@code tryOnNext} when the downstream is conditional. */
    protected final boolean emit(R r) {
        if (conditional != null) {
            return conditional.tryOnNext(r);
        }
        downstream.onNext(r);
        return true;
    }

    @Override
    public void request(long n) {
        upstream.request(n);
    }

    @Override
    public void cancel() {
        upstream.cancel();
    }

    /**
     * Fusion for a stage that runs user code: passed through to the upstream unless the
     * downstream polls from another thread.
     */
    @Override
    public int requestFusion(int mode) {
        QueueSubscription<T> q = qs;
        if (q == null || (mode & THREAD_BOUNDARY) != 0) {
            return NONE;
        }
        int m = q.requestFusion(mode);
        if (m != NONE) {
            sourceMode = m;
        }
        return m;
    }

    @Override
    public boolean isEmpty() {
        return qs.isEmpty();
    }

    @Override
    public void clear() {
        qs.clear();
    }

    @Override
    public int size() {
        return qs.size();
    }
}
