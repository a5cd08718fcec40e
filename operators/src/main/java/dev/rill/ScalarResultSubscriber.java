package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.DeferredScalarSubscription;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The base of every operator whose result is one value computed from the whole upstream
 * ({@code reduce}, {@code count}, {@code collectList}, {@code any}, {@code last}, ...): it requests
 * everything from upstream, folds values as they come, and emits the result when upstream
 * completes and the downstream has asked. A stage may also finish early ({@link #finish}), which
 * cancels upstream. A failing user function cancels upstream and signals the error.
 *
 * <p>Threading: {@code onXxx} serialized from upstream; {@code request}/{@code cancel} from any
 * thread.
 */
abstract class ScalarResultSubscriber<T, R> extends DeferredScalarSubscription<R> implements CoreSubscriber<T> {

    private Subscription upstream;
    private boolean done;

    ScalarResultSubscriber(Subscriber<? super R> downstream) {
        super(downstream);
    }

    @Override
    public final void onSubscribe(Subscription s) {
        if (Subscriptions.validate(upstream, s)) {
            upstream = s;
            downstream.onSubscribe(this);
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public final void onNext(T t) {
        if (done) {
            return;
        }
        try {
            accept(t);
        } catch (Throwable e) {
            acceptFailed(e);
        }
    }

    /**
     * Out of {@code onNext} to keep that under C2's 35-byte limit for inlining a call site it does
     * not find hot (behind a filter): not inlined, the value escapes and JDK 25 keeps its box.
     */
    private void acceptFailed(Throwable e) {
        Exceptions.throwIfFatal(e);
        upstream.cancel();
        onError(e);
    }

    @Override
    public final void onError(Throwable t) {
        if (done) {
            Hooks.onErrorDropped(t);
            return;
        }
        done = true;
        error(t);
    }

    @Override
    public final void onComplete() {
        if (done) {
            return;
        }
        done = true;
        R r;
        try {
            r = result();
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            error(e);
            return;
        }
        if (r == null) {
            completeEmpty();
        } else {
            complete(r);
        }
    }

    /** Ends early with {@code r} (null: empty): cancels upstream. */
    final void finish(R r) {
        if (done) {
            return;
        }
        done = true;
        upstream.cancel();
        if (r == null) {
            completeEmpty();
        } else {
            complete(r);
        }
    }

    @Override
    protected final void onCancel() {
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
    }

    /** Folds one value in; may throw (the stream then fails) or call {@link #finish}. */
    abstract void accept(T t) throws Exception;

    /** The result once upstream completed; null for "no value". */
    abstract R result() throws Exception;
}
