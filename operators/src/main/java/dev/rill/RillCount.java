package dev.rill;

import org.reactivestreams.Subscriber;

/** {@code count}: the number of values, emitted when the source completes. */
final class RillCount<T> extends RillOperator<T, Long> {

    private final Rill<? extends T> source;

    RillCount(Rill<? extends T> source) {
        this.source = source;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super Long> s) {
        return new CountSubscriber<>(s);
    }

    static final class CountSubscriber<T> extends ScalarResultSubscriber<T, Long> {
        private long count;

        CountSubscriber(Subscriber<? super Long> downstream) {
            super(downstream);
        }

        @Override
        void accept(T t) {
            count++;
        }

        @Override
        Long result() {
            return count;
        }
    }
}
