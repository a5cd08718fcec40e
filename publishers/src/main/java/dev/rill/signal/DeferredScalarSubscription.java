package dev.rill.signal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscriber;

/**
 * Emits at most one value, whenever both it is known and the downstream has asked: the subscription
 * of {@code fromCallable}, {@code fromCompletionStage} and of every operator whose result is a
 * single value ({@code reduce}, {@code count}, {@code collectList}, ...). The value may come before
 * or after the request, from any thread; exactly one {@code onNext} + {@code onComplete} results.
 *
 * <p>Threading: {@link #complete(Object)} once, from any thread; {@code request}/{@code cancel}
 * from any thread.
 */
public class DeferredScalarSubscription<T> implements QueueSubscription<T> {

    private static final int NO_REQUEST_NO_VALUE = 0;
    private static final int NO_REQUEST_HAS_VALUE = 1;
    private static final int HAS_REQUEST_NO_VALUE = 2;
    private static final int DONE = 3;
    private static final int CANCELLED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(DeferredScalarSubscription.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected final Subscriber<? super T> downstream;
    /** Written before the state change that publishes it. */
    private T value;
    @SuppressWarnings("unused")
    private volatile int state;

    public DeferredScalarSubscription(Subscriber<? super T> downstream) {
        this.downstream = downstream;
    }

    /** The value is known: emit it now if requested, else keep it for the request. */
    public final void complete(T v) {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s == HAS_REQUEST_NO_VALUE) {
                if (STATE.compareAndSet(this, s, DONE)) {
                    downstream.onNext(v);
                    if ((int) STATE.getVolatile(this) != CANCELLED) {
                        downstream.onComplete();
                    }
                    return;
                }
            } else if (s == NO_REQUEST_NO_VALUE) {
                value = v;
                if (STATE.compareAndSet(this, s, NO_REQUEST_HAS_VALUE)) {
                    return;
                }
                value = null;
            } else {
                return; // cancelled, or already done
            }
        }
    }

    /** No value: complete empty (unless cancelled). */
    public final void completeEmpty() {
        if ((int) STATE.getAndSet(this, DONE) != CANCELLED) {
            downstream.onComplete();
        }
    }

    /** Fails (unless cancelled or done; then the error goes to {@link Hooks}). */
    public final void error(Throwable e) {
        int s = (int) STATE.getAndSet(this, DONE);
        if (s == CANCELLED || s == DONE) {
            if (s == CANCELLED) {
                STATE.setVolatile(this, CANCELLED);
            }
            Hooks.onErrorDropped(e);
            return;
        }
        value = null;
        downstream.onError(e);
    }

    @Override
    public void request(long n) {
        if (!Demand.isValid(n)) {
            int s = (int) STATE.getAndSet(this, CANCELLED);
            onCancel();
            if (s != CANCELLED && s != DONE) {
                value = null;
                downstream.onError(Demand.nonPositive(n));
            }
            return;
        }
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s == NO_REQUEST_NO_VALUE) {
                if (STATE.compareAndSet(this, s, HAS_REQUEST_NO_VALUE)) {
                    return;
                }
            } else if (s == NO_REQUEST_HAS_VALUE) {
                if (STATE.compareAndSet(this, s, DONE)) {
                    T v = value;
                    value = null;
                    downstream.onNext(v);
                    if ((int) STATE.getVolatile(this) != CANCELLED) {
                        downstream.onComplete();
                    }
                    return;
                }
            } else {
                return;
            }
        }
    }

    @Override
    public void cancel() {
        if ((int) STATE.getAndSet(this, CANCELLED) != CANCELLED) {
            value = null;
            onCancel();
        }
    }

    /** True once cancelled. */
    public final boolean isCancelled() {
        return (int) STATE.getVolatile(this) == CANCELLED;
    }

    /** Called once when the downstream cancels (or requests illegally); for upstream cleanup. */
    protected void onCancel() {
    }

    @Override
    public int requestFusion(int mode) {
        return NONE;
    }

    @Override
    public T poll() {
        return null;
    }

    @Override
    public boolean isEmpty() {
        return true;
    }

    @Override
    public void clear() {
    }

    @Override
    public int size() {
        return 0;
    }
}
