package dev.rill;

import org.reactivestreams.Subscriber;

/**
 * {@code retry(n)} and {@code repeat(n)}: subscribe to the source again after an error (retry) or
 * after completion (repeat), up to {@code n} more times; demand carries over, and the
 * resubscription is trampolined (constant stack for synchronous sources).
 */
final class RillResubscribe<T> extends Rill<T> {

    private final Rill<T> source;
    private final long times;
    private final boolean onError;

    /** @param onError true for retry (resubscribe on error), false for repeat (on completion) */
    RillResubscribe(Rill<T> source, long times, boolean onError) {
        if (times < 0) {
            throw new IllegalArgumentException((onError ? "retry" : "repeat") + ": times must not be negative, was " + times);
        }
        this.source = source;
        this.times = times;
        this.onError = onError;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        ResubscribeSubscriber<T> r = new ResubscribeSubscriber<>(s, this);
        r.switchTo(source);
    }

    static final class ResubscribeSubscriber<T> extends SwitchingSubscriber<T> {
        private final RillResubscribe<T> parent;
        private long left;

        ResubscribeSubscriber(Subscriber<? super T> downstream, RillResubscribe<T> parent) {
            super(downstream);
            this.parent = parent;
            this.left = parent.times;
        }

        @Override
        public void onError(Throwable t) {
            if (parent.onError && left-- > 0) {
                switchTo(parent.source);
            } else {
                done(t);
            }
        }

        @Override
        public void onComplete() {
            if (!parent.onError && left-- > 0) {
                switchTo(parent.source);
            } else {
                done(null);
            }
        }
    }
}
