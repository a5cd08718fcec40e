package dev.rill;

import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;

/**
 * {@code ParallelRill.filter}: {@code filter} on every rail, with {@link RillFilter}'s subscriber.
 * A predicate that throws fails its rail.
 *
 * <p>Threading: each rail's values on that rail's thread.
 */
final class ParallelFilter<T> extends ParallelOperator<T, T> {

    private final Predicate<? super T> predicate;

    ParallelFilter(ParallelRill<T> source, Predicate<? super T> predicate) {
        super(source);
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    Subscriber<? super T> subscribeRail(Subscriber<? super T> rail) {
        return new RillFilter.FilterSubscriber<>(rail, predicate);
    }
}
