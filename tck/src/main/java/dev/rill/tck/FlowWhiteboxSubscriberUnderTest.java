package dev.rill.tck;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * {@link WhiteboxSubscriberUnderTest} for a {@link Flow.Subscriber}
 * ({@link Conformance#flowWhiteboxSubscriber}): the same wrapping, no probe to write.
 *
 * <p>Threading: the runner calls it from its own threads, one test at a time.
 */
public interface FlowWhiteboxSubscriberUnderTest<T> {

    /** A new subscriber, never subscribed before. */
    Flow.Subscriber<T> create();

    /** The {@code i}th value to send it. */
    T element(int i);

    /** The subject made of a subscriber factory and an element generator. */
    static <T> FlowWhiteboxSubscriberUnderTest<T> of(Supplier<? extends Flow.Subscriber<T>> subscribers,
            IntFunction<? extends T> elements) {
        Objects.requireNonNull(subscribers, "subscribers");
        Objects.requireNonNull(elements, "elements");
        return new FlowWhiteboxSubscriberUnderTest<>() {
            @Override
            public Flow.Subscriber<T> create() {
                return subscribers.get();
            }

            @Override
            public T element(int i) {
                return elements.apply(i);
            }
        };
    }
}
