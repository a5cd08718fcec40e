package dev.rill;

import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Subscriber;

/**
 * {@code ParallelRill.map}: {@code map} on every rail, with {@link RillMap}'s subscriber (fusable,
 * conditional). A mapper that throws or returns null fails its rail.
 *
 * <p>Threading: each rail's values on that rail's thread.
 */
final class ParallelMap<T, R> extends ParallelOperator<T, R> {

    private final Function<? super T, ? extends R> mapper;

    ParallelMap(ParallelRill<T> source, Function<? super T, ? extends R> mapper) {
        super(source);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    Subscriber<? super T> subscribeRail(Subscriber<? super R> rail) {
        return new RillMap.MapSubscriber<>(rail, mapper);
    }
}
