package dev.rill;

import dev.rill.signal.Exceptions;
import dev.rill.signal.Subscriptions;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collector;
import org.reactivestreams.Subscriber;

/**
 * {@code collect(Collector)} and {@code collectList}: every value into a container made per
 * subscriber, finished and emitted when the source completes (an empty source gives the empty
 * container).
 */
final class RillCollect<T, A, R> extends RillOperator<T, R> {

    private final Rill<? extends T> source;
    private final Collector<? super T, A, ? extends R> collector;

    RillCollect(Rill<? extends T> source, Collector<? super T, A, ? extends R> collector) {
        this.source = source;
        this.collector = Objects.requireNonNull(collector, "collector");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super R> s) {
        A container;
        try {
            Supplier<A> supplier = collector.supplier();
            container = Exceptions.requireNonNull(supplier.get(), "collect: the collector's supplier");
        } catch (Throwable e) {
            Exceptions.throwIfFatal(e);
            Subscriptions.error(s, e);
            return null;
        }
        return new CollectSubscriber<>(s, container, collector);
    }

    static final class CollectSubscriber<T, A, R> extends ScalarResultSubscriber<T, R> {
        private final Collector<? super T, A, ? extends R> collector;
        private A container;

        CollectSubscriber(Subscriber<? super R> downstream, A container, Collector<? super T, A, ? extends R> collector) {
            super(downstream);
            this.container = container;
            this.collector = collector;
        }

        @Override
        void accept(T t) {
            collector.accumulator().accept(container, t);
        }

        @Override
        R result() {
            A c = container;
            container = null;
            return Exceptions.requireNonNull(collector.finisher().apply(c), "collect: the collector's finisher");
        }
    }
}
