package dev.rill.tck;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.IntFunction;

/**
 * {@link ProcessorUnderTest} for a {@link Flow.Processor} ({@link Conformance#flowProcessor}).
 *
 * <p>Threading: the runner calls it from its own threads, one test at a time.
 */
public interface FlowProcessorUnderTest<T> {

    /**
     * A new processor that emits what it receives, in order. {@code bufferSize} is how many values
     * it may hold for a slow subscriber; the TCK expects no more than that before demand arrives.
     */
    Flow.Processor<T, T> create(int bufferSize);

    /** The {@code i}th value to send it. */
    T element(int i);

    /** A publisher that signals {@code onError} right after {@code onSubscribe}; null skips those tests. */
    default Flow.Publisher<T> failed() {
        return null;
    }

    /** As {@link ProcessorUnderTest#maxElements()}: the most values one processor can pass on. */
    default long maxElements() {
        return Long.MAX_VALUE - 1;
    }

    /** How many subscribers one processor takes at once (1 for a unicast one); tests that need more skip. */
    default long maxSubscribers() {
        return Long.MAX_VALUE;
    }

    /**
     * True if a processor with several subscribers emits to all of them together (at the pace of the
     * slowest), as the TCK's multi-subscriber test then expects.
     */
    default boolean coordinatedEmission() {
        return false;
    }

    /** The subject made of a processor factory (given the buffer size) and an element generator. */
    static <T> FlowProcessorUnderTest<T> of(IntFunction<? extends Flow.Processor<T, T>> processors, IntFunction<? extends T> elements) {
        Objects.requireNonNull(processors, "processors");
        Objects.requireNonNull(elements, "elements");
        return new FlowProcessorUnderTest<>() {
            @Override
            public Flow.Processor<T, T> create(int bufferSize) {
                return processors.apply(bufferSize);
            }

            @Override
            public T element(int i) {
                return elements.apply(i);
            }
        };
    }
}
