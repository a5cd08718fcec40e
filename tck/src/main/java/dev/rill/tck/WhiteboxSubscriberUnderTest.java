package dev.rill.tck;

import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;

/**
 * A subscriber to check from the inside ({@link Conformance#whiteboxSubscriber}, the TCK's
 * whitebox verification), with nothing to learn about the TCK's probe: give a plain subscriber
 * factory and the values to feed it. The runner wraps each subscriber so that the TCK sees every
 * signal it receives (after the subscriber has handled it), and drives demand and cancellation
 * through the very subscription the subscriber was given, as if the subscriber had asked.
 *
 * <pre>{@code Conformance.whiteboxSubscriber("my sink", WhiteboxSubscriberUnderTest.of(MySink::new, i -> i)).run();}</pre>
 *
 * <p>A subscriber that requests on its own (say everything in {@code onSubscribe}) still works; some
 * whitebox tests then do not apply and are reported as skipped.
 *
 * <p>Threading: the runner calls it from its own threads, one test at a time.
 */
public interface WhiteboxSubscriberUnderTest<T> {

    /** A new subscriber, never subscribed before. */
    Subscriber<T> create();

    /** The {@code i}th value to send it. */
    T element(int i);

    /** The subject made of a subscriber factory and an element generator. */
    static <T> WhiteboxSubscriberUnderTest<T> of(Supplier<? extends Subscriber<T>> subscribers,
            IntFunction<? extends T> elements) {
        Objects.requireNonNull(subscribers, "subscribers");
        Objects.requireNonNull(elements, "elements");
        return new WhiteboxSubscriberUnderTest<>() {
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
