package dev.rill.tck;

import org.reactivestreams.Publisher;

/**
 * A publisher to check ({@link Conformance#publisher}): how to make one that emits a given number
 * of values, and what it can do. Implement it with a public no-argument constructor for the command
 * line, or pass a lambda.
 *
 * <pre>{@code Conformance.publisher("my range", n -> new MyRange(0, n)).run().conforms();}</pre>
 *
 * <p>Threading: the runner calls it from its own threads, one test at a time.
 */
@FunctionalInterface
public interface PublisherUnderTest<T> {

    /** A publisher that emits exactly {@code elements} values and then completes. */
    Publisher<T> create(long elements);

    /**
     * The most elements {@link #create} can produce; tests that need more are skipped (the report
     * says how many they need). The default, {@code Long.MAX_VALUE - 1}, is the TCK's: an unbounded
     * source that can still complete. {@code Long.MAX_VALUE} means it never completes.
     */
    default long maxElements() {
        return Long.MAX_VALUE - 1;
    }

    /** A publisher that signals {@code onError} right after {@code onSubscribe}; null skips those tests. */
    default Publisher<T> failed() {
        return null;
    }
}
