package dev.rill;

import java.util.function.Consumer;
import org.reactivestreams.Subscriber;

/**
 * {@code ParallelRill.doOnNext}: {@code doOnNext} on every rail, with {@link RillPeek}'s
 * subscriber. An action that throws fails its rail.
 *
 * <p>Threading: each rail's values on that rail's thread.
 */
final class ParallelPeek<T> extends ParallelOperator<T, T> {

    private final RillPeek.Callbacks<T> callbacks;

    ParallelPeek(ParallelRill<T> source, Consumer<? super T> onNext) {
        super(source);
        this.callbacks = RillPeek.Callbacks.onNext(onNext);
    }

    @Override
    Subscriber<? super T> subscribeRail(Subscriber<? super T> rail) {
        return new RillPeek.PeekSubscriber<>(rail, callbacks);
    }
}
