package dev.rill;

import org.reactivestreams.Subscriber;

/**
 * {@code retry(times)}: subscribes to the source again after an error, up to {@code times} more times, then passes the last error on. Demand carries over to each new subscription, and resubscribing is
 * trampolined ({@link SwitchingSubscriber}), so a synchronous source runs in constant stack.
 */
final class RillRetry<T> extends Rill<T> {

    private final Rill<T> source;
    private final long times;

    RillRetry(Rill<T> source, long times) {
        if (times < 0) {
            throw new IllegalArgumentException("retry: times must not be negative, was " + times);
        }
        this.source = source;
        this.times = times;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        new RetrySubscriber<>(s, source, times).switchTo(source);
    }

    static final class RetrySubscriber<T> extends SwitchingSubscriber<T> {
        private final Rill<T> source;
        private long left;

        RetrySubscriber(Subscriber<? super T> downstream, Rill<T> source, long times) {
            super(downstream);
            this.source = source;
            this.left = times;
        }

        @Override
        public void onError(Throwable t) {
            if (left-- > 0) {
                switchTo(source);
            } else {
                done(t);
            }
        }

        @Override
        public void onComplete() {
            done(null);
        }
    }
}
