package dev.rill;

import org.reactivestreams.Subscriber;

/** {@code skip(n)}: drops the first {@code n} values (each replaced by a request), then passes the rest. */
final class RillSkip<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final long count;

    RillSkip(Rill<? extends T> source, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("skip: n must not be negative, was " + count);
        }
        this.source = source;
        this.count = count;
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new SkipSubscriber<>(s, count);
    }

    static final class SkipSubscriber<T> extends UnfusedSubscriber<T, T> {
        private long remaining;

        SkipSubscriber(Subscriber<? super T> downstream, long count) {
            super(downstream);
            this.remaining = count;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            if (remaining > 0) {
                remaining--;
                return false;
            }
            return emit(t);
        }
    }
}
