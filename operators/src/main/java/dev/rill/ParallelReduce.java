package dev.rill;

import dev.rill.signal.Exceptions;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.reactivestreams.Subscriber;

/**
 * {@code ParallelRill.reduce}: every rail folds its values into one, with {@link RillReduce}'s
 * subscriber, and emits it when the rail completes. With a seed each rail starts from a fresh one
 * (so an empty rail emits its seed); without, an empty rail emits nothing. A seed supplier that
 * throws or gives null fails every rail before the source is subscribed.
 *
 * <p>Threading: each rail's fold on that rail's thread.
 */
final class ParallelReduce<T, R> extends ParallelOperator<T, R> {

    private final Supplier<R> seed;
    private final BiFunction<R, ? super T, R> reducer;

    /** @param seed null for the seedless form, where R = T */
    ParallelReduce(ParallelRill<T> source, Supplier<R> seed, BiFunction<R, ? super T, R> reducer) {
        super(source);
        this.seed = seed;
        this.reducer = Objects.requireNonNull(reducer, "reducer");
    }

    @Override
    Subscriber<? super T> subscribeRail(Subscriber<? super R> rail) {
        R initial = null;
        if (seed != null) {
            initial = Exceptions.requireNonNull(seed.get(), "reduce: the initial supplier");
        }
        return new RillReduce.ReduceSubscriber<>(rail, initial, reducer);
    }
}
