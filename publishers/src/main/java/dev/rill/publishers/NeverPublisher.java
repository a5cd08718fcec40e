package dev.rill.publishers;

import dev.rill.signal.EmptySubscription;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Never signals anything after {@code onSubscribe}: no value, no completion, no error. For tests
 * and timeouts.
 *
 * <pre>{@code NeverPublisher.<String>instance().subscribe(s);}</pre>
 */
public final class NeverPublisher<T> implements Publisher<T> {

    private static final NeverPublisher<Object> INSTANCE = new NeverPublisher<>();

    private NeverPublisher() {
    }

    @SuppressWarnings("unchecked")
    public static <T> NeverPublisher<T> instance() {
        return (NeverPublisher<T>) INSTANCE;
    }

    @Override
    public void subscribe(Subscriber<? super T> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        s.onSubscribe(EmptySubscription.INSTANCE);
    }
}
