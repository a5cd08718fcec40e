package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;

/**
 * What {@code rill.subscribe(onNext, onError, onComplete)} subscribes: requests everything and
 * calls the lambdas. It is the {@link Cancellable} handed back. A throwing {@code onNext} cancels
 * upstream and goes to {@code onError}; a throwing {@code onError} (or a missing one) goes to
 * {@link Hooks#onErrorDropped}.
 *
 * <p>Threading: {@code onXxx} serialized from upstream; {@link #cancel()} from any thread.
 */
final class LambdaSubscriber<T> implements CoreSubscriber<T>, Cancellable {

    private static final VarHandle UPSTREAM;

    static {
        try {
            UPSTREAM = MethodHandles.lookup().findVarHandle(LambdaSubscriber.class, "upstream", Subscription.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Consumer<? super T> onNext;
    private final Consumer<? super Throwable> onError;
    private final Runnable onComplete;
    @SuppressWarnings("unused")
    private volatile Subscription upstream;
    private boolean done;

    /** Any lambda may be null; a null {@code onError} sends errors to {@link Hooks#onErrorDropped}. */
    LambdaSubscriber(Consumer<? super T> onNext, Consumer<? super Throwable> onError, Runnable onComplete) {
        this.onNext = onNext;
        this.onError = onError;
        this.onComplete = onComplete;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Subscriptions.setOnce(UPSTREAM, this, s)) {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(T t) {
        Objects.requireNonNull(t, "§2.13 violated: onNext(null)");
        if (done) {
            return;
        }
        if (onNext != null) {
            try {
                onNext.accept(t);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                cancel();
                onError(e);
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        Objects.requireNonNull(t, "§2.13 violated: onError(null)");
        if (done) {
            Hooks.onErrorDropped(t);
            return;
        }
        done = true;
        UPSTREAM.setVolatile(this, Subscriptions.CANCELLED);
        if (onError == null) {
            Hooks.onErrorDropped(t);
            return;
        }
        try {
            onError.accept(t);
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            e.addSuppressed(t);
            Hooks.onErrorDropped(e);
        }
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        done = true;
        UPSTREAM.setVolatile(this, Subscriptions.CANCELLED);
        if (onComplete != null) {
            try {
                onComplete.run();
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                Hooks.onErrorDropped(e);
            }
        }
    }

    @Override
    public void cancel() {
        Subscriptions.cancel(UPSTREAM, this);
    }

    @Override
    public boolean isCancelled() {
        return UPSTREAM.getVolatile(this) == Subscriptions.CANCELLED;
    }
}
