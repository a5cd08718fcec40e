package dev.rill.tck;

import org.reactivestreams.Publisher;

/**
 * A publisher to check with {@link Conformance}: how to make one of a given length, and what it
 * can do. Implement it (with a public no-argument constructor, for the command line) or pass a
 * lambda to {@link Conformance#check}.
 *
 * <pre>{@code Conformance.check("my range", n -> new MyRange(0, n)).conforms();}</pre>
 */
@FunctionalInterface
public interface PublisherUnderTest<T> {

    /** A publisher that emits exactly {@code elements} values and then completes. */
    Publisher<T> create(long elements);

    /**
     * The most elements {@link #create} can produce; tests that need more are skipped. The
     * default, {@code Long.MAX_VALUE - 1}, is the TCK's: an unbounded source.
     */
    default long maxElements() {
        return Long.MAX_VALUE - 1;
    }

    /** A publisher that signals {@code onError} right after {@code onSubscribe}; null skips those tests. */
    default Publisher<T> failed() {
        return null;
    }
}
