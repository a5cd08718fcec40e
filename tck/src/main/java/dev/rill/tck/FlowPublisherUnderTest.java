package dev.rill.tck;

import java.util.concurrent.Flow;

/**
 * {@link PublisherUnderTest} for a {@link Flow.Publisher}, checked by the TCK's Flow twin
 * ({@link Conformance#flowPublisher}).
 *
 * <pre>{@code Conformance.flowPublisher("my flow range", n -> new MyFlowRange(0, n)).run();}</pre>
 *
 * <p>Threading: the runner calls it from its own threads, one test at a time.
 */
@FunctionalInterface
public interface FlowPublisherUnderTest<T> {

    /** A publisher that emits exactly {@code elements} values and then completes. */
    Flow.Publisher<T> create(long elements);

    /** As {@link PublisherUnderTest#maxElements()}. */
    default long maxElements() {
        return Long.MAX_VALUE - 1;
    }

    /** A publisher that signals {@code onError} right after {@code onSubscribe}; null skips those tests. */
    default Flow.Publisher<T> failed() {
        return null;
    }
}
