package dev.rill.publishers;

import dev.rill.signal.ScalarSupplier;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Completes at once, with no value. A constant ({@link ScalarSupplier} returning null).
 *
 * <pre>{@code EmptyPublisher.<String>instance().subscribe(s);}</pre>
 */
public final class EmptyPublisher<T> implements Publisher<T>, ScalarSupplier<T> {

    private static final EmptyPublisher<Object> INSTANCE = new EmptyPublisher<>();

    private EmptyPublisher() {
    }

    /** The shared instance. */
    @SuppressWarnings("unchecked")
    public static <T> EmptyPublisher<T> instance() {
        return (EmptyPublisher<T>) INSTANCE;
    }

    @Override
    public T get() {
        return null;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        Subscriptions.complete(s);
    }
}
