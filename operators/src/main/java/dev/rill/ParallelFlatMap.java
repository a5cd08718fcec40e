package dev.rill;

import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code ParallelRill.flatMap}: {@code flatMap} on every rail, with {@link RillFlatMap}'s merge:
 * each rail merges the inners of its own values.
 *
 * <p>Threading: each rail as {@link RillFlatMap.MergeSubscriber}.
 */
final class ParallelFlatMap<T, R> extends ParallelOperator<T, R> {

    private final Function<? super T, ? extends Publisher<? extends R>> mapper;
    private final int maxConcurrency;
    private final int prefetch;

    ParallelFlatMap(ParallelRill<T> source, Function<? super T, ? extends Publisher<? extends R>> mapper,
                    int maxConcurrency, int prefetch) {
        super(source);
        if (maxConcurrency <= 0) {
            throw new IllegalArgumentException("flatMap: maxConcurrency must be positive, was " + maxConcurrency);
        }
        if (prefetch <= 0) {
            throw new IllegalArgumentException("flatMap: prefetch must be positive, was " + prefetch);
        }
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.maxConcurrency = maxConcurrency;
        this.prefetch = prefetch;
    }

    @Override
    Subscriber<? super T> subscribeRail(Subscriber<? super R> rail) {
        return new RillFlatMap.MergeSubscriber<>(rail, mapper, maxConcurrency, prefetch, false);
    }
}
