package dev.rill;

import org.reactivestreams.Subscriber;

/**
 * {@code last}: the last value, once the source completes; an empty source completes empty.
 */
final class RillLast<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;

    RillLast(Rill<? extends T> source) {
        this.source = source;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new LastSubscriber<>(s);
    }

    static final class LastSubscriber<T> extends ScalarResultSubscriber<T, T> {
        private T last;

        LastSubscriber(Subscriber<? super T> downstream) {
            super(downstream);
        }

        @Override
        void accept(T t) {
            last = t;
        }

        @Override
        T result() {
            return last;
        }
    }
}
