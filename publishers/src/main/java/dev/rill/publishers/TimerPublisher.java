package dev.rill.publishers;

import dev.rill.engine.Cancellable;
import dev.rill.engine.Rejectable;
import dev.rill.engine.Scheduler;
import dev.rill.signal.DeferredScalarSubscription;
import dev.rill.signal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * Emits {@code 0L} once, {@code delay} after subscription (on the scheduler's timer wheel), then
 * completes. If the value comes before a request, it waits for it. Cancelling cancels the timer. A
 * timer its scheduler drops unrun (it closed) ends the stream with that error.
 *
 * <pre>{@code new TimerPublisher(Duration.ofSeconds(1), Engine.common())}</pre>
 */
public final class TimerPublisher implements Publisher<Long> {

    private final long delayNanos;
    private final Scheduler scheduler;

    /** @throws NullPointerException if an argument is null */
    public TimerPublisher(Duration delay, Scheduler scheduler) {
        this.delayNanos = Durations.saturatedNanos(Objects.requireNonNull(delay, "delay"));
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public void subscribe(Subscriber<? super Long> s) {
        Objects.requireNonNull(s, "§1.9: subscriber must not be null");
        TimerSubscription t = new TimerSubscription(s);
        s.onSubscribe(t);
        try {
            t.timer = scheduler.schedule(t, delayNanos, TimeUnit.NANOSECONDS);
            if (t.isCancelled()) {
                t.timer.cancel();
            }
        } catch (RuntimeException rejected) {
            t.error(rejected);
        }
    }

    /** The subscription, and the timer's work. */
    static final class TimerSubscription extends DeferredScalarSubscription<Long> implements Rejectable {
        volatile Cancellable timer;

        TimerSubscription(Subscriber<? super Long> downstream) {
            super(downstream);
        }

        @Override
        public void run() {
            complete(0L);
        }

        @Override
        public void rejected(RejectedExecutionException cause) {
            error(cause);
        }

        @Override
        protected void onCancel() {
            Cancellable c = timer;
            if (c != null) {
                c.cancel();
            }
        }
    }
}
