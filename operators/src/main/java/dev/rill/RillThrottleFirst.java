package dev.rill;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;

/**
 * {@code throttleFirst(Duration)}: emits a value, then drops every value that arrives within
 * {@code window} of it. Unlike {@code sample} it honours backpressure: values are only emitted
 * from the upstream's own {@code onNext}, against demand the downstream passed up, and a dropped
 * value is replaced with {@code request(1)} (or not asked for at all by a conditional upstream).
 *
 * <p>The timer only reopens the gate (a volatile flag); it never emits, so nothing needs
 * serializing. Threading: upstream signals serialized; the timer on the scheduler's thread.
 */
final class RillThrottleFirst<T> extends RillOperator<T, T> {

    private final Rill<? extends T> source;
    private final long nanos;
    private final Scheduler scheduler;

    RillThrottleFirst(Rill<? extends T> source, Duration window, Scheduler scheduler) {
        this.source = source;
        this.nanos = Durations.positiveNanos("throttleFirst", "window", window);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    Rill<? extends T> source() {
        return source;
    }

    @Override
    Subscriber<? super T> subscribeOrReturn(Subscriber<? super T> s) {
        return new ThrottleFirstSubscriber<>(s, nanos, scheduler);
    }

    static final class ThrottleFirstSubscriber<T> extends UnfusedSubscriber<T, T> implements Rejectable {
        private final long nanos;
        private final Scheduler scheduler;
        /** Closed by an emission (upstream thread), reopened by the timer. */
        private volatile boolean gateClosed;
        private volatile Cancellable timer;
        private volatile boolean cancelled;
        /** The scheduler dropped the timer that would reopen the gate (it closed). */
        private volatile Throwable gateLost;

        ThrottleFirstSubscriber(Subscriber<? super T> downstream, long nanos, Scheduler scheduler) {
            super(downstream);
            this.nanos = nanos;
            this.scheduler = scheduler;
        }

        @Override
        public boolean tryOnNext(T t) {
            if (done) {
                return false;
            }
            if (gateClosed) {
                Throwable lost = gateLost;
                if (lost != null) {
                    fail(lost); // on the upstream's thread, so serial with its other signals
                    return true;
                }
                return false;
            }
            gateClosed = true;
            try {
                timer = scheduler.schedule(this, nanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                fail(e);
                return true;
            }
            if (cancelled) {
                stopTimer();
            }
            return emit(t);
        }

        @Override
        public void run() {
            gateClosed = false;
        }

        /** The gate would never reopen: the next value (or the end) fails the stream instead. */
        @Override
        public void rejected(RejectedExecutionException cause) {
            gateLost = cause;
        }

        @Override
        public void onError(Throwable t) {
            stopTimer();
            super.onError(t);
        }

        @Override
        public void onComplete() {
            stopTimer();
            Throwable lost = gateLost;
            if (lost != null && gateClosed) {
                super.onError(lost);
                return;
            }
            super.onComplete();
        }

        @Override
        public void cancel() {
            cancelled = true;
            super.cancel();
            stopTimer();
        }

        private void stopTimer() {
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }
    }
}
