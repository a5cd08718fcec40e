package dev.rill;

import dev.rill.signal.ScalarCallable;
import dev.rill.signal.ScalarSupplier;
import org.reactivestreams.Publisher;

/**
 * Macro-fusion of constant and callable sources: reads the one value of {@code just}, {@code
 * empty} or {@code fromCallable} without subscribing. Used by the operators that subscribe to
 * publishers they are handed ({@code flatMap}, {@code concatMap}, {@code switchMap}).
 */
final class Scalar {

    /** What {@link #valueOf} returns for a publisher that must be subscribed to. */
    static final Object NOT_SCALAR = new Object();

    private Scalar() {
    }

    /**
     * The publisher's value; {@code null} if it is empty; {@link #NOT_SCALAR} if it is neither a
     * constant nor a callable.
     *
     * @throws Exception what a callable source throws (its subscriber would have got it as an error)
     */
    static Object valueOf(Publisher<?> p) throws Exception {
        if (p instanceof ScalarSupplier<?> s) {
            return s.get();
        }
        if (p instanceof ScalarCallable<?> c) {
            return c.call();
        }
        return NOT_SCALAR;
    }
}
