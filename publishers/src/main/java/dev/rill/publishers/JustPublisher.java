package dev.rill.publishers;

import dev.rill.signal.ScalarSupplier;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits one value, then completes. Its value is a constant, so operators can read it at assembly
 * ({@link ScalarSupplier}). SYNC-fusable.
 *
 * <pre>{@code new JustPublisher<>("hello").subscribe(s);}</pre>
 */
public final class JustPublisher<T> implements Publisher<T>, ScalarSupplier<T> {

    private final T value;

    /** @throws NullPointerException if {@code value} is null */
    public JustPublisher(T value) {
        this.value = Objects.requireNonNull(value, "just: value must not be null");
    }

    @Override
    public T get() {
        return value;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        s.onSubscribe(new OneSubscription<>(s, value));
    }

    static final class OneSubscription<T> extends CursorSubscription<T> {
        private T value;

        OneSubscription(Subscriber<? super T> s, T value) {
            super(s);
            this.value = value;
        }

        @Override
        T produce() {
            T v = value;
            value = null;
            return v;
        }

        @Override
        boolean exhausted() {
            return value == null;
        }
    }
}
