package dev.rill.tck;

import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;

/**
 * A subscriber to check from the outside only ({@link Conformance#subscriber}, the TCK's blackbox
 * verification): a fresh subscriber per test, and the values the TCK should feed it. The TCK sees
 * only what the subscriber does to its subscription (requests, cancels); to let it also see what
 * the subscriber receives, use {@link WhiteboxSubscriberUnderTest}.
 *
 * <pre>{@code Conformance.subscriber("my sink", SubscriberUnderTest.of(MySink::new, i -> "v" + i)).run();}</pre>
 *
 * <p>Threading: the runner calls it from its own threads, one test at a time.
 */
public interface SubscriberUnderTest<T> {

    /** A new subscriber, never subscribed before. */
    Subscriber<T> create();

    /** The {@code i}th value to send it (any value of its type; distinct values make failures clearer). */
    T element(int i);

    /**
     * Makes {@code subscriber} request more, for a subscriber that requests only when told (the
     * TCK calls it when a test needs demand). The default does nothing: most subscribers request
     * on their own.
     */
    default void triggerRequest(Subscriber<? super T> subscriber) {
    }

    /** The subject made of a subscriber factory and an element generator. */
    static <T> SubscriberUnderTest<T> of(Supplier<? extends Subscriber<T>> subscribers, IntFunction<? extends T> elements) {
        Objects.requireNonNull(subscribers, "subscribers");
        Objects.requireNonNull(elements, "elements");
        return new SubscriberUnderTest<>() {
            @Override
            public Subscriber<T> create() {
                return subscribers.get();
            }

            @Override
            public T element(int i) {
                return elements.apply(i);
            }
        };
    }
}
