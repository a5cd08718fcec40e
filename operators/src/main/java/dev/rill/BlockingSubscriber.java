package dev.rill;

import dev.rill.signal.CoreSubscriber;
import dev.rill.signal.Durations;
import dev.rill.signal.Exceptions;
import dev.rill.signal.Hooks;
import dev.rill.signal.Subscriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;

/**
 * What {@code blockFirst} and {@code blockLast} subscribe: waits on the calling thread for the
 * first (then cancels) or last value. An error is rethrown (unchecked as is, checked ones wrapped
 * in a {@link RuntimeException}); a timeout cancels and throws {@link IllegalStateException}; an
 * interrupt cancels and rethrows as {@link IllegalStateException} with the interrupt flag set.
 * Never call it from an engine worker: it blocks the thread.
 *
 * <p>Threading: {@code onXxx} from upstream; {@link #await} by the blocked caller.
 */
final class BlockingSubscriber<T> implements CoreSubscriber<T> {

    private static final VarHandle UPSTREAM;

    static {
        try {
            UPSTREAM = MethodHandles.lookup().findVarHandle(BlockingSubscriber.class, "upstream", Subscription.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean first;
    private final CountDownLatch done = new CountDownLatch(1);
    @SuppressWarnings("unused")
    private volatile Subscription upstream;
    private T value;
    private Throwable error;

    BlockingSubscriber(boolean first) {
        this.first = first;
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
        if (done.getCount() == 0) {
            return;
        }
        value = t;
        if (first) {
            Subscriptions.cancel(UPSTREAM, this);
            done.countDown();
        }
    }

    @Override
    public void onError(Throwable t) {
        Objects.requireNonNull(t, "§2.13 violated: onError(null)");
        if (done.getCount() == 0) {
            Hooks.onErrorDropped(t);
            return;
        }
        error = t;
        done.countDown();
    }

    @Override
    public void onComplete() {
        done.countDown();
    }

    /** Waits for the result; null if the source was empty. {@code timeout} null waits forever. */
    public T await(Duration timeout) {
        try {
            if (timeout == null) {
                done.await();
            } else if (!done.await(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS)) {
                Subscriptions.cancel(UPSTREAM, this);
                throw new IllegalStateException("no result within " + timeout);
            }
        } catch (InterruptedException e) {
            Subscriptions.cancel(UPSTREAM, this);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while blocking", e);
        }
        Throwable e = error;
        if (e != null) {
            Exceptions.throwIfFatal(e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error er) {
                throw er;
            }
            throw new RuntimeException(e);
        }
        return value;
    }
}
