package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.Exceptions;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;

/**
 * {@code retryWhen(Retry)}: after an error, asks the {@link Retry} spec whether to end (the error
 * itself, or the exhausted error) or to resubscribe, at once or after a delay on the scheduler's
 * timer wheel. Demand carries over to each new subscription and resubscribing is trampolined
 * ({@link SwitchingSubscriber}), so a failing synchronous source retries in constant stack.
 *
 * <p>Threading: the decision runs in the failing subscription's {@code onError}; after a delay the
 * new subscription starts on the timer's thread. No source is active while a timer is armed, so
 * signals stay serialized; a cancel during a delay cancels the timer.
 */
final class RillRetryWhen<T> extends Rill<T> {

    private final Rill<T> source;
    private final Retry retry;
    private final Scheduler scheduler;

    RillRetryWhen(Rill<T> source, Retry retry) {
        this.source = source;
        this.retry = Objects.requireNonNull(retry, "retrySpec");
        retry.validate();
        // Resolved at assembly, so a spec made outside StepVerifier.withVirtualTime still runs on
        // the virtual clock of the assembly that uses it; a spec without delays needs none.
        Scheduler given = retry.scheduler();
        this.scheduler = retry instanceof Retry.RetryBackoffSpec && given == null ? defaultTime() : given;
    }

    @Override
    protected void subscribeActual(Subscriber<? super T> s) {
        new RetryWhenSubscriber<>(s, source, retry, scheduler).switchTo(source);
    }

    static final class RetryWhenSubscriber<T> extends SwitchingSubscriber<T> {
        private final Rill<T> source;
        private final Retry retry;
        private final Scheduler scheduler;
        private long totalRetries;
        private long retriesInARow;
        /** The armed delay; cancelled with the stream. */
        private volatile Cancellable timer;

        RetryWhenSubscriber(Subscriber<? super T> downstream, Rill<T> source, Retry retry, Scheduler scheduler) {
            super(downstream);
            this.source = source;
            this.retry = retry;
            this.scheduler = scheduler;
        }

        @Override
        public void onNext(T t) {
            retriesInARow = 0;
            super.onNext(t);
        }

        @Override
        public void onComplete() {
            done(null);
        }

        @Override
        public void onError(Throwable t) {
            Retry.RetrySignal signal = new Retry.Signal(totalRetries, retriesInARow, t);
            totalRetries++;
            retriesInARow++;
            long delay;
            try {
                Throwable end = retry.endFor(signal);
                if (end != null) {
                    done(end);
                    return;
                }
                retry.beforeRetry(signal);
                delay = retry.delayNanos(signal);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                done(e);
                return;
            }
            if (delay == 0) {
                resubscribe(signal);
            } else {
                arm(signal, delay);
            }
        }

        private void arm(Retry.RetrySignal signal, long delayNanos) {
            Cancellable c;
            try {
                c = scheduler.schedule(new Delay(signal), delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                done(e);
                return;
            }
            timer = c;
            if (isCancelled()) {
                c.cancel(); // the cancel came before the timer was stored
            }
        }

        /** After the delay (if any): the after-hook, then the next subscription. */
        void resubscribe(Retry.RetrySignal signal) {
            if (isCancelled()) {
                return;
            }
            try {
                retry.afterRetry(signal);
            } catch (Throwable e) {
                Exceptions.throwIfFatal(e);
                done(e);
                return;
            }
            switchTo(source);
        }

        @Override
        public void cancel() {
            super.cancel();
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }

        /** The armed delay; dropped unrun by a closing scheduler, it fails the stream. */
        private final class Delay implements Rejectable {
            private final Retry.RetrySignal signal;

            Delay(Retry.RetrySignal signal) {
                this.signal = signal;
            }

            @Override
            public void run() {
                resubscribe(signal);
            }

            @Override
            public void rejected(RejectedExecutionException cause) {
                if (!isCancelled()) {
                    done(cause);
                }
            }
        }
    }
}
