package dev.rill;

import org.reactivestreams.Subscriber;

/**
 * {@code repeat(times)}: subscribes to the source again after it completes, up to {@code times} more times, then completes. Demand carries over to each new subscription, and resubscribing is
 * trampolined ({@link SwitchingSubscriber}), so a synchronous source runs in constant stack.
 */
final class RillRepeat<T> extends Rill<T> {

    private final Rill<T> source;
    private final long times;

    RillRepeat(Rill<T> source, long times) {
        if (times < 0) {
            throw new IllegalArgumentException("repeat: times must not be negative, was " + times);
        }
        this.source = source;
        this.times = times;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        new RepeatSubscriber<>(s, source, times).switchTo(source);
    }

    static final class RepeatSubscriber<T> extends SwitchingSubscriber<T> {
        private final Rill<T> source;
        private long left;

        RepeatSubscriber(Subscriber<? super T> downstream, Rill<T> source, long times) {
            super(downstream);
            this.source = source;
            this.left = times;
        }

        @Override
        public void onComplete() {
            if (left-- > 0) {
                switchTo(source);
            } else {
                done(null);
            }
        }

        @Override
        public void onError(Throwable t) {
            done(t);
        }
    }
}
