package dev.rill.publishers;

import dev.rill.signal.DeferredScalarSubscription;
import dev.rill.signal.Exceptions;
import dev.rill.signal.ScalarCallable;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Calls a {@link Callable} for each subscriber and emits its result. A callable that throws
 * signals {@code onError}; one that returns null signals a {@link NullPointerException}. It is a
 * {@link ScalarCallable}, so operators may call it directly instead of subscribing.
 *
 * <pre>{@code new CallablePublisher<>(() -> load()).subscribe(s);}</pre>
 */
public final class CallablePublisher<T> implements Publisher<T>, ScalarCallable<T> {

    private final Callable<? extends T> callable;

    /** @throws NullPointerException if {@code callable} is null */
    public CallablePublisher(Callable<? extends T> callable) {
        this.callable = Objects.requireNonNull(callable, "callable");
    }

    @Override
    public T call() throws Exception {
        return Exceptions.requireNonNull(callable.call(), "fromCallable: the callable");
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        DeferredScalarSubscription<T> d = new DeferredScalarSubscription<>(s);
        s.onSubscribe(d);
        if (d.isCancelled()) {
            return;
        }
        T v;
        try {
            v = call();
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            d.error(e);
            return;
        }
        d.complete(v);
    }
}
