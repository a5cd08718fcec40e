package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.reactivestreams.Subscriber;

/**
 * {@code reduce}: folds every value into one result, emitted when the source completes. With a
 * seed (a fresh one per subscriber from {@code seed}), an empty source gives the seed; without,
 * an empty source gives an empty result.
 */
final class RillReduce<T, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final Callable<R> seed;
    private final BiFunction<R, ? super T, R> accumulator;

    /** @param seed null for the seedless form, where R = T and the first value starts the fold */
    RillReduce(Rill<? extends T> source, Callable<R> seed, BiFunction<R, ? super T, R> accumulator) {
        this.source = source;
        this.seed = seed;
        this.accumulator = Objects.requireNonNull(accumulator, "accumulator");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super R> s) {
        R initial = null;
        if (seed != null) {
            try {
                initial = Exceptions.requireNonNull(seed.call(), "reduce: the seed supplier");
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                Subscriptions.error(s, e);
                return null;
            }
        }
        return new ReduceSubscriber<>(s, initial, accumulator);
    }

    static final class ReduceSubscriber<T, R> extends ScalarResultSubscriber<T, R> {
        private final BiFunction<R, ? super T, R> accumulator;
        private R acc;

        ReduceSubscriber(Subscriber<? super R> downstream, R initial, BiFunction<R, ? super T, R> accumulator) {
            super(downstream);
            this.acc = initial;
            this.accumulator = accumulator;
        }

        @Override
        @SuppressWarnings("unchecked")
        void accept(T t) {
            R a = acc;
            acc = a == null ? (R) t : Exceptions.requireNonNull(accumulator.apply(a, t), "reduce: the accumulator");
        }

        @Override
        R result() {
            R r = acc;
            acc = null;
            return r;
        }
    }
}
